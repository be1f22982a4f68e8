"""Mailed one-time keys: the 認証キー of a signup or an address change, and the login's
ワンタイムパスワード. One set of rules for every kind of key (KeyKind), enforced here only:

- a key is drawn with `secrets` from its kind's alphabet (SPEC "Rules": 10 characters without
  look-alikes for a 認証キー; issue #16: 6 digits for a login code);
- it is valid for its kind's lifetime from sending, and works once;
- a new key supersedes every older key of the same address, purpose and account;
- only an HMAC of the key is stored, and it is compared with `hmac.compare_digest`;
- wrong keys are counted per address, purpose and account over settings.AUTH_KEY_FAILURE_WINDOW,
  across all the keys sent in it; when the count reaches settings.AUTH_KEY_MAX_FAILURES (5) the
  current key is burned, and a new key does not reset the count: until the oldest counted wrong
  tries leave the window, each new key is burned by its first wrong try (its right key still
  works).

What a key is for (opening an account, moving one, finishing a login) is the caller's:
accounts.services, accounts.login_codes and accounts.counter_address.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import KEY_LENGTH, AuthKey, AuthKeyPurpose, AuthKeyState, User

# No 0/O or 1/I/L look-alikes: a key copied by hand from a small screen still works.
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class KeyKind:
    """How the keys of one purpose look and how long they live (`lifetime_setting` names the
    setting, read when a key is made, so that a deployment can change it)."""

    purpose: AuthKeyPurpose
    alphabet: str
    length: int
    lifetime_setting: str

    @property
    def lifetime(self) -> timedelta:
        return getattr(settings, self.lifetime_setting)

    def new_key(self) -> str:
        return "".join(secrets.choice(self.alphabet) for _ in range(self.length))


SIGNUP_KEY = KeyKind(AuthKeyPurpose.SIGNUP, KEY_ALPHABET, KEY_LENGTH, "AUTH_KEY_LIFETIME")
CHANGE_EMAIL_KEY = KeyKind(
    AuthKeyPurpose.CHANGE_EMAIL, KEY_ALPHABET, KEY_LENGTH, "AUTH_KEY_LIFETIME"
)
COUNTER_CHANGE_EMAIL_KEY = KeyKind(
    AuthKeyPurpose.COUNTER_CHANGE_EMAIL, KEY_ALPHABET, KEY_LENGTH, "AUTH_KEY_LIFETIME"
)


class KeyOutcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    USED = "used"
    BURNED = "burned"
    # Burned, and the address has no wrong tries left until KeyCheck.limit_lifts_at.
    LOCKED = "locked"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class KeyCheck:
    outcome: KeyOutcome
    remaining_attempts: int | None = None
    newest_sent_at: datetime | None = None
    retry_minutes: int | None = None
    # When the address has used up its wrong tries: when the oldest counted one leaves the window.
    limit_lifts_at: datetime | None = None
    user: User | None = None


@dataclass(frozen=True)
class KeyAllowance:
    """How many wrong tries the address has left now, and until when it has none."""

    remaining: int
    limit_lifts_at: datetime | None


def _digest(key: str) -> str:
    return salted_hmac("accounts.AuthKey", key, algorithm="sha256").hexdigest()


def keys_of(email: str, purpose: AuthKeyPurpose, user: User | None):
    return AuthKey.objects.filter(email=email, purpose=purpose, user=user)


def issue(kind: KeyKind, email: str, user: User | None, client: str) -> tuple[str, AuthKey]:
    """A new key of `kind` for `email` (and `user`): (the plain key, its row). Every older key of
    the same address, purpose and account is superseded in the same transaction."""
    key = kind.new_key()
    now = timezone.now()
    with transaction.atomic():
        keys_of(email, kind.purpose, user).filter(superseded_at=None, used_at=None).update(
            superseded_at=now
        )
        auth_key = AuthKey.objects.create(
            email=email,
            purpose=kind.purpose,
            user=user,
            key_digest=_digest(key),
            created_at=now,
            expires_at=now + kind.lifetime,
            requested_from=client,
        )
    return key, auth_key


def _failures_in_window(keys, now: datetime) -> int:
    since = now - settings.AUTH_KEY_FAILURE_WINDOW
    total = keys.filter(created_at__gte=since).aggregate(total=Sum("failed_attempts"))["total"]
    return total or 0


def _limit_lifts_at(keys, now: datetime) -> datetime | None:
    """When fewer than AUTH_KEY_MAX_FAILURES wrong tries are counted again; None if already so.

    A wrong try is counted with its key, for AUTH_KEY_FAILURE_WINDOW from the key's sending.
    """
    since = now - settings.AUTH_KEY_FAILURE_WINDOW
    counted = list(
        keys.filter(created_at__gte=since, failed_attempts__gt=0)
        .order_by("created_at")
        .values_list("created_at", "failed_attempts")
    )
    total = sum(failures for _, failures in counted)
    if total < settings.AUTH_KEY_MAX_FAILURES:
        return None
    for created_at, failures in counted:
        total -= failures
        if total < settings.AUTH_KEY_MAX_FAILURES:
            return created_at + settings.AUTH_KEY_FAILURE_WINDOW
    return None  # unreachable: the total ends at 0


def allowance(email: str, purpose: AuthKeyPurpose, user: User | None) -> KeyAllowance:
    """The wrong tries left for the latest key of `email`, `purpose` and `user`."""
    keys, now = keys_of(email, purpose, user), timezone.now()
    remaining = settings.AUTH_KEY_MAX_FAILURES - _failures_in_window(keys, now)
    return KeyAllowance(max(remaining, 0), _limit_lifts_at(keys, now))


def _record_failure(keys: list[AuthKey], all_keys, now: datetime) -> KeyCheck:
    if not keys:
        return KeyCheck(KeyOutcome.WRONG, remaining_attempts=settings.AUTH_KEY_MAX_FAILURES)
    current = keys[0]
    AuthKey.objects.filter(pk=current.pk).update(failed_attempts=current.failed_attempts + 1)
    remaining = settings.AUTH_KEY_MAX_FAILURES - _failures_in_window(all_keys, now)
    if remaining > 0:
        return KeyCheck(KeyOutcome.WRONG, remaining_attempts=remaining)
    if current.state(now) is AuthKeyState.ACTIVE:
        AuthKey.objects.filter(pk=current.pk).update(burned_at=now)
    # Never "0 tries left": the latest key is burned (now or before) or no longer usable anyway.
    return _burned(all_keys, now)


def _burned(all_keys, now: datetime) -> KeyCheck:
    if lifts_at := _limit_lifts_at(all_keys, now):
        return KeyCheck(KeyOutcome.LOCKED, limit_lifts_at=lifts_at)
    return KeyCheck(KeyOutcome.BURNED)


def check(
    email: str, key: str, purpose: AuthKeyPurpose, user: User | None
) -> tuple[KeyCheck, AuthKey | None]:
    """(KeyCheck, the matching active key or None), a wrong key counted. Call inside a
    transaction: it locks the keys of the address, purpose and account until it ends, so that
    a key the caller then marks used (use) is used once."""
    now = timezone.now()
    all_keys = keys_of(email, purpose, user)
    keys = list(all_keys.select_for_update().order_by("-created_at", "-pk"))
    digest = _digest(key)
    # Every stored digest is compared, so that an old key can be told apart from a wrong one.
    matches = [k for k in keys if hmac.compare_digest(k.key_digest, digest)]
    if not matches:
        return _record_failure(keys, all_keys, now), None
    state = matches[0].state(now)
    if state is AuthKeyState.SUPERSEDED:
        return KeyCheck(KeyOutcome.SUPERSEDED, newest_sent_at=keys[0].created_at), None
    if state is AuthKeyState.BURNED:
        return _burned(all_keys, now), None
    if state is not AuthKeyState.ACTIVE:
        return KeyCheck(KeyOutcome(state.value)), None
    return KeyCheck(KeyOutcome.OK), matches[0]


def use(auth_key: AuthKey) -> None:
    """Marks a key check() matched as used; call in check()'s transaction."""
    auth_key.used_at = timezone.now()
    auth_key.save(update_fields=["used_at"])


def withdraw(purpose: AuthKeyPurpose, user: User) -> int:
    """Supersedes every unused key of `purpose` issued for `user`, whatever address it went to;
    returns how many. For a change started by someone else (the counter): a key sent to an
    address typed wrongly must not stay usable once the right address has been given."""
    return AuthKey.objects.filter(
        purpose=purpose, user=user, superseded_at=None, used_at=None
    ).update(superseded_at=timezone.now())


def account_of(email: str, key: str, purpose: AuthKeyPurpose) -> User | None:
    """The account a key of `purpose` sent to `email` is checked for, when the page asking
    for it knows only the address: the one whose key matches `key`, else the one of the newest
    key sent there (a wrong key is counted against that one), else None."""
    keys = AuthKey.objects.filter(email=email, purpose=purpose).exclude(user=None)
    digest = _digest(key)
    newest = None
    for auth_key in keys.select_related("user").order_by("-created_at", "-pk"):
        newest = newest or auth_key.user
        if hmac.compare_digest(auth_key.key_digest, digest):
            return auth_key.user
    return newest

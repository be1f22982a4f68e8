"""The 認証キー: sending one, and opening an account or moving it to a new address with it.

The rules of SPEC "Rules" and issue #2, each enforced here and nowhere else:

- a key is 10 characters drawn with `secrets` from an alphabet without look-alike characters;
- it is valid for settings.AUTH_KEY_LIFETIME (50 minutes) from sending, and works once;
- asking again supersedes every older key of that address;
- only an HMAC of the key is stored, and it is compared with `hmac.compare_digest`;
- wrong keys are counted per address over settings.AUTH_KEY_FAILURE_WINDOW, across all the keys
  sent in it; when the count reaches settings.AUTH_KEY_MAX_FAILURES (5) the current key is burned,
  and a new key does not reset the count: until the oldest counted wrong tries leave the window,
  each new key is burned by its first wrong try (its right key still works);
- sending is limited per address and per client, checking per client (accounts.throttle);
- an address that already has an account gets the same rows written and the same screen,
  but its mail says that the account exists instead of carrying a key.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from . import mail, sealing, tasks, throttle
from .models import KEY_LENGTH, AuthKey, AuthKeyPurpose, AuthKeyState, SentMail, User
from .signals import account_opened, address_changed

# No 0/O or 1/I/L look-alikes: a key copied by hand from a small screen still works.
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


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
class KeyRequest:
    sent: bool
    expires_at: datetime | None = None
    retry_minutes: int | None = None


def _digest(key: str) -> str:
    return salted_hmac("accounts.AuthKey", key, algorithm="sha256").hexdigest()


def _new_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def _limit_requests(email: str, client: str) -> KeyRequest | None:
    for scope, identity in (
        ("auth_key_request_per_client", client),
        ("auth_key_request_per_address", email),
    ):
        if limited := throttle.record(scope, identity):
            return KeyRequest(sent=False, retry_minutes=limited.minutes)
    return None


def _keys(email: str, purpose: AuthKeyPurpose, user: User | None):
    return AuthKey.objects.filter(email=email, purpose=purpose, user=user)


def _issue_key(email: str, purpose: AuthKeyPurpose, user: User | None, client: str):
    key = _new_key()
    now = timezone.now()
    with transaction.atomic():
        _keys(email, purpose, user).filter(superseded_at=None, used_at=None).update(
            superseded_at=now
        )
        auth_key = AuthKey.objects.create(
            email=email,
            purpose=purpose,
            user=user,
            key_digest=_digest(key),
            created_at=now,
            expires_at=now + settings.AUTH_KEY_LIFETIME,
            requested_from=client,
        )
    return key, auth_key


def request_auth_key(*, email: str, client: str, site_url: str) -> KeyRequest:
    """Sends a new signup 認証キー to `email` (or, if it has an account, a notice saying so).

    Guarantees: at most settings.RATE_LIMITS allow per address and per client; every older key of
    the address is superseded before the new one exists; the plain key leaves only in the mail.
    """
    if refused := _limit_requests(email, client):
        return refused
    key, auth_key = _issue_key(email, AuthKeyPurpose.SIGNUP, None, client)
    mail.cancel_unsent_key_mails(email, mail.SIGNUP_KEY_TAGS)
    if owner := User.objects.filter(email=email).first():
        mail.send_account_exists(email, site_url, owner, send_before=auth_key.expires_at)
    else:
        mail.send_auth_key(email, key, auth_key.expires_at, site_url)
    return KeyRequest(sent=True, expires_at=auth_key.expires_at)


def request_address_change(*, user: User, email: str, client: str, site_url: str) -> KeyRequest:
    """Sends a 認証キー to the new address `email` that only `user` can use to move to it.

    Guarantees as request_auth_key; an address already used by an account is told so by mail,
    and the screen looks the same.
    """
    if refused := _limit_requests(email, client):
        return refused
    key, auth_key = _issue_key(email, AuthKeyPurpose.CHANGE_EMAIL, user, client)
    mail.cancel_unsent_key_mails(email, mail.ADDRESS_CHANGE_KEY_TAGS)
    if owner := User.objects.filter(email=email).first():
        mail.send_address_taken(email, site_url, owner, send_before=auth_key.expires_at)
    else:
        mail.send_address_change_key(email, key, auth_key.expires_at, user)
    return KeyRequest(sent=True, expires_at=auth_key.expires_at)


def request_password_reset(
    *, email: str, client: str, domain: str, use_https: bool
) -> throttle.Limited | None:
    """Queues the look-up of `email` and its reset mail (tasks.send_password_reset), or says
    for how long the limits refuse it.

    Guarantees: at most settings.RATE_LIMITS "password_reset_per_client" and "…_per_address"
    requests; whatever the address, the same work is done here (two counts and one task whose
    argument is sealed), so neither the answer nor its time tells whether it has an account.
    """
    for scope, identity in (
        ("password_reset_per_client", client),
        ("password_reset_per_address", email),
    ):
        if limited := throttle.record(scope, identity):
            return limited
    request = {
        "email": email,
        "domain": domain,
        "use_https": use_https,
        "language": translation.get_language(),
    }
    tasks.send_password_reset.enqueue(sealing.seal(request))
    return None


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


@dataclass(frozen=True)
class KeyAllowance:
    """How many wrong tries the address has left now, and until when it has none."""

    remaining: int
    limit_lifts_at: datetime | None


def key_allowance(email: str, *, user: User | None = None) -> KeyAllowance:
    """The wrong tries left for the latest key of `email` (signup, or user's address change)."""
    purpose = AuthKeyPurpose.SIGNUP if user is None else AuthKeyPurpose.CHANGE_EMAIL
    keys, now = _keys(email, purpose, user), timezone.now()
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


def _check_key(email: str, key: str, purpose: AuthKeyPurpose, user: User | None, now: datetime):
    """(KeyCheck, the matching active key or None). Call inside a transaction: it locks the keys."""
    all_keys = _keys(email, purpose, user)
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
    if User.objects.filter(email=email).exists():
        return KeyCheck(KeyOutcome.USED), None
    return KeyCheck(KeyOutcome.OK), matches[0]


def open_account(
    *,
    email: str,
    key: str,
    password: str | None,
    client: str,
    link: dict | None = None,
) -> KeyCheck:
    """Checks `key` for `email` and, when it is right and `password` is given, opens the account.

    Guarantees: the account is created and the key marked used in one transaction, under a row
    lock on the address's keys, so one key opens at most one account; a wrong key is counted
    against the address (see the module docstring); with `password=None` a right key is only
    checked, not used. The account is announced (signals.account_opened, with `link`, what
    the signup carried for it) inside that same transaction, so what the receivers write, such
    as jobseeker linking the counter-made application the person chose before signing up,
    commits or rolls back with the account.
    """
    if limited := throttle.record("auth_key_check_per_client", client):
        return KeyCheck(KeyOutcome.RATE_LIMITED, retry_minutes=limited.minutes)
    with transaction.atomic():
        now = timezone.now()
        check, matched = _check_key(email, key, AuthKeyPurpose.SIGNUP, None, now)
        if matched is None or password is None:
            return check
        matched.used_at = now
        matched.save(update_fields=["used_at"])
        user = User.objects.create_user(email=email, password=password)
        # The key mails of this signup, sent before the account existed, are its own now.
        SentMail.objects.filter(to=email, user=None, tag__in=mail.SIGNUP_KEY_TAGS).update(user=user)
        account_opened.send(sender=User, user=user, link=link)
    return KeyCheck(KeyOutcome.OK, user=user)


def change_address(*, user: User, email: str, key: str, client: str) -> KeyCheck:
    """Moves `user` to the address `email` when `key` is the one mailed there for this account.

    Guarantees: the same key rules as open_account; the address changes and the key is used in
    one transaction, which also announces it (signals.address_changed); a key sent for another
    account's change never works here.
    """
    if limited := throttle.record("auth_key_check_per_client", client):
        return KeyCheck(KeyOutcome.RATE_LIMITED, retry_minutes=limited.minutes)
    with transaction.atomic():
        now = timezone.now()
        check, matched = _check_key(email, key, AuthKeyPurpose.CHANGE_EMAIL, user, now)
        if matched is None:
            return check
        matched.used_at = now
        matched.save(update_fields=["used_at"])
        old = user.email
        user.email = email
        user.save(update_fields=["email"])
        address_changed.send(sender=User, user=user, old=old, new=email)
    return KeyCheck(KeyOutcome.OK, user=user)

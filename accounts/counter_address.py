"""A change of an account's mail address started at the counter (issue #16 item 4): for a person
whose mailbox no longer works, who therefore can neither log in (the login code goes there) nor
change the address themselves.

Staff who checked the person's identity at the counter start it (jobseeker's counter, which
audits it); the new address receives a 認証キー (accounts.keys, COUNTER_CHANGE_EMAIL_KEY: the
rules of every key) and a link to a page that needs no login; only the right key there makes it
the account's address.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import keys, mail, throttle
from .browsers import end_sessions, forget_browsers
from .keys import KeyCheck, KeyOutcome
from .models import AuthKey, AuthKeyPurpose, AuthKeyState, SentMail, User
from .services import limit_key_requests
from .signals import address_changed

PURPOSE = AuthKeyPurpose.COUNTER_CHANGE_EMAIL


class StartOutcome(StrEnum):
    SENT = "sent"
    # The account has this address already.
    SAME = "same"
    # Another account has it: staff are told so (they are trusted; the public pages never say).
    TAKEN = "taken"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class StartedChange:
    outcome: StartOutcome
    expires_at: datetime | None = None
    retry_minutes: int | None = None


class AddressTaken(Exception):
    """The new address became another account's before the key was entered: nothing changed."""


def start_counter_address_change(
    *, user: User, email: str, client: str, site_url: str, audit: Callable[[], object] | None = None
) -> StartedChange:
    """Mails a 認証キー to the new address `email` that moves `user` there when it is entered on
    the confirmation page (confirm_counter_address_change).

    Guarantees: a staff account is refused (ValueError: staff logins are the administrators'
    to change); nothing is sent to an address that is `user`'s already or another account's,
    nor beyond the sending limits of request_address_change (per address and per client, here
    the counter PC's); every earlier counter key of `user`, whatever its address, is superseded
    before the new one exists, in one transaction with it, so an address typed wrongly before
    cannot be confirmed; the plain key leaves only in the mail, which goes to `email` alone.
    `audit`, the caller's record of who started it and why, runs in the transaction that
    issues the key, so the key and its record exist together or not at all. The limits are
    counted before that transaction, as accounts.throttle asks.
    """
    if user.is_staff:
        raise ValueError("A staff login's address is not changed at a counter.")
    if email == user.email:
        return StartedChange(StartOutcome.SAME)
    if User.objects.filter(email=email).exists():
        return StartedChange(StartOutcome.TAKEN)
    if refused := limit_key_requests(email, client):
        return StartedChange(StartOutcome.RATE_LIMITED, retry_minutes=refused.retry_minutes)
    with transaction.atomic():
        keys.withdraw(PURPOSE, user)
        key, auth_key = keys.issue(keys.COUNTER_CHANGE_EMAIL_KEY, email, user, client)
        if audit:
            audit()
    mail.cancel_unsent_key_mails(email, mail.COUNTER_ADDRESS_CHANGE_KEY_TAGS)
    mail.send_counter_address_change_key(email, key, auth_key.expires_at, user, site_url)
    return StartedChange(StartOutcome.SENT, expires_at=auth_key.expires_at)


def confirm_counter_address_change(*, email: str, key: str, client: str) -> KeyCheck:
    """Moves the account the counter started a change for to `email`, when `key` is the one
    mailed there for it; KeyCheck.user is that account then.

    Guarantees:
    - checks are counted per client ("auth_key_check_per_client") and wrong keys per address
      and account (accounts.keys: 5 burn the key); the page asks for no account, so a wrong
      key is counted against the account of the newest key sent to `email` (keys.account_of),
      and a key sent for one account never moves another;
    - only with the right key, in one transaction under the lock of the address's keys: the
      address changes, the key is used, signals.address_changed is sent (at_counter=True: the
      application's 履歴 records it), the old address is sent a notice, every trusted browser
      and passkey of the account is removed and every session of it ended; any failure rolls
      back all;
    - an address that became another account's in the meantime raises AddressTaken, with
      nothing changed and the key still unused;
    - what the page learns before the key is right is what any key page shows: never whether,
      or which, account is being moved.
    """
    if limited := throttle.record("auth_key_check_per_client", client):
        return KeyCheck(KeyOutcome.RATE_LIMITED, retry_minutes=limited.minutes)
    with transaction.atomic():
        user = keys.account_of(email, key, PURPOSE)
        check, matched = keys.check(email, key, PURPOSE, user)
        if matched is None:
            return check
        user = User.objects.select_for_update().get(pk=user.pk)
        if User.objects.filter(email=email).exclude(pk=user.pk).exists():
            raise AddressTaken
        keys.use(matched)
        old = user.email
        user.email = email
        try:
            with transaction.atomic():
                user.save(update_fields=["email"])
        except IntegrityError as taken:  # another account took it since the look-up above
            raise AddressTaken from taken
        address_changed.send(sender=User, user=user, old=old, new=email, at_counter=True)
        mail.send_counter_address_changed_notice(old, email, user, timezone.now())
        forget_browsers(user)
        # A passkey planted while the mailbox was lost would outlive every other way in.
        user.passkeys.all().delete()
        end_sessions(user)
    return KeyCheck(KeyOutcome.OK, user=user)


@dataclass(frozen=True)
class PendingChange:
    """The counter's latest change of an account's address, as staff follow it."""

    email: str
    sent_at: datetime
    expires_at: datetime
    state: AuthKeyState
    key_mail: SentMail | None


def latest_change(user: User) -> PendingChange | None:
    """The newest key the counter sent for `user`, its state now and the mail that carries it."""
    auth_key = AuthKey.objects.filter(purpose=PURPOSE, user=user).order_by("-created_at").first()
    if auth_key is None:
        return None
    key_mail = (
        SentMail.objects.filter(
            user=user, to=auth_key.email, tag__in=mail.COUNTER_ADDRESS_CHANGE_KEY_TAGS
        )
        .order_by("-pk")
        .first()
    )
    return PendingChange(
        email=auth_key.email,
        sent_at=auth_key.created_at,
        expires_at=auth_key.expires_at,
        state=auth_key.state(timezone.now()),
        key_mail=key_mail,
    )

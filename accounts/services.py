"""The 認証キー: sending one, and opening an account or moving it to a new address with it.

The key's own rules (SPEC "Rules", issue #2: 10 characters, 50 minutes, once, the newest only,
an HMAC stored, five wrong tries) are accounts.keys'; here, what a key does:

- sending is limited per address and per client, checking per client (accounts.throttle);
- an address that already has an account gets the same rows written and the same screen,
  but its mail says that the account exists instead of carrying a key.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import translation

from . import keys, mail, sealing, tasks, throttle

# What the key pages read of a check, named where they always found it.
from .keys import KeyAllowance as KeyAllowance
from .keys import KeyCheck as KeyCheck
from .keys import KeyOutcome as KeyOutcome
from .models import AuthKeyPurpose, SentMail, User
from .signals import account_opened, address_changed


@dataclass(frozen=True)
class KeyRequest:
    sent: bool
    expires_at: datetime | None = None
    retry_minutes: int | None = None


def limit_key_requests(email: str, client: str) -> KeyRequest | None:
    """A refusal when a key for `email` from `client` would pass the sending limits, else None
    (the event is counted)."""
    for scope, identity in (
        ("auth_key_request_per_client", client),
        ("auth_key_request_per_address", email),
    ):
        if limited := throttle.record(scope, identity):
            return KeyRequest(sent=False, retry_minutes=limited.minutes)
    return None


def request_auth_key(*, email: str, client: str, site_url: str) -> KeyRequest:
    """Sends a new signup 認証キー to `email` (or, if it has an account, a notice saying so).

    Guarantees: at most settings.RATE_LIMITS allow per address and per client; every older key of
    the address is superseded before the new one exists; the plain key leaves only in the mail.
    """
    if refused := limit_key_requests(email, client):
        return refused
    key, auth_key = keys.issue(keys.SIGNUP_KEY, email, None, client)
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
    if refused := limit_key_requests(email, client):
        return refused
    key, auth_key = keys.issue(keys.CHANGE_EMAIL_KEY, email, user, client)
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


def key_allowance(email: str, *, user: User | None = None) -> KeyAllowance:
    """The wrong tries left for the latest key of `email` (signup, or user's address change)."""
    purpose = AuthKeyPurpose.SIGNUP if user is None else AuthKeyPurpose.CHANGE_EMAIL
    return keys.allowance(email, purpose, user)


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
        check, matched = keys.check(email, key, AuthKeyPurpose.SIGNUP, None)
        if matched and User.objects.filter(email=email).exists():
            return KeyCheck(KeyOutcome.USED)
        if matched is None or password is None:
            return check
        keys.use(matched)
        user = User.objects.create_user(email=email, password=password)
        # The key mails of this signup, sent before the account existed, are its own now.
        SentMail.objects.filter(to=email, user=None, tag__in=mail.SIGNUP_KEY_TAGS).update(user=user)
        account_opened.send(sender=User, user=user, link=link)
    return KeyCheck(KeyOutcome.OK, user=user)


def change_address(*, user: User, email: str, key: str, client: str) -> KeyCheck:
    """Moves `user` to the address `email` when `key` is the one mailed there for this account.

    Guarantees: the same key rules as open_account; the address changes and the key is used in
    one transaction, which also announces it (signals.address_changed); a key sent for another
    account's change never works here; an address another account took since the key was sent
    is refused as a used key is, and nothing changes.
    """
    if limited := throttle.record("auth_key_check_per_client", client):
        return KeyCheck(KeyOutcome.RATE_LIMITED, retry_minutes=limited.minutes)
    with transaction.atomic():
        check, matched = keys.check(email, key, AuthKeyPurpose.CHANGE_EMAIL, user)
        if matched is None:
            return check
        if User.objects.filter(email=email).exclude(pk=user.pk).exists():
            return KeyCheck(KeyOutcome.USED)
        keys.use(matched)
        old = user.email
        user.email = email
        user.save(update_fields=["email"])
        address_changed.send(sender=User, user=user, old=old, new=email)
    return KeyCheck(KeyOutcome.OK, user=user)

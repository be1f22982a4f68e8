"""The mails of the site, rendered from templates and queued for sending (accounts.tasks).

Each is rendered when asked for, in the language of the page that asked, and kept sealed in its
SentMail row until a task hands it to the provider; no page waits for the provider.
"""

import logging
from datetime import datetime
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from . import hooks, sealing, tasks
from .models import SentMail, User

logger = logging.getLogger(__name__)
_ADDRESS_SALT = "accounts.signup-address"
_COUNTER_ADDRESS_SALT = "accounts.counter-address"


# The mails a key page waits for: the key, or the notice sent instead to an address that has an
# account. The page treats them alike, so either one bouncing looks the same (enumeration safety).
SIGNUP_KEY_TAGS = ("auth-key", "account-exists")
ADDRESS_CHANGE_KEY_TAGS = ("address-change-key", "address-taken")
# A change started at the counter: staff are told the address is taken, so no stand-in mail.
COUNTER_ADDRESS_CHANGE_KEY_TAGS = ("counter-address-change-key",)


def cancel_unsent_key_mails(email: str, tags: tuple[str, ...]) -> None:
    """A newer key is on its way to `email`: older key mails not sent yet (waiting for a
    retry) are not sent at all, as their key would only be refused as superseded."""
    SentMail.objects.filter(to=email, tag__in=tags, status=SentMail.Status.PENDING).update(
        status=SentMail.Status.CANCELLED, sealed_message="", next_attempt_at=None
    )


def sender() -> str:
    """DEFAULT_FROM_EMAIL with its name in the language of the page that asked for the mail
    ("Hello Work Oguchi" in an English mail): the name is looked up in the catalogue, so a
    name the catalogue does not know stays as configured."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    translated = gettext(name) if name else name
    if translated == name:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((translated, address))


def signup_password_url(site_url: str, email: str) -> str:
    """The password page for `email`, openable in any browser; the key is never in the link."""
    token = signing.dumps(email, salt=_ADDRESS_SALT, compress=True)
    return f"{site_url}{reverse('accounts:signup_password')}?address={token}"


def counter_confirm_url(site_url: str, email: str) -> str:
    """The page where a change started at the counter is confirmed, with `email` filled in;
    the key is never in the link."""
    token = signing.dumps(email, salt=_COUNTER_ADDRESS_SALT, compress=True)
    return f"{site_url}{reverse('accounts:counter_address_confirm')}?address={token}"


def address_from_link(token: str, *, counter: bool = False) -> str | None:
    """The address of a signup_password_url (or, with `counter`, a counter_confirm_url)."""
    salt = _COUNTER_ADDRESS_SALT if counter else _ADDRESS_SALT
    try:
        return signing.loads(token, salt=salt, max_age=settings.AUTH_KEY_FAILURE_WINDOW)
    except signing.BadSignature:
        return None


def queue_mail(
    subject: str,
    template: str,
    to: str,
    context: dict,
    *,
    tag: str,
    user: User | None,
    send_before: datetime | None = None,
    keep_record: bool = True,
) -> SentMail:
    """Renders `template` as the plain-text body and queues the mail; returns its record.

    The record (SentMail) belongs to `user`, the account the mail concerns, and goes when that
    account is deleted; None only for a signup key, which has no account yet. A mail not sent
    by `send_before` is given up. The task that sends it runs at once where tasks run
    immediately (development, the tests), else in `manage.py db_worker`; either way a failure
    is recorded on the record, never raised here, and the key pages read it from there.
    """
    with transaction.atomic():  # never a record without its task
        sent_mail = SentMail.objects.create(
            to=to,
            user=user,
            tag=tag,
            status=SentMail.Status.PENDING,
            sealed_message=sealing.seal(
                {
                    "subject": subject,
                    "body": render_to_string(template, context),
                    "from": sender(),
                }
            ),
            send_before=send_before,
            keep_record=keep_record,
        )
        tasks.deliver_mail.enqueue(sent_mail.pk)
    return sent_mail


def send_auth_key(email: str, key: str, expires_at: datetime, site_url: str) -> None:
    """No account yet: services.open_account links the record to the account it opens."""
    queue_mail(
        _("【ハローワーク】アカウント仮登録完了通知"),
        "accounts/mail/auth_key.txt",
        email,
        {
            "key": key,
            "expires_at": expires_at,
            "password_url": signup_password_url(site_url, email),
            "site_url": site_url,
        },
        tag="auth-key",
        user=None,
        send_before=expires_at,
    )


def send_account_exists(email: str, site_url: str, owner: User, send_before: datetime) -> None:
    """Instead of a key, to an address that has an account: given up when the key it stands
    in for would have expired, so that its state on the key page never differs from a key
    mail's (enumeration safety)."""
    queue_mail(
        _("【ハローワーク】求職者マイページアカウントのご案内"),
        "accounts/mail/account_exists.txt",
        email,
        {
            "login_url": site_url + reverse("accounts:login"),
            "reset_url": site_url + reverse("accounts:password_reset"),
        },
        tag="account-exists",
        user=owner,
        send_before=send_before,
    )


def send_address_change_key(email: str, key: str, expires_at: datetime, user: User) -> None:
    queue_mail(
        _("【ハローワーク】メールアドレス変更の認証キー"),
        "accounts/mail/address_change_key.txt",
        email,
        {"key": key, "expires_at": expires_at},
        tag="address-change-key",
        user=user,
        send_before=expires_at,
    )


def send_address_changed_notice(old_email: str, new_email: str, user: User) -> None:
    """Tells the old address, so that a change nobody asked for is noticed."""
    queue_mail(
        _("【ハローワーク】メールアドレスが変更されました"),
        "accounts/mail/address_changed.txt",
        old_email,
        {"new_email": new_email},
        tag="address-changed",
        user=user,
    )


def send_counter_address_change_key(
    email: str, key: str, expires_at: datetime, user: User, site_url: str
) -> SentMail:
    """The key of a change started at the counter (accounts.counter_address), with the link to
    the page where it is entered: the person cannot log in to enter it elsewhere."""
    return queue_mail(
        _("【ハローワーク】メールアドレス変更の認証キー（窓口でのお手続き）"),
        "accounts/mail/counter_address_change_key.txt",
        email,
        {
            "key": key,
            "expires_at": expires_at,
            "confirm_url": counter_confirm_url(site_url, email),
        },
        tag="counter-address-change-key",
        user=user,
        send_before=expires_at,
    )


def masked_address(email: str) -> str:
    """「t***@example.jp」: enough for the owner to recognise, little for anyone else."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def send_counter_address_changed_notice(
    old_email: str, new_email: str, user: User, changed_at: datetime
) -> None:
    """Tells the old address of a change made at the counter, and whom to call if the owner
    did not ask for it (hooks.contact_office). The new address is masked: an address that
    stopped working may have passed to someone else (a recycled address)."""
    queue_mail(
        _("【ハローワーク】窓口でメールアドレスを変更しました"),
        "accounts/mail/counter_address_changed.txt",
        old_email,
        {
            "new_email": masked_address(new_email),
            "changed_at": changed_at,
            "office": hooks.contact_office(),
        },
        tag="address-changed",
        user=user,
    )


def send_address_taken(email: str, site_url: str, owner: User, send_before: datetime) -> None:
    """To the account that has `email`, not to the one that asked to move there; given up as
    the key it stands in for would be (see send_account_exists)."""
    queue_mail(
        _("【ハローワーク】メールアドレス変更のお申込みについて"),
        "accounts/mail/address_taken.txt",
        email,
        {"login_url": site_url + reverse("accounts:login")},
        tag="address-taken",
        user=owner,
        send_before=send_before,
    )


def send_account_deleted(email: str) -> None:
    """Confirms a deletion to the address the account had; its record goes once it is sent.

    Queued after the deletion is committed, in the language of the page it was asked from. The
    record belongs to no account and deletes itself when the mail has gone or is given up: a
    lasting record would keep the address the person asked us to forget (a provider's delivery
    events for it then find no row and are dropped, as for any unknown id).
    """
    queue_mail(
        _("【ハローワーク】求職者マイページのアカウントを削除しました"),
        "accounts/mail/account_deleted.txt",
        email,
        {},
        tag="account-deleted",
        user=None,
        keep_record=False,
    )


def send_login_code(
    user: User, code: str, expires_at: datetime, browser: str, site_url: str
) -> SentMail:
    """The login's ワンタイムパスワード, with when and from which browser it was asked for."""
    return queue_mail(
        _("【ハローワーク】ログイン用ワンタイムパスワードのお知らせ"),
        "accounts/mail/login_code.txt",
        user.email,
        {
            "code": code,
            "expires_at": expires_at,
            "lifetime_minutes": int(settings.LOGIN_CODE_LIFETIME.total_seconds() // 60),
            "requested_at": timezone.now(),
            "browser": browser,
            "reset_url": site_url + reverse("accounts:password_reset"),
        },
        tag="login-code",
        user=user,
        send_before=expires_at,
    )


def send_browser_trusted(user: User, browser: str, trusted_at: datetime, site_url: str) -> None:
    """Tells the account's address that a browser will skip the login code from now on."""
    queue_mail(
        _("【ハローワーク】信頼済みのブラウザを登録しました"),
        "accounts/mail/browser_trusted.txt",
        user.email,
        {
            "browser": browser,
            "trusted_at": trusted_at,
            "browsers_url": site_url + reverse("accounts:browsers"),
            "reset_url": site_url + reverse("accounts:password_reset"),
        },
        tag="browser-trusted",
        user=user,
    )


def send_passkey_added(user: User, passkey_name: str, added_at: datetime, site_url: str) -> None:
    """Tells the account's address that a passkey was registered: a login needs nothing else
    from now on, so one nobody meant must be noticed."""
    queue_mail(
        _("【ハローワーク】パスキーを登録しました"),
        "accounts/mail/passkey_added.txt",
        user.email,
        {
            "name": passkey_name,
            "added_at": added_at,
            "passkeys_url": site_url + reverse("accounts:passkeys"),
            "reset_url": site_url + reverse("accounts:password_reset"),
        },
        tag="passkey-added",
        user=user,
    )

"""The mails of signup, rendered from templates/accounts/mail/ and sent through django-anymail."""

import logging
import smtplib
from datetime import datetime

from anymail.exceptions import AnymailError
from anymail.message import AnymailMessage
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import SentMail, User

logger = logging.getLogger(__name__)
_ADDRESS_SALT = "accounts.signup-address"


# The mails a key page waits for: the key, or the notice sent instead to an address that has an
# account. The page treats them alike, so either one bouncing looks the same (enumeration safety).
SIGNUP_KEY_TAGS = ("auth-key", "account-exists")
ADDRESS_CHANGE_KEY_TAGS = ("address-change-key", "address-taken")


class MailNotSent(Exception):
    """The mail backend or provider refused or failed; nothing was delivered."""


def signup_password_url(site_url: str, email: str) -> str:
    """The password page for `email`, openable in any browser; the key is never in the link."""
    token = signing.dumps(email, salt=_ADDRESS_SALT, compress=True)
    return f"{site_url}{reverse('accounts:signup_password')}?address={token}"


def address_from_link(token: str) -> str | None:
    try:
        return signing.loads(token, salt=_ADDRESS_SALT, max_age=settings.AUTH_KEY_FAILURE_WINDOW)
    except signing.BadSignature:
        return None


def send_templated_mail(
    subject: str, template: str, to: str, context: dict, *, tag: str, user: User | None
) -> None:
    """Renders `template` as the plain-text body and sends it; raises MailNotSent on failure.

    The record of it (SentMail) belongs to `user`, the account the mail concerns, and goes when
    that account is deleted; None only for a signup key, which has no account yet.
    """
    message = AnymailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        tags=[tag],
    )
    try:
        message.send()
    except (AnymailError, OSError, smtplib.SMTPException) as error:
        logger.exception("Mail %s to a job seeker was not sent", tag)
        SentMail.objects.create(to=to, user=user, tag=tag, status=SentMail.Status.FAILED)
        raise MailNotSent from error
    _record(message, to, tag, user)


def _record(message: AnymailMessage, to: str, tag: str, user: User | None) -> None:
    """What the provider said at sending about `to`: its message id, which the tracking webhook's
    events carry (accounts.tracking), and its status. A backend outside anymail says nothing,
    hence SENT."""
    status = getattr(message, "anymail_status", None)
    recipient = status.recipients.get(to) if status is not None else None
    known = {choice.value for choice in SentMail.Status}
    SentMail.objects.create(
        to=to,
        user=user,
        tag=tag,
        esp_message_id=""
        if recipient is None or recipient.message_id is None
        else str(recipient.message_id),
        status=recipient.status
        if recipient is not None and recipient.status in known
        else SentMail.Status.SENT,
    )


def send_auth_key(email: str, key: str, expires_at: datetime, site_url: str) -> None:
    """No account yet: services.open_account links the record to the account it opens."""
    send_templated_mail(
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
    )


def send_account_exists(email: str, site_url: str, owner: User) -> None:
    send_templated_mail(
        _("【ハローワーク】求職者マイページアカウントのご案内"),
        "accounts/mail/account_exists.txt",
        email,
        {
            "login_url": site_url + reverse("accounts:login"),
            "reset_url": site_url + reverse("accounts:password_reset"),
        },
        tag="account-exists",
        user=owner,
    )


def send_address_change_key(email: str, key: str, expires_at: datetime, user: User) -> None:
    send_templated_mail(
        _("【ハローワーク】メールアドレス変更の認証キー"),
        "accounts/mail/address_change_key.txt",
        email,
        {"key": key, "expires_at": expires_at},
        tag="address-change-key",
        user=user,
    )


def send_address_changed_notice(old_email: str, new_email: str, user: User) -> None:
    """Tells the old address, so that a change nobody asked for is noticed. Best effort."""
    try:
        send_templated_mail(
            _("【ハローワーク】メールアドレスが変更されました"),
            "accounts/mail/address_changed.txt",
            old_email,
            {"new_email": new_email},
            tag="address-changed",
            user=user,
        )
    except MailNotSent:
        logger.warning("The notice of an address change was not sent to the old address")


def send_address_taken(email: str, site_url: str, owner: User) -> None:
    """To the account that has `email`, not to the one that asked to move there."""
    send_templated_mail(
        _("【ハローワーク】メールアドレス変更のお申込みについて"),
        "accounts/mail/address_taken.txt",
        email,
        {"login_url": site_url + reverse("accounts:login")},
        tag="address-taken",
        user=owner,
    )


def send_account_deleted(email: str, language: str) -> None:
    """Confirms a deletion to the address the account had. Best effort, and not recorded.

    Sent after the deletion is committed, in the language of the page it was asked from. No
    SentMail row: the account is gone, and a record would keep the address it asked us to forget
    (a provider's delivery events for it find no row and are dropped, as for any unknown id).
    """
    with translation.override(language):
        message = AnymailMessage(
            subject=_("【ハローワーク】求職者マイページのアカウントを削除しました"),
            body=render_to_string("accounts/mail/account_deleted.txt"),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
            tags=["account-deleted"],
        )
    try:
        message.send()
    except (AnymailError, OSError, smtplib.SMTPException):
        logger.warning("The confirmation of an account deletion was not sent")

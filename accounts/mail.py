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
from django.utils.translation import gettext as _

from .models import SentMail

logger = logging.getLogger(__name__)
_ADDRESS_SALT = "accounts.signup-address"


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


def send_templated_mail(subject: str, template: str, to: str, context: dict, tag: str) -> None:
    """Renders `template` as the plain-text body and sends it; raises MailNotSent on failure."""
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
        SentMail.objects.create(to=to, tag=tag, status=SentMail.Status.FAILED)
        raise MailNotSent from error
    _record(message, to, tag)


def _record(message: AnymailMessage, to: str, tag: str) -> None:
    """What the provider said at sending; a backend outside anymail says nothing, hence SENT."""
    status = getattr(message, "anymail_status", None)
    known = {choice.value for choice in SentMail.Status}
    provider_status = next(iter(status.status), None) if status and status.status else None
    SentMail.objects.create(
        to=to,
        tag=tag,
        esp_message_id=""
        if status is None or status.message_id is None
        else str(status.message_id),
        status=provider_status if provider_status in known else SentMail.Status.SENT,
    )


def send_auth_key(email: str, key: str, expires_at: datetime, site_url: str) -> None:
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
    )


def send_account_exists(email: str, site_url: str) -> None:
    send_templated_mail(
        _("【ハローワーク】求職者マイページアカウントのご案内"),
        "accounts/mail/account_exists.txt",
        email,
        {
            "login_url": site_url + reverse("accounts:login"),
            "reset_url": site_url + reverse("accounts:password_reset"),
        },
        tag="account-exists",
    )


def send_address_change_key(email: str, key: str, expires_at: datetime) -> None:
    send_templated_mail(
        _("【ハローワーク】メールアドレス変更の認証キー"),
        "accounts/mail/address_change_key.txt",
        email,
        {"key": key, "expires_at": expires_at},
        tag="address-change-key",
    )


def send_address_changed_notice(old_email: str, new_email: str) -> None:
    """Tells the old address, so that a change nobody asked for is noticed. Best effort."""
    try:
        send_templated_mail(
            _("【ハローワーク】メールアドレスが変更されました"),
            "accounts/mail/address_changed.txt",
            old_email,
            {"new_email": new_email},
            tag="address-changed",
        )
    except MailNotSent:
        logger.warning("The notice of an address change was not sent to the old address")


def send_address_taken(email: str, site_url: str) -> None:
    send_templated_mail(
        _("【ハローワーク】メールアドレス変更のお申込みについて"),
        "accounts/mail/address_taken.txt",
        email,
        {"login_url": site_url + reverse("accounts:login")},
        tag="address-taken",
    )

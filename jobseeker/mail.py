"""The mails of jobseeker: 「求職登録完了のお知らせ」, queued once when a 求職番号 is issued,
and the 有効期限 reminders (services.reminders)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import queue_mail
from accounts.models import SentMail

from .models import Application, ExpiryReminder


def send_registration_complete(application: Application, site_url: str) -> None:
    """The number is on the マイページ whatever happens to this mail."""
    queue_mail(
        _("【ハローワーク】求職登録完了のお知らせ"),
        "jobseeker/mail/registration_complete.txt",
        application.user.email,
        {
            "application": application,
            "office": application.office,
            "mypage_url": site_url + reverse("jobseeker:mypage"),
        },
        tag="registration-complete",
        user=application.user,
    )


_REMINDERS = {
    ExpiryReminder.Kind.SOON: (
        SentMail.Kind.EXPIRY_SOON,
        "jobseeker/mail/expiry_soon.txt",
    ),
    ExpiryReminder.Kind.LAPSED: (
        SentMail.Kind.EXPIRY_LAPSED,
        "jobseeker/mail/expiry_lapsed.txt",
    ),
}


def send_expiry_reminder(
    application: Application, kind: ExpiryReminder.Kind, today: date, site_url: str
) -> SentMail:
    """「有効期限が近づいています」 or 「有効期限が切れました」: the date, what stops working and
    how to renew (the マイページ's 「有効期限を延長する」, or the office's counter)."""
    tag, template = _REMINDERS[kind]
    subject = (
        _("【ハローワーク】求職登録の有効期限が近づいています")
        if kind == ExpiryReminder.Kind.SOON
        else _("【ハローワーク】求職登録の有効期限が切れました")
    )
    return queue_mail(
        subject,
        template,
        application.user.email,
        {
            "application": application,
            "office": application.office,
            "valid_until": application.valid_until,
            "lapses_on": application.valid_until + timedelta(days=1),
            "days_left": (application.valid_until - today).days,
            "mypage_url": site_url + reverse("jobseeker:mypage"),
        },
        tag=tag,
        user=application.user,
    )

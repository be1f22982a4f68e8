"""The mail 「求職登録完了のお知らせ」, queued once when a 求職番号 is issued."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import queue_mail

from .models import Application


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

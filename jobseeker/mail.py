"""The mail 「求職登録完了のお知らせ」, sent once when a 求職番号 is issued."""

import logging

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import MailNotSent, send_templated_mail

from .models import Application

logger = logging.getLogger(__name__)


def send_registration_complete(application: Application, site_url: str) -> None:
    """Best effort: the number is on the マイページ whatever happens to this mail."""
    try:
        send_templated_mail(
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
    except MailNotSent:
        logger.warning("Completion mail for application %s was not sent", application.pk)

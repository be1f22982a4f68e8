"""Values every page may show."""

from email.utils import parseaddr

from django.conf import settings


def mail_sender(request) -> dict[str, str]:
    """The address our mails come from, for the flyer's 「受信を許可してください」 advice."""
    return {"sender": parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}

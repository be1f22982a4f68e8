"""Values every page may show."""

from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils.functional import lazy


def mail_sender(request) -> dict[str, str]:
    """The address our mails come from, for the flyer's 「受信を許可してください」 advice."""
    return {"sender": parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}


def header_link(request) -> dict:
    """Where the header's 「ハローワーク大口 求職者マイページ」 leads: the マイページ once
    logged in, else the menu to open one. Lazy, so a page without the header never reads the
    session."""

    def url() -> str:
        user = getattr(request, "user", None)  # none before AuthenticationMiddleware ran
        logged_in = user is not None and user.is_authenticated
        return reverse("jobseeker:mypage" if logged_in else "accounts:start")

    return {"header_url": lazy(url, str)()}

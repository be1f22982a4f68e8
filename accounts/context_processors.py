"""Values every page may show."""

from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from .session_end import seconds_left


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


def session_end(request) -> dict:
    """For the pages of a login: how long it lasts (said in the footer) and how long is left
    (for static/js/session.js). Lazy, as header_link."""

    def length() -> str:
        minutes = settings.SESSION_COOKIE_AGE // 60
        if minutes % 60:
            text = _("ログインの有効時間は、最後の操作から%(minutes)d分です。")
            return text % {"minutes": minutes}
        text = _("ログインの有効時間は、最後の操作から%(hours)d時間です。")
        return text % {"hours": minutes // 60}

    return {
        "session_length": lazy(length, str)(),
        "session_seconds_left": lazy(lambda: str(seconds_left(request.session)), str)(),
        "session_end_warning": settings.SESSION_END_WARNING,
        "session_end_minutes": max(1, settings.SESSION_END_WARNING // 60),
    }

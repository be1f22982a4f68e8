"""Trusted browsers (「このブラウザを信頼する（30日間）」, issue #16 item 2), and ending every
session of an account at once.

What holds:
- a trusted browser holds a random token of 32 bytes in a cookie that is HttpOnly, SameSite=Lax
  and Secure wherever the session cookie is; only the token's HMAC is kept (TrustedBrowser);
- a token lets its own account, and no other, skip the login code for
  settings.TRUSTED_BROWSER_LIFETIME from when it was made;
- a browser may be trusted by several accounts (a counter PC shared by staff): its cookie holds
  the tokens of the last MAX_TOKENS_PER_BROWSER accounts that trusted it, newest first;
- a new password (accounts.models.User.save), a change of address at the counter and
  「すべて削除」 remove every trusted browser of the account.
"""

import re
import secrets

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from . import mail
from .models import TrustedBrowser, User

MAX_TOKENS_PER_BROWSER = 5
# secrets.token_urlsafe never writes a dot.
_TOKEN_SEPARATOR = "."


def _digest(token: str) -> str:
    return salted_hmac("accounts.TrustedBrowser", token, algorithm="sha256").hexdigest()


def _tokens(request: HttpRequest) -> list[str]:
    cookie = request.COOKIES.get(settings.TRUSTED_BROWSER_COOKIE_NAME, "")
    return [token for token in cookie.split(_TOKEN_SEPARATOR) if token][:MAX_TOKENS_PER_BROWSER]


def browser_here(request: HttpRequest, user: User) -> TrustedBrowser | None:
    """This browser, if `user` trusted it less than TRUSTED_BROWSER_LIFETIME ago."""
    digests = [_digest(token) for token in _tokens(request)]
    return current_browsers(user).filter(token_digest__in=digests).first() if digests else None


def trusted_browser(request: HttpRequest, user: User) -> TrustedBrowser | None:
    """browser_here, for a login it lets skip the code: its last use is now."""
    browser = browser_here(request, user)
    if browser:
        browser.last_used_at = timezone.now()
        browser.save(update_fields=["last_used_at"])
    return browser


def trust_browser(request: HttpRequest, response: HttpResponse, user: User) -> TrustedBrowser:
    """Makes this browser a trusted one of `user`: a new token in its cookie, and a mail to the
    account's address saying which browser it is, so that a browser nobody meant is noticed."""
    token = secrets.token_urlsafe(32)
    browser = TrustedBrowser.objects.create(
        user=user,
        token_digest=_digest(token),
        description=describe_browser(request.META.get("HTTP_USER_AGENT", "")),
    )
    tokens = [token, *_tokens(request)][:MAX_TOKENS_PER_BROWSER]
    response.set_cookie(
        settings.TRUSTED_BROWSER_COOKIE_NAME,
        _TOKEN_SEPARATOR.join(tokens),
        max_age=int(settings.TRUSTED_BROWSER_LIFETIME.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    site_url = request.build_absolute_uri("/").rstrip("/")
    mail.send_browser_trusted(user, browser.description, browser.created_at, site_url)
    return browser


def current_browsers(user: User):
    """The browsers of `user` that still skip the code, last used first."""
    since = timezone.now() - settings.TRUSTED_BROWSER_LIFETIME
    return user.trusted_browsers.filter(created_at__gt=since)


def forget_browsers(user: User, pk: int | None = None) -> int:
    """Removes one trusted browser of `user` (by pk), or all of them; returns how many."""
    browsers = user.trusted_browsers.all()
    if pk is not None:
        browsers = browsers.filter(pk=pk)
    deleted, _ = browsers.delete()
    return deleted


def end_sessions(user: User) -> None:
    """Logs `user` out everywhere: every session made before now no longer passes Django's
    check of the session (accounts.models.User._get_session_auth_hash)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


# (pattern in the User-Agent, name shown), first match wins: Edge, Opera and Samsung Internet
# also say "Chrome", and every browser on an iPhone also says "Safari".
_BROWSERS = [
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
]
_SYSTEMS = [
    (r"iPhone", "iPhone"),
    (r"iPad", "iPad"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"CrOS", "ChromeOS"),
    (r"Macintosh|Mac OS X", "Mac"),
    (r"Linux", "Linux"),
]


def describe_browser(user_agent: str) -> str:
    """What a person recognises a browser by: 「Chrome（Android）」, 「Safari（iPhone）」."""
    browser = next((name for pattern, name in _BROWSERS if re.search(pattern, user_agent)), None)
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent)), None)
    if browser and system:
        return _("%(browser)s（%(system)s）") % {"browser": browser, "system": system}
    return browser or system or _("不明なブラウザ")

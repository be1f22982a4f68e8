"""The page for a form refused by the CSRF check (CSRF_FAILURE_VIEW)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

# Pages whose only purpose is to log in, by view name, each with how to tell whether its refused
# form logs in as the person now logged in. Re-sent after a login (the back button, or a reload
# of the page that answered a wrong password), the token they carry was rotated away by the
# login. The app that owns a login page registers it in its AppConfig.ready(): accounts.apps.
LoginCheck = Callable[[HttpRequest, object], bool]
_login_pages: dict[str, LoginCheck] = {}


def register_login_page(view_name: str, logs_in_as: LoginCheck) -> None:
    """`view_name` is a login page; `logs_in_as(request, user)` tells whether its form, refused
    in `request`, would log in as `user` (else someone else's form is on a shared phone)."""
    _login_pages[view_name] = logs_in_as


def csrf_failure(request, reason: str = ""):
    """Someone already logged in is sent to their own start page, not told about cookies.

    Runs from CsrfViewMiddleware.process_view, after every middleware's process_request, so
    request.user is normally there; get_user() covers a call from anywhere earlier.
    """
    user = getattr(request, "user", None)
    if user is None:
        user = get_user(request) if hasattr(request, "session") else AnonymousUser()
    if not user.is_authenticated:
        return render(request, "403_csrf.html", status=403)
    if user.is_staff:
        home = {"home_url": reverse("admin:index"), "home_label": _("管理サイトのトップへ")}
    else:
        home = {
            "home_url": resolve_url(settings.LOGIN_REDIRECT_URL),
            "home_label": _("マイページへ"),
        }
    match = request.resolver_match
    logs_in_as = match and _login_pages.get(match.view_name)
    if logs_in_as:
        if not logs_in_as(request, user):
            # Someone else's login form, loaded on a shared phone before this person logged
            # in: their マイページ is not the one to show.
            return render(request, "403_csrf.html", {**home, "other_account": True}, status=403)
        messages.info(request, _("ログイン済みです。"), fail_silently=True)
        response = HttpResponseRedirect(home["home_url"])
        response.status_code = 303  # See Other: a GET of the start page, never a re-POST
        return response
    return render(request, "403_csrf.html", home, status=403)

"""The page for a form refused by the CSRF check (CSRF_FAILURE_VIEW)."""

from django.contrib import messages
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.fields import MailAddressField

# Pages whose only purpose is to log in: re-sent after a login (the back button, or a reload of
# the page that answered a wrong password), the token they carry was rotated away by the login.
LOGIN_PAGES = {"accounts:login", "accounts:signup_password", "admin:login"}


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
        home = {"home_url": reverse("jobseeker:mypage"), "home_label": _("マイページへ")}
    match = request.resolver_match
    if match is not None and match.view_name in LOGIN_PAGES:
        if not _logs_in_as(request, user):
            # Someone else's login form, loaded on a shared phone before this person logged
            # in: their マイページ is not the one to show.
            return render(request, "403_csrf.html", {**home, "other_account": True}, status=403)
        messages.info(request, _("ログイン済みです。"), fail_silently=True)
        response = HttpResponseRedirect(home["home_url"])
        response.status_code = 303  # See Other: a GET of the start page, never a re-POST
        return response
    return render(request, "403_csrf.html", home, status=403)


def _logs_in_as(request, user) -> bool:
    """Whether the refused form logs in as `user`: its mail address, as the login form reads it
    (a form without one, the signup's password page, is the account just opened here)."""
    if "username" not in request.POST:
        return True
    try:
        typed = MailAddressField().clean(request.POST["username"])
    except ValidationError:
        return False
    return typed.casefold() == user.email.casefold()

"""Login and logout (the job seekers'; staff log in through the admin, accounts.admin_site).

A right password is the first of two steps: views.login_code asks for the mailed code next.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from hellowork.language import KeepsTypedInputMixin

from .. import throttle
from ..fields import MailAddressField
from ..forms.login import LoginForm
from .login_code import SecondStepLoginMixin

# When the limit on wrong passwords that logged this browser out opens (ISO 8601); set by
# password.CurrentPasswordPageMixin, forgotten by a new password from the reset mail.
LOCKED_OUT_UNTIL = "locked_out_until"


class LoginView(SecondStepLoginMixin, KeepsTypedInputMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def locked_out_notice(self) -> str | None:
        """Why this browser was logged out (CurrentPasswordPageMixin), while it still holds."""
        until = self.request.session.get(LOCKED_OUT_UNTIL)
        left = until and datetime.fromisoformat(until) - timezone.now()
        if not left or left <= timedelta(0):
            self.request.session.pop(LOCKED_OUT_UNTIL, None)
            return None
        return _(
            "現在のパスワードの入力を続けて間違えたため、安全のためログアウトしました。"
            "約%(minutes)d分後に、もう一度ログインしてください。"
            "パスワードを忘れた場合は、「パスワードを忘れた方」から再設定すると、"
            "すぐにログインできます。"
        ) % {"minutes": throttle.Limited(left).minutes}


def log_out(request):
    """Ends the session and says so on the page after it: ログアウト from any page, including a
    wizard step (jobseeker's wizard keeps the step's input first, then calls this)."""
    logout(request)
    if request.POST.get("logout") == "ended":
        # static/js/session.js, when its warning was not answered (issue #17).
        text = _(
            "ログインの有効時間が終わるため、ログアウトしました。"
            "求職申込みの入力内容は保存されています。もう一度ログインすると続けられます。"
        )
    else:
        text = _("ログアウトしました。")
    messages.success(request, text)
    return redirect(settings.LOGOUT_REDIRECT_URL)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        return log_out(request)


def refused_form_logs_in_as(request, user) -> bool:
    """Whether a login form the CSRF check refused (hellowork.csrf) logs in as `user`: its mail
    address, as the login form reads it (a form without one, the signup's password page, is the
    account just opened here). Registered for the login pages in accounts.apps."""
    if "username" not in request.POST:
        return True
    try:
        typed = MailAddressField().clean(request.POST["username"])
    except ValidationError:
        return False
    return typed.casefold() == user.email.casefold()

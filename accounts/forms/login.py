"""Login by mail address and password: the job seekers' and the admin's, under one limit."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .. import password_attempts, throttle
from ..fields import MailAddressField, PasswordField, reject_lone_surrogates


class ThrottledLoginMixin:
    """Refuses a login for a while after repeated failures (accounts.password_attempts)."""

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        client = throttle.client_address(self.request) if self.request else ""
        if limited := password_attempts.refused(email, client):
            raise forms.ValidationError(
                _(
                    "パスワードの誤りが続いたため、一時的にログインできません。"
                    "約%(minutes)d分後にもう一度お試しいただくか、"
                    "「パスワードを忘れた方」から再設定してください（再設定すると、すぐにログインできます）。"
                ),
                code="throttled",
                params={"minutes": limited.minutes},
            )
        return super().clean()


class LoginForm(ThrottledLoginMixin, auth_forms.AuthenticationForm):
    """Login by mail address; refused for a while after repeated failures (password_attempts)."""

    username = MailAddressField(label=_("メールアドレス"))
    # A failed login does not echo the password back, as everywhere else on the web.
    password = PasswordField(
        label=_("パスワード"), autocomplete="current-password", render_value=False
    )

    error_messages = {
        "invalid_login": _(
            "メールアドレスまたはパスワードが正しくありません。"
            "パスワードを忘れた方は「パスワードを忘れた方」から再設定できます。"
        ),
        "inactive": _("このアカウントは利用できません。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.pop("maxlength", None)


class StaffLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login, under the same limits as the job seekers' one."""

    username = MailAddressField(label=_("メールアドレス"))

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django's own password field: text it could not hash gets a message, not an error.
        self.fields["password"].validators.append(reject_lone_surrogates)

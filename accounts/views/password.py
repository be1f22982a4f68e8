"""Passwords: the reset by mail, the change, and the pages that ask for the current password
(password change, mail address change, deletion, the admin's password change)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from hellowork.language import KeepsTypedInputMixin

from .. import password_attempts, services, throttle
from ..forms.password import (
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    StaffPasswordChangeForm,
)
from .login import LOCKED_OUT_UNTIL


class PasswordResetView(KeepsTypedInputMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        limited = services.request_password_reset(
            email=form.cleaned_data["email"],
            client=throttle.client_address(self.request),
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
        if limited:
            form.add_error(
                None,
                _(
                    "再設定のお申込みが短時間に続いたため、一時的に受け付けを停止しています。"
                    "約%(minutes)d分後にもう一度お試しください。"
                )
                % {"minutes": limited.minutes},
            )
            return self.form_invalid(form)
        return redirect(self.success_url)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form):
        # The mailbox's owner set it: the wrong passwords typed for the old one go.
        password_attempts.forget_failures(form.user.email)
        self.request.session.pop(LOCKED_OUT_UNTIL, None)
        return super().form_valid(form)


class CurrentPasswordPageMixin:
    """A page whose form asks for the current password (forms.password.CurrentPasswordMixin).

    When the form's wrong password uses up the limit, the session ends: whoever holds it cannot
    go on guessing, and the person is told what happened and when to log in again.
    """

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "client": throttle.client_address(self.request)}

    def form_invalid(self, form):
        if not form.locked_out:
            return super().form_invalid(form)
        log_out_for_wrong_passwords(self.request, form.locked_out)
        return redirect("accounts:login")


def log_out_for_wrong_passwords(request, locked_out: throttle.Limited) -> None:
    """Ends the session whose wrong current password closed the login's limit; the login page
    then says why (LoginView.locked_out_notice), in the new session, so that it is said in
    whichever language the page is shown, for as long as the limit lasts."""
    logout(request)
    until = timezone.now() + locked_out.retry_after
    request.session[LOCKED_OUT_UNTIL] = until.isoformat()


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(CurrentPasswordPageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("jobseeker:mypage")

    def form_valid(self, form):
        messages.success(self.request, _("パスワードを変更しました。"))
        return super().form_valid(form)


class StaffPasswordChangeView(CurrentPasswordPageMixin, auth_views.PasswordChangeView):
    """The admin's 「パスワードの変更」 (accounts.admin_site)."""

    form_class = StaffPasswordChangeForm

    def form_invalid(self, form):
        if not form.locked_out:
            return super().form_invalid(form)
        logout(self.request)
        # The admin's login shows messages; staff have no reset page, and no English.
        messages.error(
            self.request,
            _(
                "現在のパスワードの入力を続けて間違えたため、安全のためログアウトしました。"
                "約%(minutes)d分後に、もう一度ログインしてください。"
                "パスワードを忘れた場合は、システム管理者にお問い合わせください。"
            )
            % {"minutes": form.locked_out.minutes},
        )
        return redirect("admin:login")


password_reset_sent = TemplateView.as_view(template_name="accounts/password_reset_sent.html")
password_reset_complete = login_required(
    TemplateView.as_view(template_name="accounts/password_reset_complete.html")
)

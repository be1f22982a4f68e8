"""Passwords: the reset by mail, the change (job seekers' and the admin's), and the check of the
current password that every page changing something of the account asks for."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import mail, password_attempts, throttle
from ..fields import MailAddressField, PasswordField
from ..password_rules import show_password_rules

PASSWORD_MISMATCH = _(
    "「パスワード」と「パスワード（確認用）」が一致しません。同じパスワードを入力してください。"
)

# Wrong current passwords left before the logout from which the message counts them down.
WARN_BEFORE_LOGOUT = 3


class CurrentPasswordMixin:
    """A form that asks a logged-in person for their current password.

    A wrong password counts as a failed login (accounts.password_attempts), so a session left
    open is no way to guess the password past the login's limit; while the limit is closed the
    password is not checked at all. `locked_out` is set when this form's wrong password closed
    it: the view then ends the session (accounts.views.password.CurrentPasswordPageMixin).
    """

    def __init__(self, *args, client: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.locked_out: throttle.Limited | None = None

    def verify_current_password(self, password: str) -> str:
        email = self.user.email
        if limited := password_attempts.refused(email, self.client):
            raise forms.ValidationError(
                _(
                    "パスワードの誤りが続いたため、一時的に受け付けを停止しています。"
                    "約%(minutes)d分後にもう一度お試しください。"
                ),
                code="throttled",
                params={"minutes": limited.minutes},
            )
        if not self.user.check_password(password):
            password_attempts.count_failure(email, self.client)
            self.locked_out = password_attempts.refused(email, self.client)
            remaining = password_attempts.remaining(email, self.client)
            if remaining > WARN_BEFORE_LOGOUT:
                raise forms.ValidationError(
                    _("現在のパスワードが正しくありません。"), code="password_incorrect"
                )
            raise forms.ValidationError(
                _(
                    "現在のパスワードが正しくありません。"
                    "あと%(remaining)d回間違えると、安全のためログアウトします。"
                ),
                code="password_incorrect",
                params={"remaining": remaining},
            )
        return password


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = MailAddressField(label=_("メールアドレス"))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through accounts.mail, so the reset mail is queued and recorded like every other.

        Only ever called by the task that looks the address up (accounts.tasks), off the request.
        """
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        mail.queue_mail(
            subject,
            email_template_name,
            to_email,
            context,
            tag="password-reset",
            user=context["user"],
            send_before=timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    new_password1 = PasswordField(label=_("新しいパスワード"))
    new_password2 = PasswordField(label=_("新しいパスワード（確認用）"))

    class Media:
        # The checklist of the new password's rules (its texts are the box's data- attributes).
        js = [forms.Script("js/password.js", defer=True)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's PasswordResetConfirmView builds this form with user=None for a link whose
        # account does not exist (any more), then shows the invalid-link page instead of it.
        email = self.user.email if self.user is not None else None
        show_password_rules(self.fields["new_password1"], email)
        self.error_messages = {**self.error_messages, "password_mismatch": PASSWORD_MISMATCH}

    def validate_password_for_user(self, user, *args, **kwargs):
        # The rules' messages belong next to the password itself, not its confirmation.
        # (Django's SetPasswordForm.clean passes the field name positionally.)
        super().validate_password_for_user(user, password_field_name="new_password1")


class PasswordChangeForm(CurrentPasswordMixin, SetPasswordForm, auth_forms.PasswordChangeForm):
    old_password = PasswordField(
        label=_("現在のパスワード"),
        autocomplete="current-password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        return self.verify_current_password(self.cleaned_data["old_password"])


class StaffPasswordChangeForm(CurrentPasswordMixin, AdminPasswordChangeForm):
    """The admin's own password change, under the same limit as the staff login."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The name its error messages use (Django's own label is 元のパスワード).
        self.fields["old_password"].label = _("現在のパスワード")

    def clean_old_password(self):
        return self.verify_current_password(self.cleaned_data["old_password"])

"""The forms of signup, login and password reset; each owns its normalisation and messages."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from jobseeker import numbers
from jobseeker.fields import BirthDateField
from jobseeker.models import Office

from . import mail, password_attempts, throttle
from .fields import AuthKeyField, MailAddressField, PasswordField, reject_lone_surrogates
from .models import User
from .services import CounterMatch, KeyAllowance, KeyCheck, KeyOutcome
from .validators import password_checklist, password_help_text

PASSWORD_MISMATCH = _(
    "「パスワード」と「パスワード（確認用）」が一致しません。同じパスワードを入力してください。"
)


class SignupForm(forms.Form):
    email = MailAddressField(
        label=_("メールアドレス"),
        help_text=_(
            "スマートフォンで受け取れるメールアドレスを100文字以内で入力してください。"
            "全角で入力しても半角に直します。"
        ),
    )
    email_confirm = MailAddressField(
        label=_("メールアドレス（確認用）"),
        help_text=_("確認のため、同じメールアドレスをもう一度入力してください。"),
    )
    agree = forms.BooleanField(
        label=_("「プライバシーポリシー」「利用規約」に同意します"),
        help_text=_(
            "高等学校・中等教育学校に在学中の方（卒業予定の方を含む）は、"
            "このサービスでは申し込めません。学校を通じてお申込みください。"
        ),
        error_messages={
            # The label names what is agreed to; the error summary puts it before this.
            "required": _("内容をご確認のうえ、チェックを入れてください。")
        },
    )

    def clean(self):
        cleaned = super().clean()
        email, confirm = cleaned.get("email"), cleaned.get("email_confirm")
        if email and confirm and email != confirm:
            self.add_error(
                "email_confirm",
                _(
                    "「メールアドレス」と「メールアドレス（確認用）」が一致しません。"
                    "同じメールアドレスを入力してください。"
                ),
            )
        return cleaned


KEY_MESSAGES = {
    KeyOutcome.WRONG: _(
        "認証キーが正しくありません。メールの認証キーをコピーして貼り付けてください。"
        "あと%(remaining)d回間違えると、この認証キーは使えなくなります。"
    ),
    KeyOutcome.EXPIRED: _(
        "この認証キーは有効期限（送信から%(lifetime)d分）が過ぎています。"
        "「認証キーを再送信する」を押して、新しい認証キーを受け取ってください。"
    ),
    KeyOutcome.SUPERSEDED: _(
        "この認証キーは、%(sent_at)sに新しい認証キーを送信したため使えません。"
        "%(sent_at)sに届いた最新のメールの認証キーを入力してください。"
    ),
    KeyOutcome.USED: _(
        "この認証キーはすでに使用され、アカウントは登録済みです。"
        "登録したメールアドレスとパスワードでログインしてください。"
    ),
    KeyOutcome.BURNED: _(
        "認証キーの入力を%(max_failures)d回間違えたため、この認証キーは使えなくなりました。"
        "「認証キーを再送信する」を押して新しい認証キーを受け取り、"
        "メールからコピーして貼り付けてください。"
    ),
    # Resending cannot buy more tries here: say when they come back, and who can help now.
    KeyOutcome.LOCKED: _(
        "認証キーの入力を%(max_failures)d回間違えたため、この認証キーは使えなくなりました。"
        "%(lifts_at)sまでは、新しい認証キーを受け取っても、1回間違えるとその認証キーも"
        "使えなくなります。お困りの場合は、%(office)s（電話 %(phone)s）にお問い合わせください。"
    ),
    KeyOutcome.RATE_LIMITED: _(
        "短い時間に何度も入力されたため、一時的に受け付けを停止しています。"
        "約%(minutes)d分後にもう一度お試しください。"
    ),
}


class KeyErrorMixin:
    """Puts the message for a key that did not work next to the form's auth_key field."""

    key_messages = KEY_MESSAGES

    def add_key_error(self, check: KeyCheck) -> None:
        if check.outcome is KeyOutcome.OK:
            return
        office = (
            Office.objects.filter(code=settings.DEFAULT_OFFICE_CODE).first()
            if check.outcome is KeyOutcome.LOCKED
            else None
        )
        params = {
            "lifts_at": check.limit_lifts_at and when(check.limit_lifts_at),
            "office": office and office.display_name,
            "phone": office and office.phone,
            "lifetime": settings.AUTH_KEY_LIFETIME.total_seconds() // 60,
            "max_failures": settings.AUTH_KEY_MAX_FAILURES,
            "remaining": check.remaining_attempts,
            "minutes": check.retry_minutes,
            "sent_at": check.newest_sent_at and when(check.newest_sent_at),
        }
        self.add_error(
            "auth_key",
            forms.ValidationError(
                self.key_messages[check.outcome], code=check.outcome, params=params
            ),
        )


def when(moment) -> str:
    """`moment` as a person reads it on a page: 5月1日 09時30分, in Japan time."""
    return date_format(localtime(moment), pgettext("date format", "n月j日 H時i分"))


def key_allowance_notice(allowance: KeyAllowance) -> str | None:
    """For the key page: fewer than the usual wrong tries are left for the address's new key."""
    if allowance.remaining >= settings.AUTH_KEY_MAX_FAILURES:
        return None
    if allowance.remaining > 0:
        return _(
            "この24時間に認証キーの入力を間違えた回数を数えています。"
            "あと%(remaining)d回間違えると、この認証キーは使えなくなります。"
        ) % {"remaining": allowance.remaining}
    return _(
        "認証キーの入力を%(max_failures)d回間違えたため、%(lifts_at)sまでは、"
        "1回間違えるとこの認証キーは使えなくなります。"
        "メールの認証キーをコピーして、そのまま貼り付けてください。"
    ) % {
        "max_failures": settings.AUTH_KEY_MAX_FAILURES,
        "lifts_at": when(allowance.limit_lifts_at),
    }


class AccountPasswordForm(KeyErrorMixin, forms.Form):
    """パスワード, パスワード（確認用） and 認証キー.

    The mail address is asked for too when the page does not know it.
    """

    email = MailAddressField(
        label=_("メールアドレス"),
        help_text=_("認証キーを受け取ったメールアドレスを入力してください。"),
    )
    password1 = PasswordField(label=_("パスワード"))
    password2 = PasswordField(
        label=_("パスワード（確認用）"),
        help_text=_("確認のため、同じパスワードをもう一度入力してください。"),
    )
    auth_key = AuthKeyField(
        label=_("認証キー"),
        help_text=_(
            "メールに記載された10文字の認証キーを貼り付けてください。"
            "前後のスペースや【】などの記号は自動で取り除きます。"
        ),
    )

    field_order = ["email", "password1", "password2", "auth_key"]

    class Media:
        # The checklist of the new password's rules (its texts are the box's data- attributes).
        js = [forms.Script("js/password.js", defer=True)]

    def __init__(self, *args, email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_email = email
        if email:
            del self.fields["email"]
        self.fields["password1"].help_text = password_help_text()
        self.fields["password1"].widget.attrs.update(password_checklist(email))

    @property
    def address(self) -> str | None:
        return self.known_email or self.cleaned_data.get("email")

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1:
            try:
                password_validation.validate_password(password1, User(email=self.address or ""))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORD_MISMATCH)
        return cleaned


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


# Wrong current passwords left before the logout from which the message counts them down.
WARN_BEFORE_LOGOUT = 3


class CurrentPasswordMixin:
    """A form that asks a logged-in person for their current password.

    A wrong password counts as a failed login (accounts.password_attempts), so a session left
    open is no way to guess the password past the login's limit; while the limit is closed the
    password is not checked at all. `locked_out` is set when this form's wrong password closed
    it: the view then ends the session (accounts.views.CurrentPasswordPageMixin).
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


class LoginForm(ThrottledLoginMixin, auth_forms.AuthenticationForm):
    """Login by mail address; refused for a while after repeated failures (see accounts.signals)."""

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
        self.fields["new_password1"].help_text = password_help_text()
        # Django's PasswordResetConfirmView builds this form with user=None for a link whose
        # account does not exist (any more), then shows the invalid-link page instead of it.
        email = self.user.email if self.user is not None else None
        self.fields["new_password1"].widget.attrs.update(password_checklist(email))
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


class EmailChangeForm(CurrentPasswordMixin, SignupForm):
    """The new address, twice, and the current password: a session left open is not enough."""

    agree = None
    password = PasswordField(
        label=_("現在のパスワード"), autocomplete="current-password", render_value=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.current_email = user.email
        self.fields["email"].label = _("新しいメールアドレス")
        self.fields["email_confirm"].label = _("新しいメールアドレス（確認用）")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email == self.current_email:
            raise forms.ValidationError(
                _("今のメールアドレスと同じです。新しいメールアドレスを入力してください。")
            )
        return email

    def clean_password(self):
        return self.verify_current_password(self.cleaned_data["password"])


class EmailChangeConfirmForm(KeyErrorMixin, forms.Form):
    key_messages = {
        **KEY_MESSAGES,
        KeyOutcome.USED: _("この認証キーはすでに使用されています。"),
    }

    auth_key = AuthKeyField(
        label=_("認証キー"),
        help_text=_(
            "新しいメールアドレスに届いた10文字の認証キーを貼り付けてください。"
            "前後のスペースや【】などの記号は自動で取り除きます。"
        ),
    )


class CounterAccountForm(forms.Form):
    """求職番号 and 生年月日 of an application made at the counter (SPEC "Screens and flow" 3)."""

    number = forms.CharField(
        label=_("求職番号"),
        help_text=_(
            "窓口でお渡しした求職番号を入力してください（例：74601-01234567）。"
            "全角で入力しても、ハイフンがなくてもかまいません。"
        ),
        error_messages={"required": _("求職番号を入力してください。")},
    )
    birth_date = BirthDateField(
        label=_("生年月日"), help_text=_("西暦で入力してください（例：1990年5月1日）。")
    )

    # One message for an unknown number, a wrong birth date and an application that already has
    # an account, so that the page never tells whether a number exists (issue #4 item 8). The
    # tries left and the lock are counted per number, unknown numbers too: they tell nothing.
    mismatch_message = _(
        "求職番号または生年月日が一致しません。"
        "窓口でお渡しした求職番号と、生年月日を確かめてください。"
        "あと%(remaining)d回一致しないと、この求職番号ではオンラインで結び付けられなくなります。"
    )
    locked_message = _(
        "この求職番号は、求職番号または生年月日が一致しない入力が%(max_failures)d回あったため、"
        "オンラインでの結び付けを停止しています。正しい生年月日を入力しても結び付けられません。"
        "お手数ですが、求職番号と本人確認書類（運転免許証など）をお持ちのうえ、"
        "%(office)sの窓口にお越しください（電話 %(phone)s）。"
    )
    rate_limited_message = _(
        "求職番号と生年月日の入力が短い時間に続いたため、一時的に受け付けを停止しています。"
        "約%(minutes)d分後にもう一度お試しいただくか、ハローワークの窓口でお問い合わせください。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        )

    def clean_number(self):
        # Format and check digit are arithmetic on what was typed: their messages leak nothing.
        number = numbers.normalize(self.cleaned_data["number"])
        if number is None:
            raise forms.ValidationError(
                _(
                    "求職番号は、数字5桁・ハイフン・数字8桁の13桁です（例：74601-01234567）。"
                    "ハイフンはなくてもかまいません。"
                ),
                code="format",
            )
        if not numbers.is_valid(number):
            raise forms.ValidationError(
                _(
                    "求職番号の数字に誤りがあります。"
                    "窓口でお渡しした求職番号を、1桁ずつ確かめてください。"
                ),
                code="check_digit",
            )
        return number

    def add_match_error(self, match: CounterMatch) -> None:
        if match.retry_minutes is not None:
            error = forms.ValidationError(
                self.rate_limited_message,
                code="rate_limited",
                params={"minutes": match.retry_minutes},
            )
        elif match.locked:
            office = self._office_of_number()
            error = forms.ValidationError(
                self.locked_message,
                code="locked",
                params={
                    "max_failures": settings.COUNTER_LINK_MAX_FAILURES,
                    "office": office and office.display_name,
                    "phone": office and office.phone,
                },
            )
        else:
            error = forms.ValidationError(
                self.mismatch_message,
                code="mismatch",
                params={"remaining": match.remaining_attempts},
            )
        self.add_error(None, error)

    def _office_of_number(self) -> Office | None:
        # A 求職番号 starts with its office's code, and the offices are public: naming the
        # number's office tells nothing about whether an application has the number.
        code = self.cleaned_data["number"][: numbers.OFFICE_CODE_LENGTH]
        return (
            Office.objects.filter(code=code).first()
            or Office.objects.filter(code=settings.DEFAULT_OFFICE_CODE).first()
        )


class AccountDeletionForm(CurrentPasswordMixin, forms.Form):
    """The current password, so that a session left open cannot delete the account."""

    password = PasswordField(
        label=_("現在のパスワード"), autocomplete="current-password", render_value=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        return self.verify_current_password(self.cleaned_data["password"])

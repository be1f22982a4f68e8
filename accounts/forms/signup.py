"""Signup: the mail address (twice) and the consent, then パスワード, 確認用 and 認証キー."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from ..fields import AuthKeyField, MailAddressField, PasswordField
from ..models import User
from ..password_rules import show_password_rules
from .keys import KeyErrorMixin
from .password import PASSWORD_MISMATCH


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
        show_password_rules(self.fields["password1"], email)

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

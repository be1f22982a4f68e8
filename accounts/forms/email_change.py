"""Mail address change: the new address (twice) and the current password, then the 認証キー
mailed to the new address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..fields import AuthKeyField, PasswordField
from ..models import User
from ..services import KeyOutcome
from .keys import KEY_MESSAGES, KeyErrorMixin
from .password import CurrentPasswordMixin
from .signup import SignupForm


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

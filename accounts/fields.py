"""Form fields that turn what people type on a phone into what the system needs.

The flyer's Q2/Q3 list the real service's traps: 全角 in the mail address, a full-width ＠,
stray spaces, keys pasted with 【】. These fields convert all of that instead of refusing it.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import KEY_LENGTH

# Dashes an IME produces where a hyphen was meant (ー in かな mode, － in 全角 mode …), before
# or after NFKC: the one list every field that reads hyphens uses.
DASHES = "－ー‐‑‒–—―−ｰ﹣\u2043\u00ad"
_MAIL_TRANSLATION = {ord(c): "-" for c in DASHES} | {ord("。"): ".", ord("、"): ","}


def normalize_mail_address(value: str) -> str:
    """Half-width, no whitespace anywhere, lower case.

    'Ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ ' → 'taro@example.jp'
    """
    value = unicodedata.normalize("NFKC", value).translate(_MAIL_TRANSLATION)
    return "".join(value.split()).lower()


def normalize_auth_key(value: str) -> str:
    """Only the key's own characters: '【ａｂｃＤ２３４５６７】 ' → 'ABCD234567'."""
    value = unicodedata.normalize("NFKC", value).upper()
    return "".join(c for c in value if c.isascii() and c.isalnum())


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def reject_lone_surrogates(value: str) -> None:
    """Text with a lone UTF-16 surrogate can be neither stored (UTF-8 has no code for it) nor
    hashed; with NUL (Django's own validator) it is what PostgreSQL refuses.

    A browser never sends one (invalid UTF-8 arrives as U+FFFD); a form filled from code might.
    """
    if isinstance(value, str) and _LONE_SURROGATE.search(value):
        raise ValidationError(
            _("使用できない文字が含まれています。入力し直してください。"), code="surrogate"
        )


class NoMaxLengthAttrMixin:
    """Limits are checked by the server after conversion; a browser's maxlength would cut input."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class MailAddressField(NoMaxLengthAttrMixin, forms.EmailField):
    default_validators = [
        EmailValidator(
            _(
                "メールアドレスの形式が正しくありません。「@」の前後と「.」の位置を"
                "確認してください（例：taro.yamada@example.jp）。"
            )
        )
    ]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("メールアドレスを入力してください。"),
                "max_length": _(
                    "メールアドレスは100文字以内で入力してください（現在%(show_value)d文字）。"
                ),
            },
        )
        super().__init__(**kwargs)
        # type="email" opens the mail keyboard already: no inputmode (the page budget).
        self.widget.attrs["autocomplete"] = "email"

    def to_python(self, value):
        return normalize_mail_address(super().to_python(value) or "")


class AuthKeyField(NoMaxLengthAttrMixin, forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"required": _("メールに記載された認証キーを入力してください。")},
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}
        )

    def to_python(self, value):
        return normalize_auth_key(super().to_python(value) or "")

    def validate(self, value):
        super().validate(value)
        if value and len(value) != KEY_LENGTH:
            raise forms.ValidationError(
                _(
                    "認証キーは%(length)d文字です（入力された英数字は%(count)d文字）。"
                    "メールの認証キーをそのままコピーして貼り付けてください。"
                ),
                code="key_length",
                params={"length": KEY_LENGTH, "count": len(value)},
            )


def normalize_login_code(value: str) -> str:
    """Only the code's digits: '１２３ ４５６' or '123-456' → '123456'."""
    value = unicodedata.normalize("NFKC", value)
    return "".join(c for c in value if c.isascii() and c.isdigit())


class LoginCodeField(NoMaxLengthAttrMixin, forms.CharField):
    """The login's ワンタイムパスワード, typed or pasted from the mail in any width."""

    def __init__(self, *, length: int, **kwargs):
        self.length = length
        kwargs.setdefault(
            "error_messages",
            {
                "required": _(
                    "メールに記載されたワンタイムパスワード（6桁の数字）を入力してください。"
                )
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "numeric"})

    def to_python(self, value):
        return normalize_login_code(super().to_python(value) or "")

    def validate(self, value):
        super().validate(value)
        if value and len(value) != self.length:
            raise forms.ValidationError(
                _(
                    "ワンタイムパスワードは%(length)d桁の数字です（入力された数字は%(count)d桁）。"
                    "メールに記載された数字を確認してください。"
                ),
                code="code_length",
                params={"length": self.length, "count": len(value)},
            )


class PasswordField(forms.CharField):
    """A password typed on any keyboard: ¥ (U+00A5, the yen key of Japanese layouts) is \\."""

    default_validators = [reject_lone_surrogates]

    def __init__(self, *, autocomplete: str = "new-password", render_value=True, **kwargs):
        # A new password keeps its spaces so the policy can point them out; a typed current
        # password loses stray ones, which no valid password has.
        kwargs.setdefault("strip", autocomplete == "current-password")
        kwargs.setdefault(
            "error_messages",
            {"required": format_lazy(_("{label}を入力してください。"), label=kwargs.get("label"))},
        )
        kwargs.setdefault(
            "widget",
            # render_value=False where a wrong password is not shown again (login, deletion).
            forms.PasswordInput(render_value=render_value, attrs={"autocomplete": autocomplete}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return (super().to_python(value) or "").replace("\u00a5", "\\")

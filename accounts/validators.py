"""The password policy of SPEC "Rules" and the flyer's Q3, one message per unmet rule."""

import re
import string
from difflib import SequenceMatcher

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The flyer lists @ # ; , . / ¥ - ! " $ % & ' ( ) <; every printable ASCII symbol is allowed.
SYMBOLS = string.punctuation


class HalfWidthPasswordValidator:
    """At least `min_length` half-width characters with a letter, a digit and a symbol."""

    def __init__(self, min_length: int = 8, max_length: int = 128):
        self.min_length = min_length
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        password = password.replace("\u00a5", "\\")
        errors = []
        if any(not c.isascii() for c in password):
            errors.append(
                ValidationError(
                    _(
                        "全角文字は使えません。英字・数字・記号はすべて半角で入力してください"
                        "（入力モードを「英数」や「ABC」に切り替えてください）。"
                    ),
                    code="password_full_width",
                )
            )
        if any(c.isspace() for c in password):
            errors.append(
                ValidationError(_("スペース（空白）は使えません。"), code="password_space")
            )
        if errors:
            # Until the characters are half-width, the other rules would only add noise
            # (a full-width "Ａ" is not a letter to them).
            raise ValidationError(errors)
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    _("%(min)d文字以上にしてください（現在%(count)d文字）。"),
                    code="password_too_short",
                    params={"min": self.min_length, "count": len(password)},
                )
            )
        if len(password) > self.max_length:
            errors.append(
                ValidationError(
                    _("%(max)d文字以内にしてください。"),
                    code="password_too_long",
                    params={"max": self.max_length},
                )
            )
        if not any(c.isascii() and c.isalpha() for c in password):
            errors.append(
                ValidationError(
                    _("半角の英字（a〜z、A〜Z）を1文字以上入れてください。"),
                    code="password_no_letter",
                )
            )
        if not any(c.isascii() and c.isdigit() for c in password):
            errors.append(
                ValidationError(
                    _("半角の数字（0〜9）を1文字以上入れてください。"), code="password_no_digit"
                )
            )
        if not any(c in SYMBOLS for c in password):
            errors.append(
                ValidationError(
                    _(
                        "半角の記号（@ # ; , . / \\ - ! \" $ % & ' ( ) < など）を"
                        "1文字以上入れてください。"
                    ),
                    code="password_no_symbol",
                )
            )
        if errors:
            raise ValidationError(errors)

    def checklist(self) -> dict[str, str]:
        """The rules as data- attributes of a new password's box: the script ticks each one off
        while the password is typed (the server still decides, with the messages above)."""
        return {
            "data-rule-min": str(self.min_length),
            "data-rule-halfwidth": _("全角文字・スペースなし"),
            "data-rule-length": _("%(min)d文字以上") % {"min": self.min_length},
            "data-rule-letter": _("半角の英字"),
            "data-rule-digit": _("半角の数字"),
            "data-rule-symbol": _("半角の記号"),
        }

    def get_help_text(self) -> str:
        return _(
            "半角の英字・数字・記号をそれぞれ1文字以上使い、%(min)d文字以上で入力してください。"
            "記号は @ # ; , . / - ! \" $ %% & ' ( ) < などが使えます。"
            "¥ と \\ は同じ記号として扱います。"
        ) % {"min": self.min_length}


class MailAddressSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's check against the mail address, plus its local part read as the words it joins.

    Django splits the address on non-word characters and measures each piece against the whole
    password, so 'taroyamada1!' passed for taro.yamada@example.jp: neither 'taro' nor 'yamada'
    alone is long enough to be "similar", and '_' does not split at all. Here the local part
    without its separators (. _ - +) is measured too, and a password containing any of its
    pieces of four or more characters is refused (shorter pieces such as 'a' or 'jp' are in
    too many good passwords).
    """

    SEPARATORS = re.compile(r"[._+-]+")
    MIN_PIECE = 4

    def __init__(self, user_attributes=("email",), max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def validate(self, password: str, user=None) -> None:
        super().validate(password, user)
        local = (getattr(user, "email", None) or "").rpartition("@")[0].lower()
        if not local:
            return
        password = password.lower()
        joined = self.SEPARATORS.sub("", local)
        pieces = [p for p in {joined, *self.SEPARATORS.split(local)} if len(p) >= self.MIN_PIECE]
        if any(piece in password for piece in pieces) or (
            joined and SequenceMatcher(a=password, b=joined).quick_ratio() >= self.max_similarity
        ):
            raise ValidationError(
                _(
                    "メールアドレスの「@」より前の部分（%(local)s）に似たパスワードは使えません。"
                    "推測されにくい別のパスワードにしてください。"
                ),
                code="password_too_similar",
                params={"local": local},
            )

    def get_error_message(self) -> str:
        # Django's Japanese puts spaces around the name ("このパスワードは メールアドレス と…").
        return _("パスワードが%(verbose_name)sと似すぎています。")

    def get_help_text(self) -> str:
        return _("メールアドレスの一部や、メールアドレスに似たパスワードは使えません。")

    def checklist(self, email: str | None = None) -> dict[str, str]:
        """This rule for the script's checklist, with the address when the page knows it (else
        the script reads the form's mail address box)."""
        rule = {"data-rule-mail": _("メールアドレスに似ていない")}
        return {**rule, "data-rule-mail-address": email} if email else rule


def password_help_text() -> str:
    """The rules shown under a new password's box: what each configured validator says, but
    the common-password list (a rule nobody can follow by reading it)."""
    return join_sentences(
        validator.get_help_text()
        for validator in password_validation.get_default_password_validators()
        if not isinstance(validator, password_validation.CommonPasswordValidator)
    )


def join_sentences(sentences) -> str:
    """Sentences one after another: a Japanese one (ending in 。) is followed by no space, as
    Japanese is written; an English one by a space."""
    text = ""
    for sentence in sentences:
        if text and not text.endswith(("。", "」")):
            text += " "
        text += sentence
    return text


def password_checklist(email: str | None = None) -> dict[str, str]:
    """The checklists of the configured validators that have one (the script's rules), for a
    password of the account with address `email` (None: the form asks for it)."""
    checklist = {}
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, HalfWidthPasswordValidator):
            checklist.update(validator.checklist())
        elif isinstance(validator, MailAddressSimilarityValidator):
            checklist.update(validator.checklist(email))
    return checklist

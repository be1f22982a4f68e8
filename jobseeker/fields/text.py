"""全角 text and フリガナ, and the width conversions every field of the 求職申込み builds on.

The flyer warns that 住所 must be 全角 including numbers and that phone numbers must be 半角
(Q2, Q4): here width, dashes, spaces and hiragana are converted rather than refused.
"""

import re

import jaconv
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.fields import DASHES, NoMaxLengthAttrMixin, reject_lone_surrogates

# Everything an IME or a copied web page puts where a hyphen was meant. ー and ｰ are in the list
# because かな mode types them from the hyphen key; in a number they can only mean a hyphen.
_NUMBER_TRANSLATION = (
    {ord(c): "-" for c in DASHES}
    | {0xFF10 + i: str(i) for i in range(10)}
    | {ord("＋"): "+"}
    | {ord(c): None for c in "()（）"}
)


def to_full_width(value: str) -> str:
    """全角 as the real service's 住所 and 経歴 need it: 'ｸﾞﾗﾝ 101-2' → 'グラン　１０１－２'."""
    return jaconv.h2z(value, kana=True, ascii=True, digit=True)


def to_half_width_number(value: str) -> str:
    """半角 digits and '-' only: '（０９９５）２２－８６０９' → '099522-8609'.

    Not jaconv.normalize: it turns － into ー, which is exactly the confusion to undo here.
    """
    return "".join(value.translate(_NUMBER_TRANSLATION).split())


# Line breaks and tabs, with the spaces around them: a text area lets Enter type them.
_BREAKS = re.compile(r"[ \u3000]*[\t\n\v\f\r]+[ \u3000]*")


class FullWidthCharField(NoMaxLengthAttrMixin, forms.CharField):
    """Text stored in 全角 on one line, its length counted after conversion ('全角30文字以内').

    A line break (Enter in a text area such as 仕事内容's) becomes a 全角 space: the value is one
    line wherever it is shown (the マイページ's 経歴 row, the counter's list).
    """

    default_validators = [reject_lone_surrogates]

    default_error_messages = {
        "max_length": _("全角%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。")
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return _BREAKS.sub("\u3000", to_full_width(value)).strip()

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.max_length is not None:
            # The counter tells the limit while typing (its text is on form.js's own tag, said
            # once for the page); the server still decides.
            attrs["data-counter"] = str(self.max_length)
        return attrs


_KATAKANA = re.compile(r"[ァ-ヺー・ヽヾ]+")


class KatakanaField(NoMaxLengthAttrMixin, forms.CharField):
    """フリガナ: hiragana and 半角カナ are converted to 全角カタカナ; spaces are dropped."""

    default_error_messages = {
        "katakana": _("カタカナで入力してください（ひらがなで入力しても、カタカナに直します）。")
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = jaconv.hira2kata(jaconv.h2z(value, kana=True))
        # A dash typed for the long vowel (サト－) is what the person meant by ー.
        value = value.translate({ord(c): "ー" for c in DASHES})
        return "".join(value.split())

    def validate(self, value):
        super().validate(value)
        if value and not _KATAKANA.fullmatch(value):
            raise forms.ValidationError(self.error_messages["katakana"], code="katakana")

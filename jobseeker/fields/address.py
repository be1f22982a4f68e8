"""The 住所's fields: 郵便番号, 都道府県, and the address lines in 全角."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.fields import DASHES, NoMaxLengthAttrMixin, reject_lone_surrogates

from ..choices import PREFECTURE_CHOICES, PREFECTURES
from .text import FullWidthCharField, to_half_width_number


def normalize_postal_code(value: str) -> str | None:
    """'〒８９５－２５１１' → '895-2511'; None when it is not seven digits."""
    digits = to_half_width_number(value).replace("〒", "").replace("-", "")
    if not re.fullmatch(r"[0-9]{7}", digits):
        return None
    return f"{digits[:3]}-{digits[3:]}"


# A dash between two digits of an address: かな mode types ー from the hyphen key, and
# '768ー1' is 768番地の1 as surely as '768-1' is.
_DASH_BETWEEN_DIGITS = re.compile(rf"(?<=[0-9０-９])[{DASHES}](?=[0-9０-９])")


class AddressCharField(FullWidthCharField):
    """住所 (市区町村, 番地, 建物名): 全角, with '７６８ー１' read as '７６８－１'."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return _DASH_BETWEEN_DIGITS.sub("－", value)


class PostalCodeField(NoMaxLengthAttrMixin, forms.CharField):
    """郵便番号 in any width, with or without 〒 and hyphen; stored as '895-2511'."""

    default_error_messages = {
        "invalid": _("郵便番号は7桁の数字で入力してください（例：895-2511）。"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        normalized = normalize_postal_code(value)
        if normalized is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return normalized


class PrefectureField(NoMaxLengthAttrMixin, forms.CharField):
    """One of the 47 都道府県, typed: '鹿児島県', '鹿児島', ' 鹿児島 ' → '鹿児島県'.

    A text box, not a 47-item list: the 住所検索 or the phone's address autofill fills it, and
    a name is quicker to type than to find. The 都/道/府/県 may be left off (北海道 is whole), and
    the name the page shows in its language ('Kagoshima') is accepted too. Stored as the full
    Japanese name, as the address needs it.
    """

    default_validators = [reject_lone_surrogates]
    default_error_messages = {
        "required": _("都道府県名を入力してください（例：鹿児島県）。"),
        "invalid": _("都道府県名を入力してください（例：鹿児島県）。"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs["autocomplete"] = "address-level1"

    def to_python(self, value):
        value = "".join(unicodedata.normalize("NFKC", super().to_python(value)).split())
        if value in self.empty_values:
            return value
        if value in PREFECTURES:
            return value
        if prefecture := _PREFECTURE_WITHOUT_SUFFIX.get(value):
            return prefecture
        for prefecture, label in PREFECTURE_CHOICES:
            if value.casefold() == "".join(str(label).split()).casefold():
                return prefecture
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


# '鹿児島' → '鹿児島県', '東京' → '東京都'; not '北海' (nobody writes it).
_PREFECTURE_WITHOUT_SUFFIX = {name[:-1]: name for name in PREFECTURES if name != "北海道"}

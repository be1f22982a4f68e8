"""Japanese phone numbers, each checked against its box: 固定電話 or 携帯電話 (the flyer's Q4)."""

import re
from typing import Literal

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberType

from accounts.fields import NoMaxLengthAttrMixin

from .text import to_half_width_number


class TelInput(forms.TextInput):
    input_type = "tel"


# Numbers dialled within Japan have 11 digits after these (携帯, PHS, IP電話, 0800) and 10
# after any other 0 (固定電話 with its 市外局番, 0120).
_ELEVEN_DIGIT_PREFIXES = ("020", "050", "060", "070", "080", "090", "0800")


def _wrong_length(typed: str) -> tuple[str, dict] | None:
    """('too_short' or 'too_long', its params) for a number dialled in Japan, from 0, whose
    digits are too few or too many; None for anything else, a missing 市外局番 among it (the
    typed number does not start with 0: "invalid" asks for the 市外局番)."""
    national = "0" + typed.removeprefix("+81") if typed.startswith("+81") else typed
    digits = re.sub(r"[^0-9]", "", national)
    if national.startswith("+") or not digits.startswith("0"):
        return None
    expected = 11 if digits.startswith(_ELEVEN_DIGIT_PREFIXES) else 10
    if len(digits) == expected:
        return None
    code = "too_short" if len(digits) < expected else "too_long"
    return code, {"expected": expected, "count": len(digits)}


class PhoneNumberField(NoMaxLengthAttrMixin, forms.CharField):
    """A Japanese phone number for the 固定電話 or the 携帯電話 box, stored as '090-1234-5678'.

    The flyer's Q4: numbers typed into the other box were refused without saying why. Here the
    kind of number is recognised and the message names the box it belongs in.
    """

    # 050 (IP phone) is where a landline moved to, so it is a 固定電話 here.
    _ACCEPTED = {
        "fixed": {
            PhoneNumberType.FIXED_LINE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE,
            PhoneNumberType.VOIP,
        },
        "mobile": {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
    }

    def __init__(self, *, kind: Literal["fixed", "mobile"], **kwargs):
        if kind not in self._ACCEPTED:
            raise ValueError(f"kind must be 'fixed' or 'mobile', not {kind!r}")
        self.kind = kind
        if kind == "fixed":
            invalid = _(
                "電話番号が正しくありません。市外局番から入力してください（例：0995-22-8609）。"
            )
        else:
            invalid = _(
                "電話番号が正しくありません。0から始まる11桁で入力してください"
                "（例：090-1234-5678）。"
            )
        error_messages = {
            "invalid": invalid,
            "mobile_in_fixed": _("携帯電話の番号です。「携帯電話」の欄に入力してください。"),
            "fixed_in_mobile": _("固定電話の番号です。「固定電話」の欄に入力してください。"),
            "ip_in_mobile": _("IP電話（050）の番号です。「固定電話」の欄に入力してください。"),
            "too_short": _(
                "電話番号の桁数が足りません。0から始まる%(expected)d桁で入力してください"
                "（入力は%(count)d桁）。"
            ),
            "too_long": _(
                "電話番号の桁数が多すぎます。0から始まる%(expected)d桁で入力してください"
                "（入力は%(count)d桁）。"
            ),
        }
        error_messages.update(kwargs.pop("error_messages", None) or {})
        kwargs.setdefault("widget", TelInput)
        super().__init__(error_messages=error_messages, **kwargs)
        # Autofill offers the phone's own (mobile) number; the contact token keeps it out of
        # the 固定電話 box where the browser honours it.
        # (type="tel" opens the phone keypad: an inputmode would repeat it, for the page budget.)
        self.widget.attrs["autocomplete"] = "home tel" if kind == "fixed" else "mobile tel"

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            number = phonenumbers.parse(to_half_width_number(value), "JP")
        except phonenumbers.NumberParseException:
            number = None
        if (
            number is None
            or not phonenumbers.is_valid_number(number)
            or phonenumbers.region_code_for_number(number) != "JP"
        ):
            if wrong_length := _wrong_length(to_half_width_number(value)):
                code, params = wrong_length
                raise forms.ValidationError(self.error_messages[code], code=code, params=params)
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

        number_type = phonenumbers.number_type(number)
        if number_type not in self._ACCEPTED[self.kind]:
            if self.kind == "fixed" and number_type == PhoneNumberType.MOBILE:
                code = "mobile_in_fixed"
            elif self.kind == "mobile" and number_type == PhoneNumberType.VOIP:
                code = "ip_in_mobile"
            elif self.kind == "mobile" and number_type == PhoneNumberType.FIXED_LINE:
                code = "fixed_in_mobile"
            else:
                # 0120, 0570, 0990 …: a service's number, never a person's.
                code = "invalid"
            raise forms.ValidationError(self.error_messages[code], code=code)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)

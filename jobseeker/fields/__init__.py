"""Form fields of the 求職申込み that convert what people type on a phone instead of refusing it.

The flyer warns that 住所 must be 全角 including numbers, that phone numbers must be 半角 and
that a mobile number typed into 固定電話 is an error (Q2, Q4). Here width, dashes, spaces and
hiragana are converted; a message is shown only when the converted value is still wrong, and it
says what to type.

One module per kind of answer: text.py (全角 text, フリガナ, the width conversions), address.py
(郵便番号, 都道府県, the address lines), phone.py, times.py (times of day), dates.py (西暦 and
和暦 years, the 生年月日). Import the fields from here.
"""

from .address import AddressCharField, PostalCodeField, PrefectureField, normalize_postal_code
from .dates import (
    BirthDateField,
    BirthDateWidget,
    YearField,
    age_on,
    format_birth_date,
    parse_year,
    wareki,
)
from .phone import PhoneNumberField, TelInput
from .text import FullWidthCharField, KatakanaField, to_full_width, to_half_width_number
from .times import TimeOfDayField

__all__ = [
    "AddressCharField",
    "BirthDateField",
    "BirthDateWidget",
    "FullWidthCharField",
    "TimeOfDayField",
    "KatakanaField",
    "PhoneNumberField",
    "PostalCodeField",
    "PrefectureField",
    "TelInput",
    "YearField",
    "age_on",
    "format_birth_date",
    "normalize_postal_code",
    "parse_year",
    "to_full_width",
    "to_half_width_number",
    "wareki",
]

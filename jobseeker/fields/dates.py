"""Form fields of the 求職申込み that convert what people type on a phone instead of refusing it.

The flyer warns that 住所 must be 全角 including numbers, that phone numbers must be 半角 and
that a mobile number typed into 固定電話 is an error (Q2, Q4). Here width, dashes, spaces and
hiragana are converted; a message is shown only when the converted value is still wrong, and it
says what to type.
"""

import re
import unicodedata
from datetime import date, time
from typing import Literal

import jaconv
import phonenumbers
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberType

from accounts.fields import DASHES, NoMaxLengthAttrMixin, reject_lone_surrogates

from .choices import PREFECTURE_CHOICES, PREFECTURES

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


def normalize_postal_code(value: str) -> str | None:
    """'〒８９５－２５１１' → '895-2511'; None when it is not seven digits."""
    digits = to_half_width_number(value).replace("〒", "").replace("-", "")
    if not re.fullmatch(r"[0-9]{7}", digits):
        return None
    return f"{digits[:3]}-{digits[3:]}"


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

# 9:00, ９：００, 0900, 900, 9時, 9時30分, 9時半 (after NFKC and without spaces).
_TIME = re.compile(r"(\d{1,2})(?:[:時](?:(\d{1,2})分?|(半))?)?|(\d{1,2})(\d{2})")


class HalfHourTimeField(forms.Field):
    """A time of day on the half hour, typed or picked: '９：００', '0900', '9時半' → 9:00, 9:30.

    A native time box (step 30 minutes) instead of a list of 48 options: a phone shows its own
    time picker, and a browser without one leaves a text box, where any of these is understood.
    """

    widget = forms.TimeInput(attrs={"type": "time", "step": "1800"}, format="%H:%M")
    default_error_messages = {
        "invalid": _("時刻は「9:00」や「17:30」のように入力してください。"),
        "half_hour": _("時刻は30分単位（00分か30分）で入力してください（例：9:00、9:30）。"),
    }

    def to_python(self, value):
        if isinstance(value, time) or value in self.empty_values:
            return value or None
        value = "".join(unicodedata.normalize("NFKC", str(value)).split())
        match = _TIME.fullmatch(value)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        hour, minute, half, packed_hour, packed_minute = match.groups()
        hour, minute = int(hour or packed_hour), 30 if half else int(minute or packed_minute or 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if minute not in (0, 30):
            raise forms.ValidationError(self.error_messages["half_hour"], code="half_hour")
        return time(hour, minute)


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


# 和暦 as a year is written: its era by name, initial or romanisation, then 元 or the year.
# (西暦 of 元年, last year; None while the era lasts). 明治 counts from 1868 (see _ERAS).
_ERA_YEARS = {
    "令和": (2019, None),
    "平成": (1989, 31),
    "昭和": (1926, 64),
    "大正": (1912, 15),
    "明治": (1868, 45),
}
_ERA_NAMES = {
    **{era: era for era in _ERA_YEARS},
    **dict(zip("RHSTM", _ERA_YEARS, strict=True)),
    **dict(zip(("REIWA", "HEISEI", "SHOWA", "TAISHO", "MEIJI"), _ERA_YEARS, strict=True)),
}
# After NFKC, without spaces and a final 年: '2023', '西暦2023', '令和5', 'R5', 'H.30', '平成元'.
_YEAR = re.compile(r"(?:西暦)?([0-9]{1,4})|([^0-9元.]+)\.?([0-9]{1,2}|元)")


_YEAR_ERRORS = {
    "invalid": _("年は西暦（例：2023）か和暦（例：令和5）で入力してください。"),
    "era_year_zero": _("%(era)s0年という年はありません。和暦の年は元年（1年）から数えます。"),
    "era_ended": _(
        "%(era)s%(year)d年という年はありません。%(era)sは%(last)d年（%(end)d年）までです。"
    ),
}


def parse_year(text: str, error_messages: dict) -> int | None:
    """The 西暦 year of `text`, written in 西暦 (4 digits) or 和暦, in any width.

    None for an empty text. Raises ValidationError with `error_messages`' invalid,
    era_year_zero or era_ended. An era's year is its 西暦 year whatever the month: 平成元年1月5日
    (which was still 昭和64年) is 1989 all the same, as the person means.
    """
    value = "".join(unicodedata.normalize("NFKC", text).split()).upper().removesuffix("年")
    if not value:
        return None
    match = _YEAR.fullmatch(value)
    era = match and match[2] and _ERA_NAMES.get(match[2])
    if not match or (match[2] and not era):
        raise forms.ValidationError(error_messages["invalid"], code="invalid")
    if not era:
        # '5' is most often 令和5 typed without its era: asked again, not taken as year 5.
        if len(match[1]) != 4:
            raise forms.ValidationError(error_messages["invalid"], code="invalid")
        return int(match[1])
    first, last = _ERA_YEARS[era]
    year = 1 if match[3] == "元" else int(match[3])
    name = gettext(era)  # 'Heisei' on an English page (the msgids of _ERAS)
    if year == 0:
        raise forms.ValidationError(
            error_messages["era_year_zero"], code="era_year_zero", params={"era": name}
        )
    if last is not None and year > last:
        params = {"era": name, "year": year, "last": last, "end": first + last - 1}
        raise forms.ValidationError(error_messages["era_ended"], code="era_ended", params=params)
    return first + year - 1


class YearField(forms.IntegerField):
    """A year in 西暦 or 和暦, in any width: '２０２３', '令和5年', 'R5', 'Ｈ３０', '平成元年'.

    Stored as the 西暦 year. A text box with the ordinary keyboard: a number pad cannot type
    令和 or R. Whether the year is in range is the form's rule.
    """

    widget = forms.TextInput
    default_error_messages = _YEAR_ERRORS

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("和暦（例：令和5、H30）でも入力できます。"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        return attrs

    def to_python(self, value):
        if not isinstance(value, str):
            return super().to_python(value)
        return parse_year(value, self.error_messages)


def _date_part(value: str) -> str:
    """'１９９０年' → '1990': width, spaces and a typed unit are not the person's mistake."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(value.split()).rstrip("年月日")


class _DatePartField(forms.CharField):
    def to_python(self, value):
        return _date_part(super().to_python(value))


class BirthDateWidget(forms.MultiWidget):
    """年・月・日 as three boxes (月 and 日 with the number keyboard), each followed by its own
    visible label.

    Three boxes rather than <input type="date">: the phone's date wheel starts at today and
    makes a birth year decades back a long scroll, and its labels are not the 年月日 people know.
    """

    template_name = "forms/widgets/birth_date.html"
    # In context: 月 and 日 alone are also weekday names (月曜日, 日曜日).
    part_labels = (
        pgettext_lazy("date part", "年"),
        pgettext_lazy("date part", "月"),
        pgettext_lazy("date part", "日"),
    )

    def __init__(self, attrs=None):
        widgets = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": f"bday-{part}"})
            for part in ("year", "month", "day")
        }
        # The year takes 和暦 too: a number pad has no 平成 and no H.
        del widgets["year"].attrs["inputmode"]
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        error_id = f"{attrs['id']}_error" if attrs and attrs.get("id") else None
        for subwidget, label in zip(context["widget"]["subwidgets"], self.part_labels, strict=True):
            subwidget["label"] = label
            # The fieldset carries the message too, but VoiceOver reads only what the focused
            # box points at; aria-invalid is set exactly when forms/field.html shows that list.
            if error_id and subwidget["attrs"].get("aria-invalid"):
                subwidget["attrs"]["aria-describedby"] = error_id
        return context

    def id_for_label(self, id_):
        # The error summary links here: the year box is where correcting starts.
        return f"{id_}_0" if id_ else ""

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.year), str(value.month), str(value.day)]
        return [None, None, None]


def age_on(birth_date: date, today: date) -> int:
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


class BirthDateField(forms.MultiValueField):
    """生年月日 from 年 (西暦 or 和暦), 月 and 日 boxes; cleans to a datetime.date."""

    widget = BirthDateWidget
    min_age = 15
    max_age = 100

    default_error_messages = {
        "required": _("生年月日を年・月・日すべて入力してください。"),
        "incomplete": _("生年月日を年・月・日すべて入力してください。"),
        "year": _("年は西暦4桁か和暦で入力してください（例：1990、平成2）。"),
        "not_a_number": _("月と日は数字で入力してください（例：5月1日）。"),
        "no_such_month": _("%(month)s月という月はありません。"),
        "no_such_date": _("%(year)s年%(month)s月%(day)s日という日付はありません。"),
        "future": _("生年月日が今日より後の日付になっています。"),
        "too_young": _("15歳未満の方は登録できません。"),
        "too_old": _("生年月日を確認してください（100歳を超えています）。"),
    }

    def __init__(self, **kwargs):
        fields = (
            _DatePartField(required=False),
            _DatePartField(required=False),
            _DatePartField(required=False),
        )
        super().__init__(fields, **kwargs)

    def compress(self, data_list):
        if not data_list or all(part in self.empty_values for part in data_list):
            # Boxes holding only spaces reach here past MultiValueField's own required check.
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        if any(part in self.empty_values for part in data_list):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        year_text, month, day = data_list
        year = parse_year(year_text, {**_YEAR_ERRORS, "invalid": self.error_messages["year"]})
        if year is None:
            raise forms.ValidationError(self.error_messages["year"], code="year")
        # isdecimal() also rules out the non-ASCII digits int() would accept; the length check
        # keeps int() away from thousands of digits.
        if not (re.fullmatch(r"[0-9]{1,2}", month) and re.fullmatch(r"[0-9]{1,2}", day)):
            raise forms.ValidationError(self.error_messages["not_a_number"], code="not_a_number")
        params = {"year": year, "month": int(month), "day": int(day)}
        if not 1 <= params["month"] <= 12:
            raise forms.ValidationError(
                self.error_messages["no_such_month"], code="no_such_month", params=params
            )
        try:
            return date(params["year"], params["month"], params["day"])
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["no_such_date"], code="no_such_date", params=params
            ) from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(self.error_messages["future"], code="future")
        age = age_on(value, today)
        if age < self.min_age:
            raise forms.ValidationError(self.error_messages["too_young"], code="too_young")
        if age > self.max_age:
            raise forms.ValidationError(self.error_messages["too_old"], code="too_old")


# (first day, name): each era runs until the next one starts. Before 1873 Japan used the
# lunisolar calendar, so a Gregorian date there has no simple 和暦 year.
_ERAS = (
    (date(2019, 5, 1), _("令和")),
    (date(1989, 1, 8), _("平成")),
    (date(1926, 12, 25), _("昭和")),
    (date(1912, 7, 30), _("大正")),
    (date(1873, 1, 1), _("明治")),
)


def wareki(d: date) -> str:
    """The 和暦 year: date(1990, 5, 1) → '平成2年', date(2019, 5, 1) → '令和元年'."""
    for start, era in _ERAS:
        if d >= start:
            year = d.year - start.year + 1
            if start.year == 1873:
                year = d.year - 1867  # 明治 began in 1868, five years before the solar calendar.
            return gettext("%(era)s%(year)s年") % {
                "era": era,
                "year": gettext("元") if year == 1 else year,
            }
    # Before the solar calendar (1873) there is no 和暦 year we can state simply.
    return ""


def format_birth_date(d: date) -> str:
    """'1990年（平成2年）5月1日': 西暦 as stored, with the 和暦 many people know their birth by.

    In English '1 May 1990 (Heisei 2)': the month is a word there, hence %(month)s.
    """
    params = {
        "year": d.year,
        "month": date_format(d, pgettext("date format", "n月")),
        "day": d.day,
        "wareki": wareki(d),
    }
    if not params["wareki"]:
        return gettext("%(year)d年%(month)s%(day)d日") % params
    return gettext("%(year)d年（%(wareki)s）%(month)s%(day)d日") % params

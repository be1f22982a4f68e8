"""Years and dates: a year in 西暦 or 和暦, the 生年月日 in three boxes, and a birth date
written back with its 和暦 year."""

import re
import unicodedata
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

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

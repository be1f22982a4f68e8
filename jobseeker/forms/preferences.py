"""3 希望職種・時間等登録 and 4 希望勤務地・賃金登録, the two steps with the soft 未入力 notice."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import choices
from ..fields import FullWidthCharField, TimeOfDayField
from .base import StepForm, WageField, radio, select, textarea


class PreferencesForm(StepForm):
    title = _("希望職種・時間等登録")
    soft_fields = ("desired_occupation_second", "desired_job_detail")

    employment_type = radio(
        choices.EmploymentType,
        _("就業形態"),
        help_text=_("パートは1日の勤務時間（休憩を除く）が8時間未満の働き方です。"),
    )
    employment_period = radio(choices.EmploymentPeriod, _("雇用期間"))
    desired_occupation = select(
        choices.Occupation.choices,
        _("希望する仕事"),
        help_text=_("決まっていない場合は「検討中」を選んでください。"),
    )
    desired_occupation_second = select(
        choices.Occupation.choices, _("希望する仕事（第2希望）"), required=False
    )
    desired_job_detail = FullWidthCharField(
        label=_("希望する仕事の内容"), max_length=100, required=False, widget=textarea(5)
    )
    work_hours = radio(choices.Specified, _("勤務時間"))
    work_start = TimeOfDayField(label=_("勤務開始時刻"), required=False)
    work_end = TimeOfDayField(label=_("勤務終了時刻"), required=False)
    # Not ※任意: both are required as soon as 勤務時間 is 希望あり (SiteBoundField); so are the
    # days as soon as 休日 is.
    work_start.required_when = work_end.required_when = _("※「希望あり」の場合必須")
    # Not work time: 9:00–18:00 with an hour's break is 8 hours of work, not 9.
    work_break = forms.TypedChoiceField(
        label=_("休憩時間"),
        choices=choices.WorkBreak.choices,
        coerce=int,
        empty_value=choices.WorkBreak.NONE,
        required=False,
    )
    holidays = radio(choices.Specified, _("休日"))
    holiday_days = forms.MultipleChoiceField(
        label=_("希望する休日"),
        choices=choices.Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    holiday_days.required_when = work_start.required_when

    @classmethod
    def empty_soft_fields_in(cls, values: dict) -> list[str]:
        # Neither a second choice nor what the work is can be missing while the person is still
        # 検討中: both are asked at the counter (issue #17: the notice named the 内容 then).
        empty = super().empty_soft_fields_in(values)
        if values.get("desired_occupation") == choices.Occupation.UNDECIDED:
            return []
        return empty

    def clean(self):
        cleaned = super().clean()
        self._check_work_hours(cleaned)
        if cleaned.get("holidays") == choices.Specified.SPECIFIED:
            if not cleaned.get("holiday_days"):
                self.add_error(
                    "holiday_days", _("休日を「希望あり」にした場合は、曜日を選んでください。")
                )
        elif cleaned.get("holidays") == choices.Specified.NONE:
            cleaned["holiday_days"] = []
        return cleaned

    def _check_work_hours(self, cleaned) -> None:
        if cleaned.get("work_hours") != choices.Specified.SPECIFIED:
            cleaned["work_start"] = cleaned["work_end"] = None
            cleaned["work_break"] = choices.WorkBreak.NONE
            return
        start, end = cleaned.get("work_start"), cleaned.get("work_end")
        for name, value in (("work_start", start), ("work_end", end)):
            if not value and not self.has_error(name):
                self.add_error(
                    name,
                    _("勤務時間を「希望あり」にした場合は、開始と終了の時刻を選んでください。"),
                )
        if not (start and end):
            return
        if end == start:
            self.add_error("work_end", _("終了時刻は開始時刻と違う時刻にしてください。"))
            return
        span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        if span < 0:
            # An end before the start is a night shift ending the next day (警備, 介護, 製造).
            span += 24 * 60
        if self.has_error("work_break"):
            return
        rest = cleaned.get("work_break") or choices.WorkBreak.NONE
        params = {
            "start": f"{start.hour}:{start.minute:02d}",
            "end": f"{end.hour}:{end.minute:02d}",
            "span": duration(span),
            "break": choices.WorkBreak(rest).label,
            "work": duration(span - rest),
        }
        if rest >= span:
            self.add_error(
                "work_break",
                _("休憩時間（%(break)s）は、%(start)s〜%(end)sの%(span)sより短くしてください。")
                % params,
            )
            return
        part_time = cleaned.get("employment_type") == choices.EmploymentType.PART_TIME
        if part_time and span - rest >= 8 * 60 and not rest:
            self.add_error(
                "work_end",
                _(
                    "パートは休憩を除いて1日8時間未満の働き方です（%(start)s〜%(end)sの%(span)s、"
                    "休憩%(break)s、勤務%(work)s）。休憩がある場合は「休憩時間」を選び、"
                    "8時間以上働く場合は就業形態を「フルタイム」にしてください。"
                )
                % params,
            )
        elif part_time and span - rest >= 8 * 60:
            # The break is already taken off: only a shorter time or フルタイム helps.
            self.add_error(
                "work_end",
                _(
                    "パートは休憩を除いて1日8時間未満の働き方です。%(start)s〜%(end)sは休憩"
                    "%(break)sを除いても勤務%(work)sです。8時間以上働く場合は就業形態を"
                    "「フルタイム」にし、パートの場合は勤務時間を短くしてください。"
                )
                % params,
            )


def duration(minutes: int) -> str:
    """A length of time as people say it: 540 → '9時間', 450 → '7時間30分', 45 → '45分'."""
    hours, rest = divmod(minutes, 60)
    if not rest:
        return gettext("%(hours)d時間") % {"hours": hours}
    if not hours:
        return gettext("%(minutes)d分") % {"minutes": rest}
    return gettext("%(hours)d時間%(minutes)d分") % {"hours": hours, "minutes": rest}


class LocationWageForm(StepForm):
    title = _("希望勤務地・賃金登録")
    soft_fields = ("desired_prefecture", "wage_amount")
    # 希望勤務地 is one item in two boxes: empty when both are (issue #17: a notice that named
    # only 都道府県 read as if 市区町村 were filled in).
    soft_labels = {"desired_prefecture": _("希望勤務地（都道府県・市区町村）")}

    @classmethod
    def empty_soft_fields_in(cls, values: dict) -> list[str]:
        empty = super().empty_soft_fields_in(values)
        if values.get("desired_city"):
            return [name for name in empty if name != "desired_prefecture"]
        return empty

    desired_prefecture = select(
        choices.PREFECTURE_CHOICES, _("希望勤務地（都道府県）"), required=False
    )
    desired_city = FullWidthCharField(
        label=_("希望勤務地（市区町村）"), max_length=50, required=False
    )
    wage_type = forms.ChoiceField(
        label=_("希望賃金の種類"),
        choices=choices.WageType.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    wage_type.required_when = _("※金額を入れた場合必須")
    wage_amount = WageField(
        label=_("希望賃金（円）"),
        required=False,
        help_text=_(
            "月額なら例：200000、時間額なら例：1000。「,」「円」や「20万」のような書き方でも構いません。"
        ),
        error_messages={"invalid": _("希望賃金は数字で入力してください（例：200000）。")},
    )

    WAGE_RANGES = {
        choices.WageType.MONTHLY: (10_000, 5_000_000),
        choices.WageType.HOURLY: (100, 100_000),
    }

    def clean(self):
        cleaned = super().clean()
        wage_type, amount = cleaned.get("wage_type"), cleaned.get("wage_amount")
        if amount is not None and not wage_type:
            self.add_error("wage_type", _("希望賃金が月額か時間額かを選んでください。"))
        elif wage_type and amount is not None:
            low, high = self.WAGE_RANGES[wage_type]
            if not low <= amount <= high:
                self.add_error(
                    "wage_amount",
                    _("%(kind)sの希望賃金は%(low)s円から%(high)s円の間で入力してください。")
                    % {
                        "kind": choices.WageType(wage_type).label,
                        "low": f"{low:,}",
                        "high": f"{high:,}",
                    },
                )
        return cleaned

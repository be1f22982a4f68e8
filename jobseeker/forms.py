"""The seven steps of the 求職申込み (SPEC "The seven steps"), one form each.

Every field converts what was typed (width, kana, hyphens) before checking it; every rule that
involves two fields names them both in its message.
"""

import unicodedata
from datetime import date, time

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.fields import MailAddressField, NoMaxLengthAttrMixin

from . import choices
from .fields import (
    BirthDateField,
    FullWidthCharField,
    KatakanaField,
    PhoneNumberField,
    PostalCodeField,
    format_birth_date,
    to_half_width_number,
)

UNSELECTED = [("", _("未選択"))]
TIMES = [(f"{h:02d}:{m:02d}", f"{h}:{m:02d}") for h in range(24) for m in (0, 30)]
PREFECTURE_CHOICES = UNSELECTED + [(p, p) for p in choices.PREFECTURES]


def radio(choice_class, label, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choice_class.choices,
        widget=forms.RadioSelect,
        error_messages={"required": format_lazy(_("{label}を選んでください。"), label=label)},
        **kwargs,
    )


def select(options, label, *, required=True, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=UNSELECTED + list(options),
        required=required,
        error_messages={"required": format_lazy(_("{label}を選んでください。"), label=label)},
        **kwargs,
    )


class TextField(NoMaxLengthAttrMixin, forms.CharField):
    pass


def text(label, *, required=True, **kwargs) -> forms.CharField:
    return TextField(
        label=label,
        required=required,
        error_messages={
            "required": format_lazy(_("{label}を入力してください。"), label=label),
            "max_length": _(
                "%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
            ),
        },
        **kwargs,
    )


class HalfWidthIntegerField(forms.IntegerField):
    """A number typed in any width, with or without 円 and thousands separators.

    A text box, not type=number: a number box silently drops 「,」「円」 or 全角 digits.
    """

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        return {**attrs, "inputmode": "numeric"}

    def to_python(self, value):
        if isinstance(value, str):
            value = to_half_width_number(unicodedata.normalize("NFKC", value))
            value = value.replace(",", "").replace("円", "").replace("年", "")
        return super().to_python(value)


class StepForm(forms.Form):
    """A wizard step. Steps 3 and 4 list `soft_fields`: empty ones are named once, then passed.

    The real service shows 「未入力」 on steps 3–4 and makes people press 次へ進む twice without
    saying why. Here the notice names the empty items, and the next press always continues
    (the page posts back which items it named; if they change, the notice comes back).
    """

    title = ""
    soft_fields: tuple[str, ...] = ()
    # A quiet form shows the values it is bound to but no errors (a step not yet checked).
    quiet = False

    def __init__(self, *args, birth_date: date | None = None, **kwargs):
        self.birth_date = birth_date
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's 「このフィールドは必須です。」 does not say which field, nor what to do.
            if field.error_messages["required"] is forms.Field.default_error_messages["required"]:
                template = (
                    _("{label}を選んでください。")
                    if isinstance(field, forms.ChoiceField)
                    else _("{label}を入力してください。")
                )
                field.error_messages["required"] = format_lazy(template, label=field.label)

    def full_clean(self):
        if self.quiet:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    @property
    def empty_soft_fields(self) -> list[str]:
        if self.quiet or not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        return [name for name in self.soft_fields if self.cleaned_data.get(name) in (None, "", [])]

    @property
    def empty_signature(self) -> str:
        return ",".join(self.empty_soft_fields)

    @property
    def empty_ack(self) -> str:
        """The value of the hidden field that tells the next press which notice was passed."""
        if self.unconfirmed_empty_labels:
            return self.empty_signature
        return self.data.get(self.add_prefix("empty_ack"), "") if self.is_bound else ""

    @property
    def unconfirmed_empty_labels(self) -> list[str]:
        """The empty items to name in the notice, unless the user already passed this notice."""
        if not self.empty_soft_fields or self.errors:
            return []
        if self.data.get(self.add_prefix("empty_ack")) == self.empty_signature:
            return []
        return [str(self.fields[name].label) for name in self.empty_soft_fields]

    def is_valid(self) -> bool:
        return super().is_valid() and not self.unconfirmed_empty_labels


class BasicInfoForm(StepForm):
    title = _("基本情報登録")

    family_name = text(_("姓"), max_length=30)
    given_name = text(_("名"), max_length=30)
    family_name_kana = KatakanaField(label=_("セイ"), max_length=30)
    given_name_kana = KatakanaField(label=_("メイ"), max_length=30)
    birth_date = BirthDateField(
        label=_("生年月日"), help_text=_("西暦で入力してください（例：1990年5月1日）。")
    )
    gender = radio(choices.Gender, _("性別"))
    postal_code = PostalCodeField(
        label=_("郵便番号"),
        help_text=_("「住所検索」を押すと、都道府県と市区町村を入力します。"),
    )
    prefecture = select([(p, p) for p in choices.PREFECTURES], _("都道府県"))
    city = FullWidthCharField(label=_("市区町村"), max_length=50)
    street = FullWidthCharField(
        label=_("番地"),
        max_length=100,
        help_text=_("番地を入力してください。半角で入力しても全角に直します（例：768-1）。"),
    )
    building = FullWidthCharField(label=_("建物名・部屋番号"), max_length=100, required=False)
    phone_fixed = PhoneNumberField(
        kind="fixed",
        label=_("固定電話"),
        required=False,
        help_text=_("固定電話か携帯電話のどちらかは必ず入力してください。"),
    )
    phone_mobile = PhoneNumberField(
        kind="mobile",
        label=_("携帯電話"),
        required=False,
        help_text=_("070・080・090で始まる番号です。ハイフンはあってもなくても構いません。"),
    )
    email = MailAddressField(label=_("メールアドレス"), required=False)
    nearest_line = text(_("最寄り駅（路線名）"), required=False, max_length=50)
    nearest_station = text(_("最寄り駅（駅名）"), required=False, max_length=50)

    @property
    def birth_date_in_wareki(self) -> str:
        """The birth date typed, with its 和暦, once it is a valid date: 1990年（平成2年）5月1日."""
        if (
            self.is_bound
            and not self.has_error("birth_date")
            and self.cleaned_data.get("birth_date")
        ):
            return format_birth_date(self.cleaned_data["birth_date"])
        return ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("phone_fixed", "phone_mobile"):
            self.fields[name].either_required = True

    def clean(self):
        cleaned = super().clean()
        no_phone = not cleaned.get("phone_fixed") and not cleaned.get("phone_mobile")
        if no_phone and not {"phone_fixed", "phone_mobile"} & set(self.errors):
            self.add_error(
                "phone_mobile",
                _("固定電話か携帯電話のどちらかを入力してください（携帯電話をおすすめします）。"),
            )
        return cleaned


class DisclosureForm(StepForm):
    title = _("求職情報提供等登録")

    disclosure = radio(
        choices.Disclosure,
        _("求職情報の公開"),
        help_text=_("迷ったら「求職情報を公開しない」を選んでください。"),
    )
    info_provision = radio(
        choices.InfoProvision,
        _("地方自治体・地方版ハローワーク、民間人材ビジネスへの情報提供"),
        help_text=_("迷ったら「ともに不可」を選んでください。"),
    )
    contact_allowed = radio(choices.Allowed, _("マイページ以外のハローワークからの連絡"))
    contact_methods = forms.MultipleChoiceField(
        label=_("連絡手段"),
        choices=choices.ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("連絡を「可」にした場合は、1つ以上選んでください（例：郵便と携帯電話）。"),
    )

    def clean(self):
        cleaned = super().clean()
        allowed = cleaned.get("contact_allowed")
        if allowed == choices.Allowed.YES and not cleaned.get("contact_methods"):
            self.add_error(
                "contact_methods",
                _("連絡を「可」にした場合は、連絡手段を1つ以上選んでください。"),
            )
        if allowed == choices.Allowed.NO:
            cleaned["contact_methods"] = []
        return cleaned


class PreferencesForm(StepForm):
    title = _("希望職種・時間等登録")
    soft_fields = ("desired_occupation_second", "desired_job_detail")

    employment_type = radio(
        choices.EmploymentType,
        _("就業形態"),
        help_text=_("パートは1日の勤務時間が8時間未満の働き方です。"),
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
        label=_("希望する仕事の内容"), max_length=100, required=False
    )
    work_hours = radio(choices.Specified, _("勤務時間"))
    work_start = select(TIMES, _("勤務開始時刻"), required=False)
    work_end = select(TIMES, _("勤務終了時刻"), required=False)
    holidays = radio(choices.Specified, _("休日"))
    holiday_days = forms.MultipleChoiceField(
        label=_("希望する休日"),
        choices=choices.Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

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
            return
        start, end = cleaned.get("work_start"), cleaned.get("work_end")
        for name, value in (("work_start", start), ("work_end", end)):
            if not value:
                self.add_error(
                    name,
                    _("勤務時間を「希望あり」にした場合は、開始と終了の時刻を選んでください。"),
                )
        if not (start and end):
            return
        start_time, end_time = time.fromisoformat(start), time.fromisoformat(end)
        if end_time <= start_time:
            self.add_error("work_end", _("終了時刻は開始時刻より後にしてください。"))
            return
        minutes = (end_time.hour * 60 + end_time.minute) - (
            start_time.hour * 60 + start_time.minute
        )
        part_time = cleaned.get("employment_type") == choices.EmploymentType.PART_TIME
        if part_time and minutes >= 8 * 60:
            self.add_error(
                "work_end",
                _(
                    "パートは1日8時間未満の働き方です（入力された勤務時間は%(hours)s時間）。"
                    "8時間以上働きたい場合は、就業形態を「フルタイム」にしてください。"
                )
                % {"hours": f"{minutes / 60:g}"},
            )
        cleaned["work_start"], cleaned["work_end"] = start_time, end_time


class LocationWageForm(StepForm):
    title = _("希望勤務地・賃金登録")
    soft_fields = ("desired_prefecture", "wage_amount")

    desired_prefecture = select(
        [(p, p) for p in choices.PREFECTURES], _("希望勤務地（都道府県）"), required=False
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
    wage_amount = HalfWidthIntegerField(
        label=_("希望賃金（円）"),
        required=False,
        help_text=_("月額なら例：200000、時間額なら例：1000。「,」や「円」があっても構いません。"),
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


QUALIFICATION_ROWS = 3


class EducationForm(StepForm):
    title = _("学歴／資格登録")

    education = select(choices.Education.choices, _("最終学歴"))
    education_status = radio(choices.EducationStatus, _("区分"))
    school_name = text(_("学校名"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, QUALIFICATION_ROWS + 1):
            self.fields[f"qualification_{row}_name"] = text(
                format_lazy(_("資格・免許{n}"), n=row), required=False, max_length=50
            )
            self.fields[f"qualification_{row}_year"] = HalfWidthIntegerField(
                label=format_lazy(_("資格・免許{n}の取得年（西暦）"), n=row),
                required=False,
                error_messages={"invalid": _("取得年は西暦4桁の数字で入力してください。")},
            )

    def qualification_rows(self):
        return [
            (self[f"qualification_{row}_name"], self[f"qualification_{row}_year"])
            for row in range(1, QUALIFICATION_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        this_year = timezone.localdate().year
        cleaned["qualifications"] = []
        for row in range(1, QUALIFICATION_ROWS + 1):
            name = cleaned.get(f"qualification_{row}_name")
            year = cleaned.get(f"qualification_{row}_year")
            if year is not None and not 1900 <= year <= this_year:
                self.add_error(
                    f"qualification_{row}_year",
                    _("取得年は1900年から%(year)d年までの西暦で入力してください。")
                    % {"year": this_year},
                )
            elif year is not None and not name:
                self.add_error(
                    f"qualification_{row}_name",
                    _("取得年を入力した資格・免許の名前を入力してください。"),
                )
            elif name:
                cleaned["qualifications"].append({"name": name, "year": year})
        return cleaned


WORK_HISTORY_ROWS = 3
WORK_ITEMS = ("kind", "employment_form", "job_description", "end_year", "end_month", "status")


class CareerForm(StepForm):
    title = _("経歴登録")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, WORK_HISTORY_ROWS + 1):
            self.fields.update(self._entry_fields(row))

    @staticmethod
    def _entry_fields(row: int) -> dict[str, forms.Field]:
        return {
            f"job{row}_kind": forms.ChoiceField(
                label=_("就業形態"),
                choices=UNSELECTED + choices.WorkKind.choices,
                widget=forms.RadioSelect,
                required=False,
            ),
            f"job{row}_employment_form": FullWidthCharField(
                label=_("雇用形態"),
                max_length=30,
                required=False,
                help_text=_("例：正社員、パート"),
            ),
            f"job{row}_job_description": FullWidthCharField(
                label=_("仕事内容"),
                max_length=100,
                required=False,
                help_text=_("例：生産設備オペレーター、機械組立作業、建設土木作業、施設での介護"),
            ),
            f"job{row}_end_year": HalfWidthIntegerField(
                label=_("在籍期間（最終年・西暦）"),
                required=False,
                error_messages={"invalid": _("年は西暦4桁の数字で入力してください。")},
            ),
            f"job{row}_end_month": HalfWidthIntegerField(
                label=_("在籍期間（最終月）"),
                required=False,
                error_messages={"invalid": _("月は1から12の数字で入力してください。")},
            ),
            f"job{row}_status": forms.ChoiceField(
                label=_("現在の状況"),
                choices=choices.WorkStatus.choices,
                widget=forms.RadioSelect,
                required=False,
            ),
            f"job{row}_leaving_reason": select(
                choices.LeavingReason.choices, _("退職（予定）理由"), required=False
            ),
        }

    def entries(self):
        names = (*WORK_ITEMS, "leaving_reason")
        return [
            [self[f"job{row}_{name}"] for name in names] for row in range(1, WORK_HISTORY_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        cleaned["work_histories"] = []
        for row in range(1, WORK_HISTORY_ROWS + 1):
            entry = {
                name: cleaned.get(f"job{row}_{name}") for name in (*WORK_ITEMS, "leaving_reason")
            }
            filled = any(value not in (None, "") for value in entry.values())
            if filled and self._check_entry(row, entry):
                cleaned["work_histories"].append(entry)
        return cleaned

    def _check_entry(self, row: int, entry: dict) -> bool:
        ok = True
        for name, message in (
            ("job_description", _("仕事内容を入力してください。")),
            ("end_year", _("在籍期間の最終年を入力してください。")),
            ("end_month", _("在籍期間の最終月を入力してください。")),
            ("status", _("現在の状況（既退職・在職中）を選んでください。")),
        ):
            if entry[name] in (None, "") and f"job{row}_{name}" not in self.errors:
                self.add_error(f"job{row}_{name}", message)
                ok = False
        if entry["status"] == choices.WorkStatus.LEFT and not entry["leaving_reason"]:
            self.add_error(
                f"job{row}_leaving_reason",
                _("「既退職」の場合は、退職理由を選んでください。"),
            )
            ok = False
        return self._check_period(row, entry) and ok

    def _check_period(self, row: int, entry: dict) -> bool:
        year, month = entry["end_year"], entry["end_month"]
        if year is None or month is None:
            return False
        if not 1 <= month <= 12:
            self.add_error(f"job{row}_end_month", _("月は1から12の数字で入力してください。"))
            return False
        today = timezone.localdate()
        if (year, month) > (today.year, today.month):
            self.add_error(
                f"job{row}_end_year",
                _("在籍期間（最終年月）が未来の%(year)d年%(month)d月になっています。")
                % {"year": year, "month": month},
            )
            return False
        if self.birth_date and (year, month) < (self.birth_date.year, self.birth_date.month):
            self.add_error(
                f"job{row}_end_year",
                _("在籍期間（最終年月）が生年月日より前になっています。西暦で入力してください。"),
            )
            return False
        current = entry["status"] == choices.WorkStatus.CURRENT
        if current and (year, month) != (today.year, today.month):
            self.add_error(
                f"job{row}_end_year",
                _(
                    "「在職中」の場合、在籍期間の最終年月は今月（%(year)d年%(month)d月）を"
                    "入力してください。"
                )
                % {"year": today.year, "month": today.month},
            )
            return False
        return True


class SelfPromotionForm(StepForm):
    title = _("自己PR登録")

    self_pr = text(
        _("自己PR"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("入力しなくても申込みできます。500文字以内。"),
    )


STEPS = {
    "basic": BasicInfoForm,
    "disclosure": DisclosureForm,
    "preferences": PreferencesForm,
    "location": LocationWageForm,
    "education": EducationForm,
    "career": CareerForm,
    "pr": SelfPromotionForm,
}

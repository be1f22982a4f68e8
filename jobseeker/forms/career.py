"""5 学歴／資格登録, 6 経歴登録 and 7 自己PR登録."""

import copy
import functools

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import choices
from ..fields import FullWidthCharField, YearField
from .base import (
    UNSELECTED,
    HalfWidthIntegerField,
    SharedChoiceFields,
    StepForm,
    radio,
    select,
    text,
    textarea,
)

QUALIFICATION_ROWS = 3


class EducationForm(StepForm):
    title = _("学歴／資格登録")

    education = select(choices.Education.choices, _("最終学歴"))
    # The terms (利用規約): pupils of a 高等学校・中等教育学校, those about to graduate included,
    # cannot use the service; also an adult at a 定時制 school, whose school handles it. A
    # 中等教育学校's first years count as 中学 here, and a 中学 pupil is under working age.
    STILL_AT_SCHOOL = {
        (level, status)
        for level in (choices.Education.JUNIOR_HIGH, choices.Education.HIGH)
        for status in (choices.EducationStatus.ENROLLED, choices.EducationStatus.EXPECTED)
    }
    education_status = radio(
        choices.EducationStatus,
        _("区分"),
        help_text=_("高等学校等在学中の方は、学校を通じてお申込みください。"),
    )
    school_name = text(_("学校名"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, QUALIFICATION_ROWS + 1):
            self.fields[f"qualification_{row}_name"] = text(
                format_lazy(_("資格・免許{n}"), n=row), required=False, max_length=50
            )
            self.fields[f"qualification_{row}_year"] = YearField(
                label=format_lazy(_("資格・免許{n}の取得年"), n=row),
                required=False,
                # 和暦 accepted: said under the first row; the others are the same item.
                **({} if row == 1 else {"help_text": ""}),
            )

    def qualification_rows(self):
        return [
            (self[f"qualification_{row}_name"], self[f"qualification_{row}_year"])
            for row in range(1, QUALIFICATION_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("education"), cleaned.get("education_status")) in self.STILL_AT_SCHOOL:
            self.add_error(
                "education_status",
                _(
                    "高校・中学に在学中の方（卒業見込みの方を含む）は、このサービスでは申し込めません。"
                    "在学中の学校の先生にご相談ください。"
                ),
            )
        this_year = timezone.localdate().year
        cleaned["qualifications"] = []
        for row in range(1, QUALIFICATION_ROWS + 1):
            name = cleaned.get(f"qualification_{row}_name")
            year = cleaned.get(f"qualification_{row}_year")
            if year is not None and not 1900 <= year <= this_year:
                self.add_error(
                    f"qualification_{row}_year",
                    _("取得年は1900年から%(year)d年までの年を入力してください。")
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
# 在職中: the 最終年月 is this month, or the month leaving is planned for (退職（予定）理由) up to
# this many months ahead; a plan further off is not yet a date to register.
PLANNED_LEAVING_MONTHS = 12


class CareerForm(StepForm):
    title = _("経歴登録")
    # Each entry is optional as a whole, and its legend says so once: inside a started entry
    # ※任意 on every item would be wrong. The items its rules ask for (仕事内容, 在籍期間,
    # 現在の状況, and 退職理由 for 既退職) are marked by when they become required; the two
    # an entry may leave empty (就業形態, 雇用形態) say ※任意 themselves.
    marks_optional = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(copy.deepcopy(self._rows_fields()))

    @classmethod
    @functools.cache
    def _rows_fields(cls) -> SharedChoiceFields:
        """The work history rows' fields, made once; each form gets its own copy."""
        return SharedChoiceFields(
            (name, field)
            for row in range(1, WORK_HISTORY_ROWS + 1)
            for name, field in cls._entry_fields(row).items()
        )

    @staticmethod
    def _entry_fields(row: int) -> dict[str, forms.Field]:
        fields = {
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
                # The examples stand under the first entry; the others are the same items.
                help_text=_("例：正社員、パート") if row == 1 else "",
            ),
            f"job{row}_job_description": FullWidthCharField(
                label=_("仕事内容"),
                max_length=100,
                required=False,
                widget=textarea(5),
                help_text=(
                    _("例：生産設備オペレーター、機械組立作業、建設土木作業、施設での介護")
                    if row == 1
                    else ""
                ),
            ),
            f"job{row}_end_year": YearField(
                label=_("在籍期間（最終年）"),
                required=False,
                # 和暦 accepted: said under the first entry; the others are the same items.
                **({} if row == 1 else {"help_text": ""}),
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
        # The labels are the same in each entry; the error summary names the entry too.
        for field in fields.values():
            field.group = format_lazy(_("経歴{n}"), n=row)
        # What an entry that is begun must have (_check_entry) says so next to its label.
        for name in ("job_description", "end_year", "end_month", "status"):
            fields[f"job{row}_{name}"].required_when = _("※この経歴を入力する場合必須")
        fields[f"job{row}_leaving_reason"].required_when = _("※「既退職」の場合必須")
        # The others may stay empty in a begun entry too: ※任意, so that every item is marked.
        for name in ("kind", "employment_form"):
            fields[f"job{row}_{name}"].marks_optional = True
        return fields

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
        if message := self._end_against_today(year, month, entry["status"]):
            self.add_error(f"job{row}_end_year", message)
            return False
        if self.birth_date and (year, month) < (self.birth_date.year, self.birth_date.month):
            self.add_error(
                f"job{row}_end_year",
                _("在籍期間（最終年月）が生年月日より前になっています。"),
            )
            return False
        return True

    @staticmethod
    def _end_against_today(year: int, month: int, status: str | None) -> str | None:
        """What is wrong with an entry's 最終年月 for its 現在の状況, said with what to enter."""
        today = timezone.localdate()
        this_month = (today.year, today.month)
        if status == choices.WorkStatus.CURRENT:
            # No earliest month: the month typed when registering passes into the past while
            # the person still works there, and a registered entry must stay valid.
            months = today.year * 12 + today.month - 1 + PLANNED_LEAVING_MONTHS
            latest = (months // 12, months % 12 + 1)
            if (year, month) > latest:
                return _(
                    "「在職中」の場合、在籍期間の最終年月は今月（%(year)d年%(month)d月）か、"
                    "退職予定の年月（%(latest_year)d年%(latest_month)d月まで）を入力してください。"
                ) % {
                    "year": today.year,
                    "month": today.month,
                    "latest_year": latest[0],
                    "latest_month": latest[1],
                }
        elif status == choices.WorkStatus.LEFT and (year, month) > this_month:
            return _(
                "「既退職」の場合は、退職した年月を入力してください"
                "（未来の%(year)d年%(month)d月は入力できません）。"
            ) % {"year": year, "month": month}
        return None


class SelfPromotionForm(StepForm):
    title = _("自己PR登録")

    self_pr = text(
        _("自己PR"),
        required=False,
        max_length=500,
        widget=textarea(6),
        help_text=_("入力しなくても申込みできます。500文字以内。"),
    )

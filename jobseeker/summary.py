"""What an application says, step by step, as label/value rows: for the マイページ (as
registered) and the 登録内容の確認 page (jobseeker/confirmation.py, from answers not saved yet)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import choices
from .fields import format_birth_date
from .forms import STEPS
from .models import Application


@dataclass(frozen=True)
class Section:
    step: str
    number: int
    title: str
    rows: list[tuple[str, str]]


def _label(model_field: str) -> str:
    return str(Application._meta.get_field(model_field).verbose_name)


def _rows(application: Application, names: list[str]) -> list[tuple[str, str]]:
    rows = []
    for name in names:
        field = Application._meta.get_field(name)
        value = getattr(
            application, f"get_{name}_display", lambda n=name: getattr(application, n)
        )()
        rows.append((str(field.verbose_name), "" if value is None else str(value)))
    return rows


def _separator() -> str:
    return pgettext("list separator", "、")


def _labels(choice_class, values: list[str]) -> str:
    return _separator().join(str(choice_class(v).label) for v in values)


Rows = list[tuple[str, str]]


def _basic(a: Application) -> Rows:
    return [
        (_("氏名"), f"{a.family_name} {a.given_name}"),
        (_("フリガナ"), f"{a.family_name_kana} {a.given_name_kana}"),
        (_label("birth_date"), format_birth_date(a.birth_date)),
        *_rows(a, ["gender"]),
        (_("住所"), _address(a)),
        *_rows(a, ["phone_fixed", "phone_mobile", "email"]),
        (_("最寄り駅"), f"{a.nearest_line} {a.nearest_station}".strip()),
    ]


def _address(a: Application) -> str:
    address = f"{a.prefecture}{a.city}{a.street} {a.building}".strip()
    return _("〒%(postal_code)s %(address)s") % {"postal_code": a.postal_code, "address": address}


def _disclosure(a: Application) -> Rows:
    return [
        *_rows(a, ["disclosure", "info_provision", "contact_allowed"]),
        (_label("contact_methods"), _labels(choices.ContactMethod, a.contact_methods)),
    ]


def _preferences(a: Application) -> Rows:
    hours = (
        _("%(start)s〜%(end)s") % {"start": f"{a.work_start:%H:%M}", "end": f"{a.work_end:%H:%M}"}
        if a.work_hours == choices.Specified.SPECIFIED and a.work_start and a.work_end
        else a.get_work_hours_display()
    )
    if a.work_hours == choices.Specified.SPECIFIED and a.work_break:
        hours = _("%(hours)s（休憩%(break)s）") % {
            "hours": hours,
            "break": a.get_work_break_display(),
        }
    holidays = (
        _labels(choices.Weekday, a.holiday_days)
        if a.holidays == choices.Specified.SPECIFIED
        else a.get_holidays_display()
    )
    return [
        *_rows(a, ["employment_type", "employment_period", "desired_occupation"]),
        *_rows(a, ["desired_occupation_second", "desired_job_detail"]),
        (_label("work_hours"), hours),
        (_label("holidays"), holidays),
    ]


def _location(a: Application) -> Rows:
    wage = (
        _("%(type)s %(amount)s円")
        % {"type": a.get_wage_type_display(), "amount": f"{a.wage_amount:,}"}
        if a.wage_amount
        else ""
    )
    return [(_("希望勤務地"), f"{a.desired_prefecture}{a.desired_city}"), (_("希望賃金"), wage)]


def _education(a: Application) -> Rows:
    qualifications = [
        (
            _("資格・免許"),
            _("%(name)s（%(year)d年）") % {"name": q.name, "year": q.year} if q.year else q.name,
        )
        for q in _listed(a, "qualifications")
    ]
    return [*_rows(a, ["education", "education_status", "school_name"]), *qualifications]


def _period_end(work) -> str:
    """The 最終年月 as what it means: when someone 在職中 leaves (a month to come) or is still
    there (this month or earlier), else until when they worked."""
    month = {"year": work.end_year, "month": work.end_month}
    if work.status != choices.WorkStatus.CURRENT:
        return _("%(year)d年%(month)d月まで") % month
    today = timezone.localdate()
    if (work.end_year, work.end_month) > (today.year, today.month):
        return _("%(year)d年%(month)d月退職予定") % month
    return _("%(year)d年%(month)d月現在") % month


def _career(a: Application) -> Rows:
    rows = []
    for n, w in enumerate(_listed(a, "work_histories"), start=1):
        kind = w.get_kind_display()
        if kind and w.employment_form:
            kind = _("%(kind)s（%(form)s）") % {"kind": kind, "form": w.employment_form}
        status = w.get_status_display()
        if w.leaving_reason:
            status = _("%(status)s（%(reason)s）") % {
                "status": status,
                "reason": w.get_leaving_reason_display(),
            }
        # 仕事内容 is free text, often sentences ending in 。: a 、 after it would read 「。、」.
        parts = (
            kind or w.employment_form,
            w.job_description,
            _period_end(w),
            status,
        )
        separator = pgettext("work history parts", " ／ ")
        rows.append((_("経歴%(n)d") % {"n": n}, separator.join(part for part in parts if part)))
    # No work history is an answer too: one row, shown "—" as any empty item is.
    return rows or [(_("経歴"), "")]


def _self_promotion(a: Application) -> Rows:
    return _rows(a, ["self_pr"])


ROWS_BY_STEP = {
    "basic": _basic,
    "disclosure": _disclosure,
    "preferences": _preferences,
    "location": _location,
    "education": _education,
    "career": _career,
    "pr": _self_promotion,
}


def _listed(a: Application, name: str) -> list:
    """The application's 資格・免許 or 経歴 rows: those given to sections() for an application
    not saved (the 確認 page's), else its own."""
    rows = getattr(a, "_unsaved_rows", {})
    return rows[name] if name in rows else list(getattr(a, name).all())


def sections(application: Application, unsaved_rows: dict | None = None) -> list[Section]:
    """The application's rows by step; `unsaved_rows` ({"qualifications": [...],
    "work_histories": [...]}) stand for its related rows when it is not saved."""
    if unsaved_rows is not None:
        application._unsaved_rows = unsaved_rows
    return [
        Section(step, number, str(form.title), ROWS_BY_STEP[step](application))
        for number, (step, form) in enumerate(STEPS.items(), start=1)
    ]

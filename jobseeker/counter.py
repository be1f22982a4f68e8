"""What the counter reads off an application before accepting it: where its 有効期限 stands, and
which of the items the counter asks about (SPEC steps 3–4, 窓口でお聞きする項目) were left empty.

Rules only; the counter's panel (jobseeker/admin/panel.py) shows them.
"""

from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from .forms import STEPS
from .models import Application


class Validity(StrEnum):
    VALID = "valid"
    # The calendar month of the 有効期限 (always a month end): a 職業相談 now extends it
    # (services.record_consultation).
    LAST_MONTH = "last_month"
    EXPIRED = "expired"


def validity_on(application: Application, today: date) -> Validity:
    """Expired the day after its 有効期限, as the マイページ says (jobseeker.views.MyPageView)."""
    until = application.valid_until
    if until is None:
        return Validity.VALID
    if until < today:
        return Validity.EXPIRED
    if (until.year, until.month) == (today.year, today.month):
        return Validity.LAST_MONTH
    return Validity.VALID


# The items the wizard lets a person leave empty after naming them once (its steps'
# `soft_fields`) are the ones the counter asks at the desk: the panel names them as the
# counter says them. An item not listed here is named by its step's label.
_SPOKEN = {
    "desired_occupation_second": _("第2希望の仕事"),
    "desired_job_detail": _("希望する仕事の内容"),
    "desired_prefecture": _("希望勤務地"),
    "wage_amount": _("希望賃金"),
}


def unanswered_questions(application: Application) -> list[str]:
    """What the person left empty of the counter's questions, in the wizard's order, by the
    wizard's own rule (StepForm.empty_soft_fields_in: no 第2希望 is missing while the first
    choice is 検討中)."""
    values = vars(application)
    return [
        str(_SPOKEN.get(name) or step.base_fields[name].label)
        for step in STEPS.values()
        for name in step.empty_soft_fields_in(values)
    ]

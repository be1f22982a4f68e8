"""The seven steps of the 求職申込み (SPEC "The seven steps"), one form each.

Every field converts what was typed (width, kana, hyphens) before checking it; every rule that
involves two fields names them both in its message.
"""

from .base import StepForm
from .career import (
    QUALIFICATION_ROWS,
    WORK_HISTORY_ROWS,
    WORK_ITEMS,
    CareerForm,
    EducationForm,
    SelfPromotionForm,
)
from .personal import BasicInfoForm, DisclosureForm
from .preferences import LocationWageForm, PreferencesForm

STEPS = {
    "basic": BasicInfoForm,
    "disclosure": DisclosureForm,
    "preferences": PreferencesForm,
    "location": LocationWageForm,
    "education": EducationForm,
    "career": CareerForm,
    "pr": SelfPromotionForm,
}

__all__ = [
    "QUALIFICATION_ROWS",
    "STEPS",
    "WORK_HISTORY_ROWS",
    "WORK_ITEMS",
    "BasicInfoForm",
    "CareerForm",
    "DisclosureForm",
    "EducationForm",
    "LocationWageForm",
    "PreferencesForm",
    "SelfPromotionForm",
    "StepForm",
]

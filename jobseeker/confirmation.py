"""The rows of 登録内容の確認 (#17 item 1): every answer as a person reads it before it is sent,
or, for a registered application, what changes (変更前 → 変更後), step by step and item by item.

Built from the steps' cleaned data with the マイページ's own rows (jobseeker/summary.py), so
the page says each answer exactly as the マイページ will say it once registered.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import summary
from .models import Application, Qualification, WorkHistory
from .services import application_values


@dataclass(frozen=True)
class Item:
    """One answer: its label, and its value (before and after, for a change)."""

    label: str
    value: str
    before: str = ""


@dataclass(frozen=True)
class Step:
    step: str
    number: int
    title: str
    items: list[Item]


def _unsaved(answers: dict[str, dict]) -> tuple[Application, dict]:
    """An Application (never saved) holding `answers`, and its 資格・免許 and 経歴 rows."""
    application = Application(**application_values(answers))
    rows = {
        "qualifications": [Qualification(**q) for q in answers["education"]["qualifications"]],
        "work_histories": [WorkHistory(**w) for w in answers["career"]["work_histories"]],
    }
    return application, rows


def _shown(value: str) -> str:
    # An optional item left empty is an answer too: the page says so rather than leave a gap.
    return value or _("未入力")


def _by_label(section: summary.Section) -> dict[str, str]:
    """A step's rows by label; a label that repeats (資格・免許) is one item, its values listed."""
    items: dict[str, list[str]] = {}
    for label, value in section.rows:
        items.setdefault(label, []).append(value)
    separator = pgettext("list separator", "、")
    return {label: separator.join(v for v in values if v) for label, values in items.items()}


def answers(step_answers: dict[str, dict]) -> list[Step]:
    """Every answer, step by step, with 未入力 for what was left empty."""
    application, rows = _unsaved(step_answers)
    return [
        Step(
            section.step,
            section.number,
            section.title,
            [Item(label, _shown(value)) for label, value in _by_label(section).items()],
        )
        for section in summary.sections(application, rows)
    ]


def changes(registered: Application, step_answers: dict[str, dict]) -> list[Step]:
    """The steps whose answers differ from what is registered, each with only the items that
    change (before, after); an empty list when nothing changes. `registered` prefetches its
    qualifications and work histories."""
    application, rows = _unsaved(step_answers)
    before = summary.sections(registered)
    after = summary.sections(application, rows)
    steps = []
    for old, new in zip(before, after, strict=True):
        old_items, new_items = _by_label(old), _by_label(new)
        labels = list(old_items) + [label for label in new_items if label not in old_items]
        items = [
            Item(label, _shown(new_items.get(label, "")), _shown(old_items.get(label, "")))
            for label in labels
            if old_items.get(label, "") != new_items.get(label, "")
        ]
        if items:
            steps.append(Step(new.step, new.number, new.title, items))
    return steps

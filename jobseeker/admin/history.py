"""The 履歴 of an application's page in the counter (#15 item 7): what was done to the record,
by whom and when, read from the audit trail (jobseeker.models.AuditRecord), in plain Japanese.

Django's own history lists LogEntry rows, which know only the admin's saves: an acceptance, a
consultation or anything the applicant did there reads 「変更はありませんでした」 or is missing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from .. import choices
from ..models import Application, AuditRecord
from .wording import person, person_who_did, written_day, written_moment

# Opening a record is not a change of it (the audit trail's own list has those); an export
# is of a list, not of one record.
NOT_HISTORY = [AuditRecord.Action.VIEW, AuditRecord.Action.EXPORT]
# The latest entries shown: a record's work over years stays well under this.
SHOWN = 200

WHAT = {
    AuditRecord.Action.ADD: gettext_lazy("窓口で求職申込みを登録しました（求職番号を発行）"),
    AuditRecord.Action.CHANGE: gettext_lazy("窓口で登録内容を変更しました"),
    AuditRecord.Action.ACCEPT: gettext_lazy("窓口で受付完了にしました（利用登録者）"),
    AuditRecord.Action.CONSULT: gettext_lazy("職業相談を記録しました"),
    # Recorded when the print page is opened: whether it then went to a printer, the server
    # cannot know.
    AuditRecord.Action.PRINT: gettext_lazy("求職申込書（印刷用）を開きました"),
    AuditRecord.Action.UNLOCK: gettext_lazy("オンライン結び付けの停止を解除しました"),
    AuditRecord.Action.CORRECT: gettext_lazy("マイページで登録内容を変更しました"),
    AuditRecord.Action.EMAIL: gettext_lazy("マイページでログイン用メールアドレスを変更しました"),
    AuditRecord.Action.RENEW: gettext_lazy("マイページで有効期限を延長しました"),
    AuditRecord.Action.EMAIL_AT_COUNTER: gettext_lazy(
        "本人確認のうえ、ログイン用メールアドレスの変更を始めました（新しいメールアドレスに認証キーを送信）"
    ),
    AuditRecord.Action.EMAIL_BY_KEY: gettext_lazy(
        "窓口で始めたログイン用メールアドレスの変更を、本人が認証キーで確定しました"
    ),
}
# Who did what the applicant did, where it was not the マイページ.
APPLICANT_BY = {AuditRecord.Action.EMAIL_BY_KEY: gettext_lazy("本人（認証キー）")}

# The items of the trail that are not fields of an application.
OTHER_LABELS = {
    "account_email": gettext_lazy("ログイン用メールアドレス"),
    "consultation": gettext_lazy("相談日"),
    "counter_link_failures": gettext_lazy("生年月日の不一致の回数"),
    "qualifications": gettext_lazy("資格・免許"),
    "work_histories": gettext_lazy("経歴"),
    "requested_email": gettext_lazy("新しいメールアドレス"),
    "reason": gettext_lazy("理由"),
}
# The items that are new with their record: shown without a "before".
NEW_ITEMS = ("consultation", "requested_email", "reason")

# The lists of choices kept in a JSON field.
LIST_CHOICES = {"contact_methods": choices.ContactMethod, "holiday_days": choices.Weekday}


@dataclass
class Entry:
    at: datetime
    who: str
    what: str
    details: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        return written_moment(self.at)


def entries(application: Application) -> list[Entry]:
    """The record's history, newest first: the audit trail's changes of it, and the online
    submission, which has no record of its own (services.submit_application)."""
    records = (
        application.audit_records.exclude(action__in=NOT_HISTORY)
        .select_related("staff")
        .order_by("-at", "-pk")[:SHOWN]
    )
    found = [Entry(r.at, _who(r), str(WHAT[r.action]), _details(r.changes)) for r in records]
    added = any(r.action == AuditRecord.Action.ADD for r in records)
    if application.submitted_at and not added:
        found.append(
            Entry(
                application.submitted_at,
                person(None),
                gettext("オンラインで求職申込みをしました（求職番号 %(number)s を発行）")
                % {"number": application.number},
            )
        )
    return sorted(found, key=lambda entry: entry.at, reverse=True)


def _who(record: AuditRecord) -> str:
    # By action, not by an empty staff: the database refuses a staff action without one.
    if record.action in APPLICANT_BY:
        return str(APPLICANT_BY[record.action])
    return person_who_did(None if record.by_applicant else record.staff)


def _details(changes: dict) -> list[str]:
    lines = []
    for name, (old, new) in _pairs(changes):
        values = {"label": _label(name), "before": _shown(name, old), "after": _shown(name, new)}
        if name in NEW_ITEMS:
            lines.append(gettext("%(label)s：%(after)s") % values)
        else:
            lines.append(gettext("%(label)s：%(before)s → %(after)s") % values)
    return lines


def _pairs(changes: dict):
    """The [before, after] items; a record whose application was deleted keeps only names."""
    return [
        (name, pair) for name, pair in changes.items() if isinstance(pair, list) and len(pair) == 2
    ]


def _model_field(name: str):
    """The application's own column `name`, or None (the rows, the account's address …)."""
    try:
        model_field = Application._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return model_field if model_field.concrete else None


def _label(name: str) -> str:
    if name in OTHER_LABELS:
        return str(OTHER_LABELS[name])
    model_field = _model_field(name)
    return str(model_field.verbose_name) if model_field else name


def _shown(name: str, value) -> str:
    """A stored value as the page shows it: a choice by its label, a day as 2026年12月6日."""
    if value in (None, "", []):
        return gettext("（空欄）")
    if name in LIST_CHOICES:
        labels = dict(LIST_CHOICES[name].choices)
        return gettext("、").join(str(labels.get(item, item)) for item in value)
    model_field = _model_field(name)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    is_day = isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    )
    if name == "consultation" or is_day:
        return written_day(date.fromisoformat(value))
    if isinstance(model_field, models.TimeField):
        return f"{time.fromisoformat(value):%H:%M}"
    if isinstance(value, bool):
        return gettext("はい") if value else gettext("いいえ")
    return str(value)

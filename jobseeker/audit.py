"""What the applicant changes through the マイページ, in the record's audit trail beside the
counter's own work (#15 item 7): a correction of the 求職申込み and a new login address."""

from datetime import date, datetime, time

from accounts.models import User

from .models import Application, AuditRecord


def stored_value(value):
    """A value as the audit trail's JSON keeps it (dates and times as ISO text)."""
    if value is None or isinstance(value, str | int | float | bool | list):
        return value
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return str(value)


# The rows of an application kept in tables of their own, each listed in one line of its 履歴.
ROWS = ("qualifications", "work_histories")


def rows_summary(application: Application) -> dict[str, str]:
    """The application's 資格・免許 and 経歴 as one line each (「介護福祉士、普通自動車免許」), as
    stored now: what a change of the rows is recorded as."""
    return {name: "、".join(str(row) for row in getattr(application, name).all()) for name in ROWS}


def changed_rows(before: dict[str, str], application: Application) -> dict[str, list]:
    """The rows (ROWS) whose line differs from `before` (rows_summary before the change)."""
    after = rows_summary(application)
    return {name: [before[name], after[name]] for name in ROWS if before[name] != after[name]}


def record_correction(application: Application, before: dict) -> AuditRecord | None:
    """Records which answers the applicant changed by submitting again, `before` being the
    values as they were (and rows_summary's lines for the rows); nothing when nothing
    changed. Called inside the submission's transaction (services.submit_application)."""
    changes = {
        name: [stored_value(old), stored_value(getattr(application, name))]
        for name, old in before.items()
        if name not in ROWS and stored_value(old) != stored_value(getattr(application, name))
    }
    changes |= changed_rows({name: before[name] for name in ROWS}, application)
    if not changes:
        return None
    return AuditRecord.objects.create(
        staff=None, action=AuditRecord.Action.CORRECT, application=application, changes=changes
    )


def record_address_change(
    sender, user: User, old: str, new: str, at_counter: bool = False, **kwargs
) -> None:
    """accounts.signals.address_changed, inside the change's transaction: the new login
    address in the account's application's trail (the mails of the record go there now), as
    the person's own change, from the マイページ or, `at_counter`, with the key of a change the
    counter started (whose start staff recorded: services.start_address_change_at_counter)."""
    application = Application.objects.filter(user=user).only("pk").first()
    if application is None:
        return
    AuditRecord.objects.create(
        staff=None,
        action=AuditRecord.Action.EMAIL_BY_KEY if at_counter else AuditRecord.Action.EMAIL,
        application=application,
        changes={"account_email": [old, new]},
    )

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


def record_correction(application: Application, before: dict) -> AuditRecord | None:
    """Records which answers the applicant changed by submitting again, `before` being the
    values as they were; nothing when nothing changed. Called inside the submission's
    transaction (services.submit_application)."""
    changes = {
        name: [stored_value(old), stored_value(getattr(application, name))]
        for name, old in before.items()
        if stored_value(old) != stored_value(getattr(application, name))
    }
    if not changes:
        return None
    return AuditRecord.objects.create(
        staff=None, action=AuditRecord.Action.CORRECT, application=application, changes=changes
    )


def record_address_change(sender, user: User, old: str, new: str, **kwargs) -> None:
    """accounts.signals.address_changed, inside the change's transaction: the new login
    address in the account's application's trail (the mails of the record go there now)."""
    application = Application.objects.filter(user=user).only("pk").first()
    if application is None:
        return
    AuditRecord.objects.create(
        staff=None,
        action=AuditRecord.Action.EMAIL,
        application=application,
        changes={"account_email": [old, new]},
    )

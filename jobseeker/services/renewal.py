"""Renewing a registration online (SPEC "Rules" 有効期限, #17 item 3): from the 確認 page the
person confirms their answers, changed or not, and the 有効期限 starts again from today."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import Application, AuditRecord
from .applications import submit_application, valid_until


class NotRegistered(Exception):
    """The account has no registered application (no 求職番号): there is nothing to renew."""


def renew_online(
    user: User,
    answers: dict[str, dict],
    *,
    site_url: str,
    draft_as_read: dict[str, dict] | None = None,
) -> tuple[Application, bool]:
    """Saves `answers` (the seven steps' cleaned data, as confirmed) and renews the account's
    registration to valid_until() of today: the end of the month after next. Returns the
    application and whether its 有効期限 moved.

    Guarantees: only `user`'s own registered application is touched (NotRegistered
    otherwise, and nothing is written); the account's row is locked, as submit_application
    locks it, so a double press or two tabs renew once; answers that differ from what is
    registered are saved and recorded (CORRECT) exactly as a correction is, in the same
    transaction as the renewal; a renewal that moves the date is recorded for staff (RENEW,
    without staff, with both dates), and one that does not (pressed again the same month)
    records nothing. Works whether or not the registration has expired.
    """
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        registered = (
            Application.objects.filter(user=user, number__isnull=False)
            .values_list("pk", "valid_until")
            .first()
        )
        if registered is None:
            raise NotRegistered(user.pk)
        before = registered[1]
        application = submit_application(
            user, answers, site_url=site_url, draft_as_read=draft_as_read
        )
        renewed = application.valid_until != before
        if renewed:
            AuditRecord.objects.create(
                staff=None,
                action=AuditRecord.Action.RENEW,
                application=application,
                changes={
                    "valid_until": [
                        before.isoformat() if before else None,
                        application.valid_until.isoformat(),
                    ]
                },
            )
    return application, renewed


def renewal_date(application: Application):
    """The 有効期限 a renewal today would give, or None when it would not move it (renewed or
    registered this month already: the date is as late as a renewal makes it)."""
    new = valid_until(timezone.localdate())
    return new if application.valid_until is None or new > application.valid_until else None

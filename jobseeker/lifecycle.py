"""How a job seeker's data ends: what it answers to accounts' signals (accounts.signals) when
data expires or an applicant deletes their account (connected in jobseeker.apps).

README "Data lifecycle"; accounts.lifecycle sends the signals and deletes the account itself.
"""

from django.conf import settings

from accounts.batches import BatchedPurge
from accounts.lifecycle import DeletionPart, DeletionRefused
from accounts.models import User

from .choices import Status
from .models import Application, ApplicationDraft, AuditRecord


def purge_drafts(sender, purge: BatchedPurge, **kwargs) -> None:
    """accounts.signals.purging_expired: a wizard draft nobody changed for
    settings.DRAFT_RETENTION (30 days) is deleted, in batches ("drafts"). A submitted
    application is never touched: its account's draft, if purged, is made again from the
    application on the next visit to the wizard."""
    purge.delete(
        "drafts",
        ApplicationDraft.objects.filter(updated_at__lt=purge.now - settings.DRAFT_RETENTION),
    )


def _registered_at_counter(application: Application) -> bool:
    """Staff typed it in at the counter: the office took it from the person there, as it takes
    applications on paper, so it stays when the account goes."""
    return application.audit_records.filter(action=AuditRecord.Action.ADD).exists()


def plan_deletion(sender, user: User, **kwargs) -> DeletionPart | None:
    """accounts.signals.account_deletion_planned: an account whose application was accepted at
    a counter (利用登録者) cannot be deleted online; the deletion page names the application,
    its office, and whether it stays (`keeps_application`)."""
    application = Application.objects.select_related("office").filter(user=user).first()
    if application is None:
        return None
    return DeletionPart(
        allowed=application.status != Status.ACCEPTED,
        page={
            "application": application,
            "keeps_application": _registered_at_counter(application),
        },
    )


def delete_application(sender, user: User, **kwargs) -> None:
    """accounts.signals.account_deleting, inside accounts.lifecycle.delete_account's
    transaction, the account's row locked: the application's row is locked and its status
    checked again under the lock, so an acceptance at the counter at the same moment either
    comes first (DeletionRefused: nothing is deleted) or finds the application gone.

    Deleted: the wizard draft, and the application with its work history and qualifications,
    unless staff registered it at the counter: then it is only unlinked, and can be linked
    again by 求職番号 and 生年月日. Kept: the audit trail of staff work on it (who opened,
    changed or printed it, and when), because the office must be able to account for its
    staff's access even after the person has gone, and the person's own corrections (CORRECT):
    of an application deleted, each record keeps the 求職番号 and the names of changed items and
    loses the values; of one that stays, the corrections lose their values (its 履歴 still says
    the person changed it), staff's records keep theirs with the application. Deleted: the
    changes of the login address (EMAIL, EMAIL_BY_KEY), which hold the addresses; staff's
    starts of such a change (EMAIL_AT_COUNTER) lose the address and keep their reason.
    """
    application = Application.objects.select_for_update().filter(user=user).first()
    if application is not None and application.status == Status.ACCEPTED:
        raise DeletionRefused
    ApplicationDraft.objects.filter(user=user).delete()
    if application is None:
        return
    # A change of the login address holds the addresses, and says nothing of the application.
    AuditRecord.objects.filter(
        application=application,
        action__in=[AuditRecord.Action.EMAIL, AuditRecord.Action.EMAIL_BY_KEY],
    ).delete()
    # Staff's start of one stays (who, when, why), without the address.
    for started in AuditRecord.objects.filter(
        application=application, action=AuditRecord.Action.EMAIL_AT_COUNTER
    ):
        started.changes.pop("requested_email", None)
        started.save(update_fields=["changes"])
    if _registered_at_counter(application):
        # The application stays: its 履歴 keeps that the person corrected it, not what to.
        corrections = AuditRecord.objects.filter(
            application=application, action=AuditRecord.Action.CORRECT
        )
        _without_values(corrections)
        application.user = None
        application.save(update_fields=["user", "updated_at"])
    else:
        trail = AuditRecord.objects.filter(application=application)
        _without_values(trail, deleted_application=application.number)
        AuditRecord.objects.filter(application=application).update(application=None)
        application.delete()


def _without_values(records, **kept) -> None:
    """Each record keeps the names of the changed items (and `kept`), and loses the values."""
    for record in records:
        record.changes = {**kept, "changed_items": sorted(record.changes)}
        record.save(update_fields=["changes"])

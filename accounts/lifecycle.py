"""How personal data ends: what expires and is purged, and an applicant deleting their account.

These two functions and nothing else delete personal data (issue #6 item 3); the admin deletes
nothing (its ModelAdmins refuse delete permission).
"""

import functools
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from jobseeker.choices import Status
from jobseeker.models import Application, ApplicationDraft, AuditRecord

from . import mail, tasks, throttle
from .models import AuthKey, AuthKeyPurpose, SentMail, User


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Deletes what has outlived its use; returns how many of each kind were deleted.

    Guarantees:
    - a wizard draft is deleted when nobody changed it for settings.DRAFT_RETENTION (30 days);
      a submitted application is never touched (its account's draft, if purged, is made again
      from the application on the next visit to the wizard);
    - a 認証キー is deleted settings.AUTH_KEY_RETENTION (7 days) after it was sent, and never
      sooner than settings.AUTH_KEY_FAILURE_WINDOW, so the wrong tries of an address keep
      counting, and an old key still gets its "expired / superseded / used" message for a week;
    - the record of a key mail (or of the notice sent instead of one) that belongs to no account
      and whose address has none, a signup given up, goes with its keys, delivery events too;
      a mail that concerns an account is kept as long as the account (delete_account);
    - a rate-limit event in the database is deleted once it no longer counts (Redis events
      expire by themselves);
    - sessions past their expiry are deleted (as `clearsessions`; cache sessions expire in the
      cache);
    - a queued mail still unsent an hour after its last try was due lost its task (a worker
      killed in the middle of it): it is given up and its sealed message erased
      (tasks.give_up_stale_mails);
    - a task of the mail queue (accounts.tasks) that finished settings.TASK_RESULT_RETENTION
      ago is deleted: its arguments are sealed or an id, its outcome is on the mail's record;
    - accounts are not purged: one is only ever opened together with its password
      (services.open_account), so there is no half-made account, and an account is deleted only
      by its owner (delete_account).
    Each kind is deleted in its own transaction; running it again deletes nothing more.
    """
    now = now or timezone.now()
    deleted = {}
    with transaction.atomic():
        deleted["drafts"], _ = ApplicationDraft.objects.filter(
            updated_at__lt=now - settings.DRAFT_RETENTION
        ).delete()
    key_retention = max(
        settings.AUTH_KEY_RETENTION,
        settings.AUTH_KEY_FAILURE_WINDOW,
        settings.AUTH_KEY_LIFETIME,
    )
    with transaction.atomic():
        deleted["auth_keys"], _ = AuthKey.objects.filter(
            created_at__lt=now - key_retention
        ).delete()
    with transaction.atomic():
        _, per_model = (
            SentMail.objects.filter(
                tag__in=(*mail.SIGNUP_KEY_TAGS, *mail.ADDRESS_CHANGE_KEY_TAGS),
                sent_at__lt=now - key_retention,
                user=None,
            )
            .exclude(Exists(User.objects.filter(email=OuterRef("to"))))
            .delete()
        )
        deleted["abandoned_key_mails"] = per_model.get(SentMail._meta.label, 0)
    with transaction.atomic():
        deleted["rate_limit_events"] = throttle.delete_expired_events(now)
    with transaction.atomic():
        deleted["sessions"] = _delete_expired_sessions(now)
    with transaction.atomic():
        deleted["stale_mails_given_up"] = tasks.give_up_stale_mails(now)
    with transaction.atomic():
        deleted["finished_tasks"], _ = (
            DBTaskResult.objects.finished()
            .filter(finished_at__lt=now - settings.TASK_RESULT_RETENTION)
            .delete()
        )
    return deleted


def _delete_expired_sessions(now: datetime) -> int:
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(session_store, "get_model_class"):  # sessions in the database
        deleted, _ = session_store.get_model_class().objects.filter(expire_date__lt=now).delete()
        return deleted
    session_store.clear_expired()
    return 0


# An applicant deleting their account (マイページ → アカウントを削除する).


@dataclass(frozen=True)
class DeletionPlan:
    """Whether `user` may delete their account online, and what happens to their application.

    `application` is kept (unlinked) instead of deleted when staff registered it at the
    counter: the office took it from the person there, as it takes applications on paper.
    """

    allowed: bool
    application: Application | None = None
    keeps_application: bool = False


def deletion_plan(user: User) -> DeletionPlan:
    if user.is_staff or user.is_superuser:
        return DeletionPlan(allowed=False)
    application = Application.objects.select_related("office").filter(user=user).first()
    if application is None:
        return DeletionPlan(allowed=True)
    if application.status == Status.ACCEPTED:
        return DeletionPlan(allowed=False, application=application)
    return DeletionPlan(
        allowed=True,
        application=application,
        keeps_application=application.audit_records.filter(action=AuditRecord.Action.ADD).exists(),
    )


def delete_account(user: User) -> bool:
    """Deletes the applicant's account and the personal data kept only for it; False if refused.

    Deleted: the account, its wizard draft, its application with work history and
    qualifications (unless staff registered it at the counter: then it is only unlinked, and
    can be linked again by 求職番号 and 生年月日), its 認証キー, and the record of the mails
    that concerned it (SentMail.user, at any address it had, with their delivery events); a
    mail is recorded against the account it concerns (accounts.mail), so no other account's
    record goes, even when the mail went to this account's address.
    Kept: the audit trail of staff work on the application (who opened, changed or printed it,
    and when), because the office must be able to account for its staff's access even after the
    person has gone; each such record keeps the 求職番号 and the names of changed items, and
    loses the values. Rate-limit events hold only HMACs and expire within hours.

    Once committed, the address is sent a short confirmation (mail.send_account_deleted, whose
    record goes once it is sent).

    Guarantees: nothing is deleted for staff accounts or once the application is accepted at a
    counter (利用登録者); the account's row and then the application's are locked and the status
    checked again under the lock, so an acceptance at the same moment either comes first (and
    nothing is deleted) or finds the application gone; everything happens in one transaction.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        plan = deletion_plan(user)
        if not plan.allowed:
            return False
        if plan.application is not None:
            application = Application.objects.select_for_update().get(pk=plan.application.pk)
            if application.status == Status.ACCEPTED:
                return False
            if plan.keeps_application:
                application.user = None
                application.save(update_fields=["user", "updated_at"])
            else:
                _keep_audit_trail_without_values(application)
                application.delete()
        AuthKey.objects.filter(
            Q(user=user) | Q(email=user.email, purpose=AuthKeyPurpose.SIGNUP)
        ).delete()
        user.delete()  # and, by CASCADE, its ApplicationDraft and its SentMail records
        language = translation.get_language()
        transaction.on_commit(functools.partial(_confirm_deletion, user.email, language))
    return True


def _keep_audit_trail_without_values(application: Application) -> None:
    for record in AuditRecord.objects.filter(application=application):
        record.application = None
        record.changes = {
            "deleted_application": application.number,
            "changed_items": sorted(record.changes),
        }
        record.save(update_fields=["application", "changes"])


def _confirm_deletion(email: str, language: str) -> None:
    with translation.override(language):
        mail.send_account_deleted(email)

"""How personal data ends: what expires and is purged, and an applicant deleting their account.

These two functions and nothing else delete personal data (issue #6 item 3); the admin deletes
nothing (its ModelAdmins refuse delete permission). The apps above accounts delete their own
part through the signals these send (accounts.signals; jobseeker.lifecycle receives them).
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from . import batches, mail, tasks, throttle
from .models import AuthKey, AuthKeyPurpose, SentMail, TrustedBrowser, User
from .signals import account_deleting, account_deletion_planned, purging_expired


def purge_expired(
    now: datetime | None = None,
    *,
    batch_size: int = batches.DEFAULT_BATCH_SIZE,
    stop_requested: Callable[[], bool] = lambda: False,
) -> dict[str, int]:
    """Deletes what has outlived its use; returns how many of each kind were deleted.

    Guarantees:
    - the apps above accounts delete what of theirs has expired first (signals.purging_expired;
      jobseeker.lifecycle.purge_drafts: a wizard draft nobody changed for
      settings.DRAFT_RETENTION, never a submitted application);
    - a 認証キー is deleted settings.AUTH_KEY_RETENTION (7 days) after it was sent, and never
      sooner than settings.AUTH_KEY_FAILURE_WINDOW, so the wrong tries of an address keep
      counting, and an old key still gets its "expired / superseded / used" message for a week;
    - the record of a key mail (or of the notice sent instead of one) that belongs to no account
      and whose address has none, a signup given up, goes with its keys, delivery events too;
      a mail that concerns an account is kept as long as the account (delete_account);
    - a trusted browser (browsers) is deleted once its settings.TRUSTED_BROWSER_LIFETIME is over;
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
    Rows go `batch_size` at a time, each batch in its own transaction (batches.BatchedPurge),
    so no lock is held for long. `stop_requested` is asked before each batch: when it says yes,
    batches.PurgeStopped is raised with what was deleted, every batch before committed and
    none half done. Running it again continues; after a complete run it deletes nothing more.
    """
    purge = batches.BatchedPurge(
        now=now or timezone.now(), batch_size=batch_size, stop_requested=stop_requested
    )
    purging_expired.send(sender=User, purge=purge)
    key_retention = max(
        settings.AUTH_KEY_RETENTION,
        settings.AUTH_KEY_FAILURE_WINDOW,
        settings.AUTH_KEY_LIFETIME,
    )
    purge.delete("auth_keys", AuthKey.objects.filter(created_at__lt=purge.now - key_retention))
    purge.delete(
        "abandoned_key_mails",
        SentMail.objects.filter(
            tag__in=(*mail.SIGNUP_KEY_TAGS, *mail.ADDRESS_CHANGE_KEY_TAGS),
            sent_at__lt=purge.now - key_retention,
            user=None,
        ).exclude(Exists(User.objects.filter(email=OuterRef("to")))),
    )
    purge.delete(
        "trusted_browsers",
        TrustedBrowser.objects.filter(
            created_at__lte=purge.now - settings.TRUSTED_BROWSER_LIFETIME
        ),
    )
    purge.delete("rate_limit_events", throttle.expired_events(purge.now))
    _delete_expired_sessions(purge)
    tasks.give_up_stale_mails(purge)
    purge.delete(
        "finished_tasks",
        DBTaskResult.objects.finished().filter(
            finished_at__lt=purge.now - settings.TASK_RESULT_RETENTION
        ),
    )
    return purge.counts


def _delete_expired_sessions(purge: batches.BatchedPurge) -> None:
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(session_store, "get_model_class"):  # sessions in the database
        sessions = session_store.get_model_class().objects.filter(expire_date__lt=purge.now)
        purge.delete("sessions", sessions)
        return
    session_store.clear_expired()
    purge.counts["sessions"] = 0


# An applicant deleting their account (マイページ → アカウントを削除する).


@dataclass(frozen=True)
class DeletionPart:
    """What an app above accounts says of the data it holds for an account about to be deleted
    (its answer to signals.account_deletion_planned)."""

    # False: while this data is held, the account cannot be deleted online.
    allowed: bool
    # What the deletion page shows of it: template variables, by name.
    page: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeletionPlan:
    """Whether `user` may delete their account online, and what the page shows of the data the
    apps above accounts hold for it (each DeletionPart's `page`, merged)."""

    allowed: bool
    page: dict[str, Any] = field(default_factory=dict)


class DeletionRefused(Exception):
    """Raised by a receiver of signals.account_deleting: the account must stay (delete_account
    then deletes nothing)."""


def deletion_plan(user: User) -> DeletionPlan:
    """What the deletion page says before asking for the password: staff accounts are never
    deleted online, and each app above accounts answers for its data (and may refuse)."""
    if user.is_staff or user.is_superuser:
        return DeletionPlan(allowed=False)
    parts = [part for _receiver, part in account_deletion_planned.send(sender=User, user=user)]
    parts = [part for part in parts if part is not None]
    page = {name: value for part in parts for name, value in part.page.items()}
    return DeletionPlan(allowed=all(part.allowed for part in parts), page=page)


def delete_account(user: User) -> bool:
    """Deletes the applicant's account and the personal data kept only for it; False if refused.

    Deleted: the account, its 認証キー, and the record of the mails that concerned it
    (SentMail.user, at any address it had, with their delivery events); a mail is recorded
    against the account it concerns (accounts.mail), so no other account's record goes, even
    when the mail went to this account's address. The apps above accounts delete or unlink
    what they hold of it (signals.account_deleting; jobseeker.lifecycle.delete_application:
    the draft and the application, or only its link when staff registered it at the counter,
    with the staff audit trail kept without the values). Rate-limit events hold only HMACs and
    expire within hours.

    Once committed, the address is sent a short confirmation (mail.send_account_deleted, whose
    record goes once it is sent).

    Guarantees: nothing is deleted for staff accounts, nor when a receiver refuses (jobseeker:
    an application accepted at a counter, 利用登録者); the account's row is locked before the
    receivers lock theirs (jobseeker: the application's, its status checked again under the
    lock, so an acceptance at the same moment either comes first and nothing is deleted, or
    finds the application gone); everything happens in one transaction.
    """
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user.pk)
            if user.is_staff or user.is_superuser:
                return False
            account_deleting.send(sender=User, user=user)
            AuthKey.objects.filter(
                Q(user=user) | Q(email=user.email, purpose=AuthKeyPurpose.SIGNUP)
            ).delete()
            user.delete()  # and, by CASCADE, its SentMail records
            language = translation.get_language()
            transaction.on_commit(functools.partial(_confirm_deletion, user.email, language))
    except DeletionRefused:
        return False
    return True


def _confirm_deletion(email: str, language: str) -> None:
    with translation.override(language):
        mail.send_account_deleted(email)

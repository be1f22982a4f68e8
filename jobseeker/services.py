"""The 求職申込み: submitting it and issuing its 求職番号.

The rules of SPEC "Rules" (求職番号), each enforced here and nowhere else:

- a number is the office's code and the next serial of that office, with a Damm check digit
  (jobseeker.numbers);
- serials are counted in Office.last_serial under a row lock, so a number is never issued twice,
  whatever the number of server processes;
- a serial is never reused: when the office's seven-digit serials run out, issuing stops with
  SerialsExhausted instead of wrapping around;
- an account has one application, numbered once (submit_application).
"""

import calendar
from datetime import date

from django.conf import settings
from django.db import router, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User

from . import audit, mail, numbers
from .choices import Status
from .drafts import draft_from_application
from .models import (
    Application,
    ApplicationDraft,
    AuditRecord,
    Consultation,
    CounterLinkLock,
    Office,
    Qualification,
    WorkHistory,
)

# The Application columns a step's answers may set; anything else in cleaned_data is ignored.
_APPLICATION_FIELDS = {
    field.name
    for field in Application._meta.concrete_fields
    if field.editable and not field.is_relation and field.name not in {"id", "number", "status"}
}


class SerialsExhausted(Exception):
    """The office has issued its last seven-digit serial; no 求職番号 can be issued there."""


def allocate_number(office: Office) -> str:
    """Returns a 求職番号 never issued before at this office: the office row is locked (SELECT …
    FOR UPDATE) and its last_serial incremented in the caller's transaction, so concurrent callers
    on several processes get distinct numbers.

    Must run inside `transaction.atomic()`, the same one that stores the number: the lock then
    lasts until the number is saved, and a rollback returns the serial with it. Raises
    TransactionManagementError outside one, SerialsExhausted past serial 9,999,999.
    """
    using = router.db_for_write(Office, instance=office)
    if not transaction.get_connection(using).in_atomic_block:
        raise TransactionManagementError(
            "allocate_number() must be called inside transaction.atomic()."
        )
    # The lock is taken before last_serial is read: a caller waiting here reads the serial its
    # predecessor committed, not the one both saw before.
    locked = Office.objects.using(using).select_for_update().only("code", "last_serial")
    locked = locked.get(pk=office.pk)
    serial = locked.last_serial + 1
    if serial > numbers.MAX_SERIAL:
        raise SerialsExhausted(
            f"ハローワーク {locked.code} has issued its last serial ({numbers.MAX_SERIAL:,})."
        )
    locked.last_serial = serial
    locked.save(update_fields=["last_serial"])
    return numbers.format_number(locked.code, serial)


def valid_until(submitted_on: date) -> date:
    """有効期限: the end of the month after next (SPEC "Rules": 5月15日 → 7月31日)."""
    year, month = divmod(submitted_on.month + 1, 12)
    year, month = submitted_on.year + year, month + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _end_of_next_month(day: date) -> date:
    year, month = divmod(day.month, 12)
    year, month = day.year + year, month + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def submit_application(
    user: User,
    answers: dict[str, dict],
    *,
    site_url: str,
    draft_as_read: dict[str, dict] | None = None,
) -> Application:
    """Saves the seven steps' answers as the account's application and issues its 求職番号.

    Guarantees: an account has at most one application; its number is issued on the first
    submission only, under a lock on the account's row, so a double click, two tabs or a repeated
    POST save the answers again and keep the number; the completion mail is sent once, after
    the number is committed. Every submission renews the 有効期限, and one that changes registered
    answers records them (an AuditRecord without staff). The account's draft becomes what
    is registered, as new as the answers, in the same transaction (see
    jobseeker.wizard.storage.DraftStorage), except the steps whose stored input is no longer
    `draft_as_read` (the input of the steps the submitting request did not write, as it read
    them): another tab saved those meanwhile, and nothing typed is dropped.
    """
    values = {
        name: value
        for step_answers in answers.values()
        for name, value in step_answers.items()
        if name in _APPLICATION_FIELDS
    }
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        application = Application.objects.filter(user=user).first()
        if application is None:
            application = Application(
                user=user, office=Office.objects.serving(values["prefecture"], values["city"])
            )
        # What a correction changes, for the record's 履歴 (#15 item 7).
        before = (
            {name: getattr(application, name) for name in values} | audit.rows_summary(application)
            if application.pk
            else {}
        )
        for name, value in values.items():
            setattr(application, name, value)
        application.valid_until = valid_until(timezone.localdate())
        application.answers_changed_at = timezone.now()
        newly_issued = application.number is None
        if newly_issued:
            application.number = allocate_number(application.office)
            application.submitted_at = timezone.now()
        application.save()
        application.qualifications.all().delete()
        application.qualifications.bulk_create(
            [
                Qualification(application=application, **q)
                for q in answers["education"]["qualifications"]
            ]
        )
        application.work_histories.all().delete()
        application.work_histories.bulk_create(
            [WorkHistory(application=application, **w) for w in answers["career"]["work_histories"]]
        )
        if before:
            audit.record_correction(application, before)
        # The draft becomes what is registered, so the 変更 pages show it (ヤマダ, not the やまだ
        # that was typed) and any later difference is a correction not yet saved
        # (jobseeker.wizard.states.unsaved_corrections). A step another tab saved since the
        # submitting request read the draft is kept as it was typed: it is such a correction.
        draft = draft_from_application(application)
        drafts = ApplicationDraft.objects.select_for_update().filter(user=user)
        stored = (drafts.values_list("data", flat=True).first() or {}).get("step_data", {})
        for step, as_read in (draft_as_read or {}).items():
            if step in stored and stored[step] != as_read:
                draft["step_data"][step] = stored[step]
        # updated_at equal to answers_changed_at, not older: the wizard replaces a draft older
        # than the answers with what is registered, taking it for a change made at the counter.
        drafts.update(data=draft, updated_at=application.answers_changed_at)
        if newly_issued:
            # In the language of the page that submitted, whenever the commit happens.
            language = translation.get_language()

            def send_mail():
                with translation.override(language):
                    mail.send_registration_complete(application, site_url)

            transaction.on_commit(send_mail)
    return application


def discard_correction(user: User) -> bool:
    """Drops a correction the account never saved: its wizard draft becomes what is registered.

    Guarantees: only `user`'s own draft is written, and only when the account has a registered
    application (before the first submission the draft is the only copy of what was typed, so it
    is never replaced). The draft then holds every registered value with all steps checked and
    no saved outcomes, exactly as the wizard makes it after a change at the counter
    (jobseeker.wizard.storage.DraftStorage), so the マイページ no longer reports an unsaved
    correction.
    The new updated_at makes a wizard request that read the old draft merge its step into this
    one instead of writing the old draft back. Returns whether the draft was replaced.
    """
    application = (
        Application.objects.filter(user=user, number__isnull=False)
        .prefetch_related("qualifications", "work_histories")
        .first()
    )
    if application is None:
        return False
    data = draft_from_application(application)
    return bool(
        ApplicationDraft.objects.filter(user=user).update(data=data, updated_at=timezone.now())
    )


class TransitionNotAllowed(Exception):
    """The application's status does not allow the requested change; str() says why."""


def accept_at_counter(application: Application, staff: User) -> Application:
    """Makes the applicant a 利用登録者, recording who accepted and when.

    Guarantees: only an オンライン登録者 with a 求職番号 can be accepted, checked on the row locked
    for the change, so two staff accepting at once record one acceptance; an AuditRecord is written
    in the same transaction. A registration whose 有効期限 has passed is renewed by the
    acceptance, as a submission renews it (valid_until()): the clerk has just checked the
    answers with the person, which is what renewing asks; the audit record keeps both dates.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != Status.ONLINE or not locked.number:
            raise TransitionNotAllowed(
                _("%(number)s はすでに「%(status)s」です。窓口受付はできません。")
                % {"number": locked.number, "status": locked.get_status_display()}
            )
        # Values, not labels: the 履歴 shows them in the reader's language (admin/history.py).
        changes = {"status": [Status.ONLINE.value, Status.ACCEPTED.value]}
        changed = ["status", "accepted_at", "accepted_by", "updated_at"]
        today = timezone.localdate()
        if locked.valid_until is not None and locked.valid_until < today:
            before, locked.valid_until = locked.valid_until, valid_until(today)
            changes["valid_until"] = [before.isoformat(), locked.valid_until.isoformat()]
            changed.append("valid_until")
        locked.status = Status.ACCEPTED
        locked.accepted_at = timezone.now()
        locked.accepted_by = staff
        locked.save(update_fields=changed)
        AuditRecord.objects.create(
            staff=staff, action=AuditRecord.Action.ACCEPT, application=locked, changes=changes
        )
    return locked


def renew_at_counter(application: Application, staff: User) -> Application:
    """Renews the expired registration of a 利用登録者, as the counter does after checking the
    person and their answers with them (SPEC: an expired registration is renewed by updating it).

    Guarantees: the row is locked for the change, so two clerks pressing at once renew once; only
    a 利用登録者 whose 有効期限 has passed is renewed, to valid_until() of today; an AuditRecord
    (CHANGE, with both dates) is written in the same transaction.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        today = timezone.localdate()
        if (
            locked.status != Status.ACCEPTED
            or locked.valid_until is None
            or locked.valid_until >= today
        ):
            raise TransitionNotAllowed(
                _("%(number)s の有効期限は切れていません。更新はできません。")
                % {"number": locked.number}
            )
        before, locked.valid_until = locked.valid_until, valid_until(today)
        locked.save(update_fields=["valid_until", "updated_at"])
        AuditRecord.objects.create(
            staff=staff,
            action=AuditRecord.Action.CHANGE,
            application=locked,
            changes={"valid_until": [before.isoformat(), locked.valid_until.isoformat()]},
        )
    return locked


def register_at_counter(application: Application, staff: User) -> Application:
    """Saves an application staff typed in for a person without an account, with its number.

    Guarantees: the application belongs to the staff member's office and gets a fresh 求職番号 in
    the same transaction that stores it; it has no account until the person links one. The
    person applied at the counter with the clerk, so it is accepted at once: a 利用登録者
    accepted by `staff`, audited as registered (ADD) and accepted (ACCEPT) in that transaction.
    """
    with transaction.atomic():
        now = timezone.now()
        application.office = staff.office or Office.objects.get(code=settings.DEFAULT_OFFICE_CODE)
        application.number = allocate_number(application.office)
        application.submitted_at = application.answers_changed_at = now
        application.valid_until = valid_until(timezone.localdate())
        application.status = Status.ACCEPTED
        application.accepted_at, application.accepted_by = now, staff
        application.save()
        AuditRecord.objects.create(
            staff=staff, action=AuditRecord.Action.ADD, application=application
        )
        AuditRecord.objects.create(
            staff=staff,
            action=AuditRecord.Action.ACCEPT,
            application=application,
            changes={"status": [None, Status.ACCEPTED.value]},
        )
    return application


def record_consultation(
    application: Application, staff: User, on: date | None = None, note: str = ""
) -> Consultation:
    """Records a 職業相談 held with the applicant on `on` (today by default), and extends the
    有効期限 when it falls due (SPEC "Rules": a consultation in the last month extends it by one
    month).

    Guarantees:
    - the consultation is stored with the staff member who recorded it; a date after today is
      refused with ValueError (the counter's form says so first);
    - valid_until (always a month end) moves to the end of the following month exactly when `on`
      lies in the calendar month of valid_until and not after it; a consultation held earlier, or
      after the registration expired (which is renewed by updating it, not by a consultation),
      changes nothing;
    - the application's row is locked (SELECT … FOR UPDATE) and the month decided on the locked
      row, so a second consultation in the same month, after the extension or at the same moment
      at another desk, finds the month no longer the last one and extends nothing;
    - the new date is kept as Consultation.extended_until, and an AuditRecord is written, in the
      same transaction.

    Returns the consultation; its `application` is the row as locked and saved.
    """
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValueError(f"A consultation cannot be recorded for a future day ({on}).")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        before = locked.valid_until
        due = before is not None and (on.year, on.month) == (before.year, before.month)
        consultation = Consultation(application=locked, held_on=on, staff=staff, note=note)
        changes = {"consultation": [None, on.isoformat()]}
        if due and on <= before:
            locked.valid_until = consultation.extended_until = _end_of_next_month(before)
            locked.save(update_fields=["valid_until", "updated_at"])
            changes["valid_until"] = [before.isoformat(), locked.valid_until.isoformat()]
        consultation.save()
        AuditRecord.objects.create(
            staff=staff, action=AuditRecord.Action.CONSULT, application=locked, changes=changes
        )
    return consultation


def unlock_counter_link(application: Application, staff: User) -> CounterLinkLock | None:
    """Lets the applicant link `application`'s 求職番号 online again, after staff checked at the
    counter who they are (the lock: counter_link.services.match_counter_application).

    Guarantees: the number's mismatch count goes back to 0 and its lock is lifted on the row
    locked for the change, with an AuditRecord in the same transaction; when the number is not
    locked (another desk unlocked it a moment ago), nothing is written and None is returned.
    Returns the lock as it was.
    """
    with transaction.atomic():
        lock = (
            CounterLinkLock.objects.select_for_update()
            .locked()
            .filter(number=application.number)
            .first()
        )
        if lock is None:
            return None
        AuditRecord.objects.create(
            staff=staff,
            action=AuditRecord.Action.UNLOCK,
            application=application,
            changes={"counter_link_failures": [lock.failures, 0]},
        )
        CounterLinkLock.objects.filter(pk=lock.pk).update(failures=0, locked_at=None)
    return lock

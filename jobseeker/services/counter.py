"""The counter's writes: acceptance, renewal, changes, walk-in registration, 職業相談, the
unlocking of online linking, and the start of a change of the account's login address. Each
writes its AuditRecord in the same transaction as its change, locking the application's row
where two desks could collide, so the 履歴 (admin/history.py) is what happened.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import counter_address
from accounts.models import User

from .. import audit
from ..choices import Status
from ..models import Application, AuditRecord, Consultation, CounterLinkLock, Office
from .applications import _end_of_next_month, allocate_number, valid_until


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


class AnswersChanged(Exception):
    """The answers changed after the clerk opened the page (a マイページ correction): nothing of
    the counter's change was written; str() says so in the clerk's words."""


def answers_version(application: Application) -> str:
    """The version of the answers a counter page is opened on (change_at_counter checks it)."""
    changed_at = application.answers_changed_at
    return changed_at.isoformat() if changed_at else ""


def change_at_counter(
    application: Application, staff: User, *, opened_version: str, changed: list[str]
) -> AuditRecord | None:
    """Writes what the clerk changed (`changed`: field names, their new values on
    `application`) over the answers as they were when the page was opened.

    Guarantees: the row is locked (SELECT … FOR UPDATE) and its answers_changed_at compared
    with `opened_version` (answers_version() when the page was opened) before anything is
    written, so an applicant's correction from the マイページ committed in between is never
    overwritten: AnswersChanged is raised and the person's answers are kept. Otherwise the
    values, answers_changed_at (the applicant's draft learns of the change, wizard.storage) and
    a CHANGE AuditRecord whose "before" is read from the locked row are written in one
    transaction. Only `changed` is written: an acceptance or a consultation's extension of
    有効期限 committed while the page was open is not written back over. The lock lasts until
    the caller's transaction ends, so the rows the counter saves next (資格・免許, 経歴) are
    covered when called inside it, as the admin does. Nothing changed: checked, returns None.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if answers_version(locked) != opened_version:
            raise AnswersChanged(
                _(
                    "この画面を開いた後に、申込者がマイページで登録内容を変更していたため、"
                    "保存しませんでした。表示しているのが最新の内容です。確認してから、"
                    "もう一度変更してください。"
                )
            )
        if not changed:
            return None
        before = {name: audit.stored_value(getattr(locked, name)) for name in changed}
        application.answers_changed_at = timezone.now()
        application.save(update_fields=[*changed, "answers_changed_at"])
        return AuditRecord.objects.create(
            staff=staff,
            action=AuditRecord.Action.CHANGE,
            application=application,
            changes={
                name: [before[name], audit.stored_value(getattr(application, name))]
                for name in changed
            },
        )


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


def start_address_change_at_counter(
    application: Application, staff: User, *, email: str, reason: str, client: str, site_url: str
) -> counter_address.StartedChange:
    """Starts the change of the login address of `application`'s account to `email`, for a
    person whose identity `staff` checked at the counter (issue #16 item 4): a 認証キー goes to
    `email` (accounts.counter_address.start_counter_address_change says what holds of it).

    Guarantees: the application has an account (ValueError otherwise; the page offers the
    change only then); an EMAIL_AT_COUNTER AuditRecord with `staff`, the new address and
    `reason` is written in the transaction that issues the key, and only when a key is sent.
    """
    if application.user is None:
        raise ValueError(f"Application {application.pk} has no account to change.")

    def audit():
        AuditRecord.objects.create(
            staff=staff,
            action=AuditRecord.Action.EMAIL_AT_COUNTER,
            application=application,
            # [before, after] as the 履歴 reads items; nothing is "before" a request.
            changes={"requested_email": [None, email], "reason": [None, reason]},
        )

    return counter_address.start_counter_address_change(
        user=application.user, email=email, client=client, site_url=site_url, audit=audit
    )

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

from django.db import router, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation

from accounts.models import User

from .. import audit, mail, numbers
from ..drafts import draft_from_application
from ..models import (
    Application,
    ApplicationDraft,
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


def application_values(answers: dict[str, dict]) -> dict:
    """The Application columns the steps' cleaned data set (the rows of 資格・免許 and 経歴 are
    the education and career steps' lists)."""
    return {
        name: value
        for step_answers in answers.values()
        for name, value in step_answers.items()
        if name in _APPLICATION_FIELDS
    }


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
    values = application_values(answers)
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

"""One seeded applicant's rows, unsaved: the account, the application with its 資格・免許 and 経歴,
the audit trail the counter and the person left, and the mails sent to them. Dates follow the
rules the services keep: 有効期限 by services.valid_until (SPEC "Rules"), an acceptance after
the submission, a renewal from the day it was made."""

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from accounts.models import SentMail, User

from .. import numbers
from ..choices import (
    Allowed,
    ContactMethod,
    Disclosure,
    Education,
    EducationStatus,
    EmploymentPeriod,
    EmploymentType,
    Gender,
    InfoProvision,
    LeavingReason,
    Occupation,
    Specified,
    Status,
    WorkKind,
    WorkStatus,
)
from ..fields import to_full_width
from ..models import Application, AuditRecord, Office, Qualification, WorkHistory
from ..services import valid_until
from .people import People, PostalArea

JST = ZoneInfo("Asia/Tokyo")
# The same few thousand 市区町村 lines come back again and again.
_full_width = functools.cache(to_full_width)
Action = AuditRecord.Action
# Shares of the applications (the rest: online, then accepted at the counter or not).
WALK_IN_SHARE = 0.15  # typed in at the counter: no account, accepted at once
ACCEPTED_SHARE = 0.8  # of online applications older than two weeks
RENEWED_SHARE = 0.25  # of accepted applications older than four months
CORRECTED_SHARE = 0.05  # the person changed an answer on the マイページ


@dataclass
class Seeded:
    """An applicant's unsaved rows; `user` is None for a walk-in."""

    application: Application
    user: User | None
    qualifications: list[Qualification] = field(default_factory=list)
    work_histories: list[WorkHistory] = field(default_factory=list)
    audit: list[AuditRecord] = field(default_factory=list)
    mails: list[SentMail] = field(default_factory=list)


def office_hours(people: People, day: datetime) -> datetime:
    """A moment of the counter's day (8:30–17:00 JST) on `day`'s date."""
    local = day.astimezone(JST)
    minutes = people.random.randrange(8 * 60 + 30, 17 * 60)
    return local.replace(
        hour=minutes // 60, minute=minutes % 60, second=people.random.randrange(60)
    )


def answers(people: People, area: PostalArea, submitted_at: datetime) -> dict:
    """The seven steps' answers, as the step forms store them."""
    r = people.random
    gender = r.choices(Gender.values, weights=(48, 48, 4))[0]
    family, given = people.name(gender)
    mobile = people.mobile_phone() if r.random() < 0.9 else ""
    fixed = people.fixed_phone() if not mobile or r.random() < 0.3 else ""
    contact = r.choice(Allowed.values)
    values = {
        "family_name": family[0], "family_name_kana": family[1],
        "given_name": given[0], "given_name_kana": given[1],
        "birth_date": people.birth_date(submitted_at.date()), "gender": gender,
        "postal_code": area.postal_code, "prefecture": area.prefecture,
        "city": _full_width(area.city),
        "street": people.street(), "building": people.building(),
        "phone_fixed": fixed, "phone_mobile": mobile,
        "disclosure": r.choice(Disclosure.values), "info_provision": r.choice(InfoProvision.values),
        "contact_allowed": contact,
        "contact_methods": r.sample(ContactMethod.values, r.randrange(1, 3)) if contact == "yes"
        else [],
        "employment_type": r.choices(EmploymentType.values, weights=(6, 4))[0],
        "employment_period": r.choice(EmploymentPeriod.values),
        "desired_occupation": r.choice(Occupation.values),
        "work_hours": Specified.NONE, "holidays": Specified.NONE,
        "education": r.choices(Education.values, weights=(5, 40, 15, 12, 25, 3))[0],
        "education_status": r.choices(EducationStatus.values, weights=(90, 5, 3, 2))[0],
        "school_name": people.school() if r.random() < 0.4 else "",
        "self_pr": "", "romaji": (given[2], family[2]),
    }  # fmt: skip
    if r.random() < 0.3:
        values |= {"work_hours": Specified.SPECIFIED, "work_start": datetime(2000, 1, 1, 9).time(),
                   "work_end": datetime(2000, 1, 1, 17).time(), "work_break": 60}  # fmt: skip
    if r.random() < 0.4:
        values |= {"desired_prefecture": area.prefecture, "wage_type": "monthly",
                   "wage_amount": r.randrange(16, 40) * 10_000}  # fmt: skip
    return values


def applicant(
    people: People,
    office: Office,
    serial: int,
    submitted_at: datetime,
    now: datetime,
    area: PostalArea,
    staff: list[int],
    password: str,
) -> Seeded:
    r = people.random
    values = answers(people, area, submitted_at)
    given_romaji, family_romaji = values.pop("romaji")
    number = numbers.format_number(office.code, serial)
    walk_in = r.random() < WALK_IN_SHARE
    if walk_in:
        submitted_at = office_hours(people, submitted_at)
    application = Application(
        office=office, number=number, submitted_at=submitted_at, answers_changed_at=submitted_at,
        valid_until=valid_until(submitted_at.astimezone(JST).date()), status=Status.ONLINE,
        email="" if walk_in else people.email(given_romaji, family_romaji, number[:5] + number[6:]),
        **values,
    )  # fmt: skip
    user = None
    if not walk_in:
        signed_up = submitted_at - timedelta(minutes=r.randrange(10, 180))
        user = User(email=application.email, password=password, date_joined=signed_up)
        application.user = user
    seeded = Seeded(application, user)
    _career(people, seeded, submitted_at)
    clerk = r.choice(staff)
    if walk_in:
        _accept(seeded, clerk, submitted_at, changes={"status": [None, Status.ACCEPTED.value]})
        seeded.audit.insert(0, AuditRecord(staff_id=clerk, action=Action.ADD, at=submitted_at))
    elif now - submitted_at > timedelta(days=14) and r.random() < ACCEPTED_SHARE:
        accepted_at = office_hours(people, submitted_at + timedelta(days=r.randrange(1, 15)))
        seeded.audit.append(
            AuditRecord(staff_id=clerk, action=Action.VIEW, at=accepted_at - timedelta(minutes=3))
        )
        _accept(seeded, clerk, accepted_at, changes={"status": ["online", "accepted"]})
        if r.random() < 0.2:
            seeded.audit.append(AuditRecord(staff_id=clerk, action=Action.PRINT, at=accepted_at))
    old = now - submitted_at > timedelta(days=120)
    if application.accepted_at and old and r.random() < RENEWED_SHARE:
        _renew(people, seeded, now)
    if user:
        _mails(people, seeded, now)
        if r.random() < CORRECTED_SHARE:
            _correct(people, seeded, now)
    application.updated_at = max(a.at for a in seeded.audit) if seeded.audit else submitted_at
    return seeded


def _career(people: People, seeded: Seeded, submitted_at: datetime) -> None:
    r = people.random
    year = submitted_at.year
    for _ in range(r.choices((0, 1, 2, 3), weights=(20, 45, 25, 10))[0]):
        current = not seeded.work_histories and r.random() < 0.3
        seeded.work_histories.append(
            WorkHistory(
                application=seeded.application, kind=WorkKind.EMPLOYED,
                employment_form=people.employment_form(), job_description=people.job(),
                end_year=year, end_month=r.randrange(1, 13),
                status=WorkStatus.CURRENT if current else WorkStatus.LEFT,
                leaving_reason="" if current else r.choice(LeavingReason.values),
            )
        )  # fmt: skip
        year -= r.randrange(1, 6)
    for _ in range(r.choices((0, 1, 2), weights=(50, 35, 15))[0]):
        seeded.qualifications.append(
            Qualification(
                application=seeded.application,
                name=people.qualification(),
                year=submitted_at.year - r.randrange(0, 20),
            )
        )


def _accept(seeded: Seeded, clerk: int, at: datetime, changes: dict) -> None:
    application = seeded.application
    application.status = Status.ACCEPTED
    application.accepted_at, application.accepted_by_id = at, clerk
    seeded.audit.append(AuditRecord(staff_id=clerk, action=Action.ACCEPT, at=at, changes=changes))


def _renew(people: People, seeded: Seeded, now: datetime) -> None:
    """Renewed online from the 確認 page (RENEW, without staff), on a day before now."""
    application = seeded.application
    span = int((now - application.submitted_at).total_seconds())
    renewed_at = application.submitted_at + timedelta(seconds=people.random.randrange(span))
    before, after = application.valid_until, valid_until(renewed_at.astimezone(JST).date())
    if after <= before:
        return
    application.valid_until = after
    application.answers_changed_at = renewed_at
    seeded.audit.append(
        AuditRecord(
            action=Action.RENEW,
            at=renewed_at,
            changes={"valid_until": [before.isoformat(), after.isoformat()]},
        )
    )


def _correct(people: People, seeded: Seeded, now: datetime) -> None:
    """A new mobile number typed on the マイページ after the submission (CORRECT)."""
    application = seeded.application
    old, application.phone_mobile = application.phone_mobile, people.mobile_phone()
    corrected_at = min(now, application.answers_changed_at + timedelta(days=2))
    application.answers_changed_at = max(application.answers_changed_at, corrected_at)
    seeded.audit.append(
        AuditRecord(
            action=Action.CORRECT,
            at=corrected_at,
            changes={"phone_mobile": [old, application.phone_mobile]},
        )
    )


def _mails(people: People, seeded: Seeded, now: datetime) -> None:
    """The signup's 認証キー, the 求職登録完了 mail, and some login codes: delivered, sent, gone."""
    user, submitted_at = seeded.user, seeded.application.submitted_at
    sent = [
        (SentMail.Kind.AUTH_KEY, user.date_joined - timedelta(minutes=2)),
        (SentMail.Kind.REGISTRATION_COMPLETE, submitted_at),
    ]
    for _ in range(people.random.choices((0, 1, 2), weights=(60, 30, 10))[0]):
        span = max(1, int((now - submitted_at).total_seconds()))
        sent.append(
            (
                SentMail.Kind.LOGIN_CODE,
                submitted_at + timedelta(seconds=people.random.randrange(span)),
            )
        )
    for tag, at in sent:
        seeded.mails.append(
            SentMail(
                to=user.email, user=user, tag=tag, status=SentMail.Status.DELIVERED, sent_at=at,
                status_at=at + timedelta(seconds=5),
            )
        )  # fmt: skip

"""The national data set of issue #18 (`manage.py seed_national`): offices, and applications in
every state spread over years, with their accounts, drafts, audit trails and mails.

Rows go in with bulk_create in batches of one transaction each, through the models, so that
columns added later get their defaults. Numbers come from blocks taken from each office's serial
counter before the first batch (offices.reserve_serials), so the app's next number at any
office follows on. Running it again adds as many again, as cleanly: new offices only up to
the number asked for, new serials, new accounts.
"""

import contextlib
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import reset_queries, transaction
from django.utils import timezone

from accounts.models import SentMail, User

from ..drafts import draft_from_application
from ..forms import STEPS
from ..models import Application, ApplicationDraft, AuditRecord, Office, Qualification, WorkHistory
from . import offices as office_seed
from . import writer
from .people import People, PostalArea, postal_areas
from .records import Seeded, answers, applicant

# Accounts that began the wizard and stopped, per hundred applications.
UNFINISHED_PER_HUNDRED = 3


@dataclass(frozen=True)
class Options:
    offices: int
    applications: int
    years: float = 5.0
    batch_size: int = 10_000
    main_office_share: float = 0.3
    password: str | None = None
    seed: int = 1


class Progress:
    """One line on stderr, rewritten at most twice a second: done/total, rate, time left."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.started = self.shown = time.monotonic()

    def add(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.shown >= 0.5 or self.done >= self.total:
            self.shown = now
            rate = self.done / max(now - self.started, 1e-9)
            left = (self.total - self.done) / rate if rate else 0
            self.stream.write(
                f"\r{self.label}: {self.done:,}/{self.total:,} "
                f"({100 * self.done / max(self.total, 1):.0f} %) {rate:,.0f}/s, "
                f"{left:,.0f} s left   "
            )
            self.stream.flush()

    def close(self) -> float:
        self.stream.write("\n")
        return time.monotonic() - self.started


@contextlib.contextmanager
def historical_times():
    """Lets bulk_create store the seeded moments in auto_now(_add) columns (when a record was
    made, last changed), which it would otherwise set to now. Only for this process's seed."""
    fields = [
        Application._meta.get_field("updated_at"),
        AuditRecord._meta.get_field("at"),
        ApplicationDraft._meta.get_field("updated_at"),
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def seed(options: Options, stderr=None) -> dict[str, int]:
    """Seeds the default database; returns how many rows of each kind it added."""
    people = People(options.seed)
    areas = postal_areas()
    office_seed.ensure_offices(options.offices, areas, people)
    offices = list(Office.objects.order_by("pk"))
    counts = office_seed.share_out(
        options.applications, offices, options.main_office_share, options.seed
    )
    plan = _Plan(
        offices={office.pk: office for office in offices},
        areas=office_seed.office_areas(offices, areas),
        staff=office_seed.ensure_staff(offices, people),
        next_serial=office_seed.reserve_serials({pk: n for pk, n in counts.items() if n}),
        # One shared hash (Argon2 takes a tenth of a second a hash), or unusable passwords.
        password=make_password(options.password) if options.password else "!seeded",
        now=timezone.now(),
    )
    # Offices in random order over the whole span: batch by batch, forward in time.
    order = [pk for pk, n in counts.items() for _ in range(n)]
    people.random.shuffle(order)
    start = plan.now - timedelta(days=365 * options.years)
    added = dict.fromkeys(["applications", "accounts", "drafts", "audit records", "mails"], 0)
    progress = Progress(options.applications, "applications", stderr)
    with historical_times():
        for first in range(0, len(order), options.batch_size):
            batch = order[first : first + options.batch_size]
            # Fractions first: a timedelta times a row index overflows past a few 100,000 rows.
            since = start + (plan.now - start) * (first / len(order))
            span = (plan.now - start) * (len(batch) / len(order))
            seeded = _batch(people, plan, batch, since, span)
            unfinished = _unfinished(people, seeded, plan.now, plan.password)
            for kind, count in _write(seeded, unfinished, plan.now).items():
                added[kind] += count
            # DEBUG keeps every query's SQL: a batch's INSERTs are megabytes.
            reset_queries()
            progress.add(len(batch))
    progress.close()
    return {"offices in all": len(offices), **added}


@dataclass
class _Plan:
    offices: dict[int, Office]
    areas: dict[int, list[PostalArea]]  # where each office's applicants live
    staff: dict[int, list[int]]  # each office's 窓口職員
    next_serial: dict[int, int]  # in each office's reserved block
    password: str
    now: datetime


def _batch(people: People, plan: _Plan, batch: list[int], since: datetime, span) -> list[Seeded]:
    """A batch's applicants (`batch`: their offices), submitted in order within the span."""
    moments = sorted(since + span * people.random.random() for _ in batch)
    seeded = []
    for office_pk, moment in zip(batch, moments, strict=True):
        serial = plan.next_serial[office_pk]
        plan.next_serial[office_pk] += 1
        area = people.random.choice(plan.areas[office_pk])
        seeded.append(
            applicant(people, plan.offices[office_pk], serial, moment, plan.now, area,
                      plan.staff[office_pk], plan.password)
        )  # fmt: skip
    return seeded


def _unfinished(people: People, seeded: list[Seeded], now, password: str) -> list[ApplicationDraft]:
    """Accounts that stopped in the wizard: those of the last DRAFT_RETENTION still have their
    draft (steps 1 to 4 typed); older ones were purged (jobseeker.lifecycle.purge_drafts)."""
    drafts = []
    for index in range(len(seeded) * UNFINISHED_PER_HUNDRED // 100):
        # Living near, and signed up when, an applicant of the batch did.
        model = seeded[index * 100 // UNFINISHED_PER_HUNDRED].application
        at = model.submitted_at
        area = PostalArea(model.postal_code, model.prefecture, model.city)
        values = answers(people, area, at)
        romaji = values.pop("romaji")
        user = User(
            email=people.email(*romaji, f"u{model.number[:5]}{model.number[6:]}"),
            password=password,
            date_joined=at,
        )
        steps = list(STEPS)[: people.random.randrange(1, 5)]
        data = {
            f"{step}-{name}": _raw(values.get(name))
            for step in steps
            for name in STEPS[step].base_fields
            if name in values
        }
        by_step = {
            step: {k: v for k, v in data.items() if k.startswith(f"{step}-")} for step in steps
        }
        drafts.append(
            ApplicationDraft(
                user=user,
                updated_at=at,
                data={"step": list(STEPS)[len(steps)], "step_data": by_step, "step_files": {},
                      "extra_data": {"checked": steps}},
            )
        )  # fmt: skip
    return drafts


def _raw(value) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [""] if value is None else [str(value)]


def _write(seeded: list[Seeded], unfinished: list[ApplicationDraft], now) -> dict[str, int]:
    """One batch, in one transaction."""
    with transaction.atomic():
        users = [s.user for s in seeded if s.user] + [d.user for d in unfinished]
        writer.write(User, users)
        writer.write(Application, [s.application for s in seeded])
        writer.write(Qualification, [q for s in seeded for q in s.qualifications])
        writer.write(WorkHistory, [w for s in seeded for w in s.work_histories])
        records = []
        for s in seeded:
            for record in s.audit:
                record.application = s.application
                records.append(record)
        writer.write(AuditRecord, records)
        mails = [m for s in seeded for m in s.mails]
        writer.write(SentMail, mails)
        drafts = _recent_drafts(seeded, now) + [
            d for d in unfinished if now - d.updated_at < settings.DRAFT_RETENTION
        ]
        writer.write(ApplicationDraft, drafts)
    return {
        "applications": len(seeded),
        "accounts": len(users),
        "drafts": len(drafts),
        "audit records": len(records),
        "mails": len(mails),
    }


def _recent_drafts(seeded: list[Seeded], now) -> list[ApplicationDraft]:
    """The drafts of accounts that used the wizard in the last DRAFT_RETENTION: what is
    registered (as submit_application leaves it), the older ones purged."""
    recent = [
        s.application.pk
        for s in seeded
        if s.user and now - s.application.answers_changed_at < settings.DRAFT_RETENTION
    ]
    applications = Application.objects.filter(pk__in=recent).prefetch_related(
        "qualifications", "work_histories"
    )
    return [
        ApplicationDraft(
            user_id=a.user_id, data=draft_from_application(a), updated_at=a.answers_changed_at
        )
        for a in applications
    ]

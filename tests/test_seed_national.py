"""manage.py seed_national (issue #18): the national data set, here at 3 offices and 200
applications; on PostgreSQL (DATABASE_URL) it goes through COPY, elsewhere bulk_create."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import SentMail, User
from jobseeker import numbers, services
from jobseeker.choices import Status
from jobseeker.models import Application, ApplicationDraft, AuditRecord, Office
from jobseeker.national_seed.people import MAIL_DOMAINS

KATAKANA = re.compile(r"[ァ-ヶー]+")


def seed(applications=200, offices=3, **options):
    stderr = io.StringIO()
    call_command(
        "seed_national",
        offices=offices,
        applications=applications,
        years=1,
        batch_size=64,
        stdout=io.StringIO(),
        stderr=stderr,
        **options,
    )
    return stderr.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    return seed()


def test_it_refuses_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not Application.objects.exists()


def test_it_makes_the_offices_asked_for_each_with_counter_staff(seeded):
    assert Office.objects.count() == 3
    for office in Office.objects.all():
        clerks = User.objects.filter(office=office, is_staff=True, groups__name="窓口職員")
        assert clerks.count() >= 3


def test_it_adds_the_applications_with_a_progress_line(seeded):
    assert Application.objects.count() == 200
    assert "applications: 200/200 (100 %)" in seeded


def test_applications_are_in_every_state(seeded):
    today = timezone.localdate()
    applications = Application.objects.all()
    assert applications.filter(status=Status.ONLINE).exists()
    assert applications.filter(status=Status.ACCEPTED, user__isnull=False).exists()
    # Typed in at the counter: no account, accepted at once.
    assert applications.filter(status=Status.ACCEPTED, user__isnull=True).exists()
    assert applications.filter(valid_until__lt=today).exists()
    assert applications.filter(valid_until__gte=today).exists()
    assert AuditRecord.objects.filter(action=AuditRecord.Action.RENEW).exists()
    # Accounts that stopped in the wizard.
    assert User.objects.filter(is_staff=False, application__isnull=True).exists()


def test_numbers_are_valid_unique_and_within_each_office_counter(seeded):
    issued = list(Application.objects.values_list("number", "office__code", "office__last_serial"))
    assert all(numbers.is_valid(number) for number, _, _ in issued)
    assert len({number for number, _, _ in issued}) == len(issued)
    for number, code, last_serial in issued:
        assert number.startswith(f"{code}-")
        assert int(number[6:13]) <= last_serial


def test_the_app_issues_the_next_number_of_an_office_without_collision(seeded):
    for office in Office.objects.all():
        with transaction.atomic():
            number = services.allocate_number(office)
        office.refresh_from_db()
        assert number == numbers.format_number(office.code, office.last_serial)
        assert not Application.objects.filter(number=number).exists()


def test_dates_follow_the_rules(seeded):
    for application in Application.objects.all():
        submitted_on = timezone.localdate(application.submitted_at)
        # 申込日の翌々月末, or later when renewed.
        assert application.valid_until >= services.valid_until(submitted_on)
        assert application.answers_changed_at >= application.submitted_at
        if application.status == Status.ACCEPTED:
            assert application.accepted_at >= application.submitted_at
            assert application.accepted_by.office_id == application.office_id
    renewed = AuditRecord.objects.filter(action=AuditRecord.Action.RENEW).first()
    renewed_on = timezone.localdate(renewed.at)
    assert renewed.application.valid_until == services.valid_until(renewed_on)


def test_names_come_with_their_katakana(seeded):
    for family, given in Application.objects.values_list("family_name_kana", "given_name_kana"):
        assert KATAKANA.fullmatch(family) and KATAKANA.fullmatch(given)
    assert Application.objects.values("family_name").distinct().count() > 10


def test_accounts_and_mails_use_reserved_domains_only(seeded):
    domains = {email.rsplit("@", 1)[1] for email in User.objects.values_list("email", flat=True)}
    domains |= {to.rsplit("@", 1)[1] for to in SentMail.objects.values_list("to", flat=True)}
    assert domains <= {*MAIL_DOMAINS, "example.jp"}


def test_each_account_has_its_mails_and_an_audit_trail(seeded):
    applicant = Application.objects.filter(user__isnull=False, status=Status.ACCEPTED).first()
    tags = set(applicant.user.sent_mails.values_list("tag", flat=True))
    assert {SentMail.Kind.AUTH_KEY, SentMail.Kind.REGISTRATION_COMPLETE} <= tags
    actions = set(applicant.audit_records.values_list("action", flat=True))
    assert AuditRecord.Action.ACCEPT in actions


def test_recent_applicants_have_their_registered_draft(seeded):
    cutoff = timezone.now() - timedelta(days=30)
    recent = Application.objects.filter(user__isnull=False, answers_changed_at__gte=cutoff)
    assert recent.exists()
    for application in recent:
        draft = ApplicationDraft.objects.get(user=application.user)
        basic = draft.data["step_data"]["basic"]
        assert basic["basic-family_name_kana"] == [application.family_name_kana]
    assert not ApplicationDraft.objects.filter(updated_at__lt=cutoff).exists()


def test_seeded_rows_are_what_save_would_store(seeded):
    """Whatever Application.save() computes (a search column, say) the seed must fill too."""
    for application in Application.objects.order_by("?")[:20]:
        stored = {
            f.attname: getattr(application, f.attname)
            for f in Application._meta.concrete_fields
            if f.name != "updated_at"
        }
        application.save()
        application.refresh_from_db()
        for name, value in stored.items():
            assert getattr(application, name) == value, name


def test_running_it_again_adds_as_many_cleanly(seeded, settings):
    seed(applications=150)
    assert Office.objects.count() == 3
    assert Application.objects.count() == 350
    issued = list(Application.objects.values_list("number", flat=True))
    assert len(set(issued)) == len(issued)
    assert User.objects.filter(is_staff=True).count() == 9


@pytest.mark.parametrize("option", ["--batch-size=0", "--offices=0"])
def test_it_refuses_a_size_it_cannot_use_before_writing_anything(db, settings, option):
    settings.DEBUG = True
    serials = dict(Office.objects.values_list("code", "last_serial"))
    with pytest.raises(CommandError, match="1 or more"):
        call_command("seed_national", option, "--applications=10")
    assert dict(Office.objects.values_list("code", "last_serial")) == serials

"""The audit trail says who did what: a staff write without its staff member is refused by the
database, and an account's deletion keeps the corrections of an application that stays."""

import pytest
from django.db import IntegrityError, transaction

from jobseeker.choices import Status
from jobseeker.models import Application, AuditRecord
from jobseeker.services import register_at_counter

from .conftest import PASSWORD
from .factories import make_application, staff_of
from .test_counter_history import flat, history

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "action", [a for a in AuditRecord.Action if a not in AuditRecord.BY_APPLICANT]
)
def test_a_staff_action_without_its_staff_member_is_refused(oguchi, action):
    application = make_application(oguchi, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditRecord.objects.create(staff=None, action=action, application=application)


@pytest.mark.parametrize("action", AuditRecord.BY_APPLICANT)
def test_the_applicants_own_actions_have_no_staff_member(oguchi, action):
    application = make_application(oguchi, 1)
    AuditRecord.objects.create(staff=None, action=action, application=application)


def test_the_constraint_names_the_applicants_own_actions():
    [constraint] = AuditRecord._meta.constraints
    assert ("action__in", list(AuditRecord.BY_APPLICANT)) in constraint.condition.children


@pytest.fixture
def counter_registered(client, alice, oguchi) -> Application:
    """A counter-registered application that alice linked, with her own changes in its trail."""
    staff = staff_of(oguchi, "staff@oguchi.example.jp")
    application = register_at_counter(make_application(oguchi, 90), staff)
    # Still オンライン登録者 (registered before walk-ins were accepted at once): deletable.
    Application.objects.filter(pk=application.pk).update(user=alice, status=Status.ONLINE)
    AuditRecord.objects.create(
        action=AuditRecord.Action.CORRECT,
        application=application,
        changes={"given_name": ["太郎", "次郎"], "phone_mobile": ["090-1", "090-2"]},
    )
    AuditRecord.objects.create(
        action=AuditRecord.Action.EMAIL,
        application=application,
        changes={"account_email": ["alice@example.jp", "alice.new@example.jp"]},
    )
    client.force_login(alice)
    return application


def test_deleting_the_account_keeps_the_corrections_of_an_application_that_stays(
    client, counter_registered
):
    client.post("/account/delete/", {"password": PASSWORD})
    counter_registered.refresh_from_db()
    assert counter_registered.user is None
    [correction] = AuditRecord.objects.filter(action=AuditRecord.Action.CORRECT)
    assert correction.application == counter_registered
    assert correction.changes == {"changed_items": ["given_name", "phone_mobile"]}
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.EMAIL).exists()


def test_the_kept_correction_is_in_the_history_without_its_values(
    client, counter_registered, oguchi
):
    client.post("/account/delete/", {"password": PASSWORD})
    clerk = staff_of(oguchi, "clerk@oguchi.example.jp")
    client.force_login(clerk)
    rows = history(client, counter_registered)
    [row] = [flat(r) for r in rows if "マイページで登録内容を変更しました" in flat(r)[2]]
    assert row[1] == "本人（マイページ）"
    assert "次郎" not in row[2]


def test_deleting_the_account_and_its_application_keeps_corrections_without_values(
    client, alice, oguchi
):
    application = make_application(oguchi, 1, user=alice)
    AuditRecord.objects.create(
        action=AuditRecord.Action.CORRECT,
        application=application,
        changes={"given_name": ["太郎", "次郎"]},
    )
    AuditRecord.objects.create(
        action=AuditRecord.Action.EMAIL,
        application=application,
        changes={"account_email": ["alice@example.jp", "alice.new@example.jp"]},
    )
    client.force_login(alice)
    client.post("/account/delete/", {"password": PASSWORD})
    assert not Application.objects.exists()
    [correction] = AuditRecord.objects.all()
    assert (correction.action, correction.application) == (AuditRecord.Action.CORRECT, None)
    assert correction.changes == {
        "deleted_application": application.number,
        "changed_items": ["given_name"],
    }

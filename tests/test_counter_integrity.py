"""The counter never writes over what the applicant did, and the audit trail says who did what."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from jobseeker.admin.address_lookup import CounterApplicationForm
from jobseeker.models import Application, AuditRecord

from . import factories
from .factories import make_application
from .test_counter_admin import CHANGELIST, change_data

STALE = "この画面を開いた後に、申込者がマイページで登録内容を変更していたため"


@pytest.fixture
def taro_application(oguchi) -> Application:
    return make_application(oguchi, 18)


def applicants_correction(application: Application, **values) -> None:
    """What a correction from the マイページ writes: the answers and their new version."""
    changed_at = timezone.now()
    Application.objects.filter(pk=application.pk).update(answers_changed_at=changed_at, **values)


@pytest.mark.django_db
def test_a_page_opened_before_a_correction_shows_the_newer_answers_and_keeps_them(
    client, staff, taro_application
):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    opened = client.get(url).context["adminform"].form["answers_version"].value()
    applicants_correction(taro_application, given_name="三郎")
    data = change_data(taro_application, answers_version=opened, given_name="次郎")
    response = client.post(url, data, follow=True)

    assert STALE in response.content.decode()
    assert response.context["adminform"].form["given_name"].value() == "三郎"
    taro_application.refresh_from_db()
    assert taro_application.given_name == "三郎"
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.CHANGE).exists()


@pytest.mark.django_db
def test_a_correction_between_the_forms_check_and_the_save_is_not_written_over(
    client, staff, taro_application, monkeypatch
):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    opened = client.get(url).context["adminform"].form["answers_version"].value()
    clean = CounterApplicationForm.clean

    def clean_then_the_applicant_corrects(form):
        cleaned = clean(form)
        applicants_correction(taro_application, given_name="三郎")
        return cleaned

    monkeypatch.setattr(CounterApplicationForm, "clean", clean_then_the_applicant_corrects)
    data = change_data(taro_application, answers_version=opened, given_name="次郎")
    response = client.post(url, data, follow=True)

    assert STALE in response.content.decode()
    # Here the "applicant" wrote on the counter's own connection, so the refusal's rollback
    # takes the correction with it; on PostgreSQL (below) it is a connection of its own.
    taro_application.refresh_from_db()
    assert taro_application.given_name != "次郎"
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.CHANGE).exists()


@pytest.mark.django_db
def test_a_counter_change_records_before_as_it_was_when_written(client, staff, taro_application):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    opened = client.get(url).context["adminform"].form["answers_version"].value()
    response = client.post(
        url, change_data(taro_application, answers_version=opened, given_name="次郎")
    )
    assert response.status_code == 302
    change = AuditRecord.objects.get(action=AuditRecord.Action.CHANGE)
    assert (change.staff, change.changes) == (staff, {"given_name": ["太郎", "次郎"]})


needs_row_locks = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; row locks need PostgreSQL"
)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_a_correction_committing_while_the_counter_saves_is_not_overwritten():
    # Not the oguchi and staff fixtures: a transactional test before this one may have
    # flushed the office and the counter group its migrations make; a superuser needs neither.
    office = factories.demo_office()
    staff = User.objects.create_superuser(email="admin@oguchi.example.jp", password="x-Pass-12")
    application = factories.make_application(office, 18)
    clerk = Client()
    clerk.force_login(staff)
    url = f"{CHANGELIST}{application.pk}/change/"
    opened = clerk.get(url).context["adminform"].form["answers_version"].value()
    corrected = threading.Event()

    def applicant():
        # The correction holds the row while the counter's POST starts, then commits.
        try:
            with transaction.atomic():
                applicants_correction(application, given_name="三郎")
                corrected.set()
                time.sleep(1)
        finally:
            connection.close()

    thread = threading.Thread(target=applicant)
    thread.start()
    corrected.wait(10)
    response = clerk.post(url, change_data(application, answers_version=opened, given_name="次郎"))
    thread.join()

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.given_name == "三郎"
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.CHANGE).exists()

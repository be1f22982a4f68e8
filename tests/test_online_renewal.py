"""Renewing the 有効期限 online (#17 item 3): 「有効期限を延長する」 → 登録内容の確認 → renewed."""

from datetime import date

import pytest
import time_machine
from django.test import Client

from accounts.models import User
from jobseeker import services
from jobseeker.models import Application, AuditRecord

from .conftest import PASSWORD
from .wizard_helpers import CONFIRM_URL, FLYER_ANSWERS, complete_steps, post_step, send_from_confirm

pytestmark = pytest.mark.django_db
TOKYO = "Asia/Tokyo"


@pytest.fixture(autouse=True)
def logins_that_outlast_the_months_travelled(settings):
    """These tests move the clock by months between presses; a login slides 8 hours from each
    request (accounts.session_end, tested in tests/test_session_end.py), so here it lasts a
    year and the person stays logged in, as if they had logged in again."""
    settings.SESSION_COOKIE_AGE = 365 * 24 * 60 * 60


def registered_on(client, day: str) -> Application:
    with time_machine.travel(f"{day} 10:00 +09:00", tick=False):
        complete_steps(client)
    return Application.objects.get()


def test_the_mypage_offers_renewal_once_it_would_move_the_date(client, taro):
    registered_on(client, "2026-05-15")
    with time_machine.travel("2026-05-20 10:00 +09:00", tick=False):
        assert "有効期限を延長する" not in client.get("/mypage/").content.decode()
    with time_machine.travel("2026-06-30 10:00 +09:00", tick=False):
        html = client.get("/mypage/").content.decode()
        assert "有効期限を延長する" in html and "2026年8月31日までになります" in html


def test_renewal_sets_the_end_of_the_month_after_next_near_a_month_end(client, taro):
    registered_on(client, "2026-05-15")  # valid to 7月31日
    with time_machine.travel("2026-06-30 23:30 +09:00", tick=False):
        page = client.get(CONFIRM_URL + "?renew=1")
        assert "この内容で有効期限を延長する" in page.content.decode()
        assert page.context["renewed_until"] == date(2026, 8, 31)
        assert send_from_confirm(client, "renew", renew=True).url == "/mypage/"
    application = Application.objects.get()
    assert application.valid_until == date(2026, 8, 31)
    record = AuditRecord.objects.get(action=AuditRecord.Action.RENEW)
    assert record.staff is None
    assert record.changes == {"valid_until": ["2026-07-31", "2026-08-31"]}


def test_an_expired_registration_is_renewed_the_same_way(client, taro):
    registered_on(client, "2026-01-10")  # valid to 3月31日
    with time_machine.travel("2026-04-02 10:00 +09:00", tick=False):
        html = client.get("/mypage/").content.decode()
        assert "有効期限切れ" in html and "有効期限を延長する" in html
        send_from_confirm(client, "renew", renew=True)
    assert Application.objects.get().valid_until == date(2026, 6, 30)


def test_renewal_with_a_change_saves_and_records_both(client, taro):
    registered_on(client, "2026-05-15")
    with time_machine.travel("2026-07-01 10:00 +09:00", tick=False):
        corrected = {**FLYER_ANSWERS["basic"], "building": "大口ハイツ１０１"}
        response = post_step(client, "basic", corrected, save_changes="1", return_to="renew")
        assert response.url == CONFIRM_URL + "?renew=1"
        page = client.get(CONFIRM_URL + "?renew=1")
        assert [step.step for step in page.context["changes"]] == ["basic"]
        send_from_confirm(client, "renew", renew=True)
    application = Application.objects.get()
    assert application.building == "大口ハイツ１０１"
    assert application.valid_until == date(2026, 9, 30)
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {AuditRecord.Action.CORRECT, AuditRecord.Action.RENEW} <= actions


def test_pressing_twice_renews_and_records_once(client, taro):
    registered_on(client, "2026-05-15")
    with time_machine.travel("2026-06-10 10:00 +09:00", tick=False):
        version = client.get(CONFIRM_URL + "?renew=1").context["answers_version"]
        for _ in range(2):
            response = client.post(CONFIRM_URL, {"send": "renew", "answers_version": version})
            assert response.url == "/mypage/"
    assert AuditRecord.objects.filter(action=AuditRecord.Action.RENEW).count() == 1


def test_someone_not_registered_cannot_renew(client, taro):
    complete_steps(client, send=False)
    assert client.get(CONFIRM_URL + "?renew=1").url == "/mypage/"
    with pytest.raises(services.NotRegistered):
        services.renew_online(taro, {}, site_url="http://testserver")
    assert not Application.objects.exists()


def test_another_account_renews_nothing_of_taros(client, taro):
    application = registered_on(client, "2026-05-15")
    bob = User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    other = Client()
    other.force_login(bob)
    with time_machine.travel("2026-07-01 10:00 +09:00", tick=False):
        response = other.post(CONFIRM_URL, {"send": "renew", "answers_version": "x"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.valid_until == date(2026, 7, 31)
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.RENEW).exists()


def test_staff_see_the_renewal_in_the_history(client, taro):
    from jobseeker.admin.history import entries

    registered_on(client, "2026-05-15")
    with time_machine.travel("2026-07-01 10:00 +09:00", tick=False):
        send_from_confirm(client, "renew", renew=True)
    [entry] = [e for e in entries(Application.objects.get()) if "有効期限" in e.what]
    assert entry.what == "マイページで有効期限を延長しました"
    assert entry.details == ["有効期限：2026年7月31日 → 2026年9月30日"]

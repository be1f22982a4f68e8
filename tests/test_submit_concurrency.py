"""Pressing 「この内容で申し込む」: one application, one 求職番号 and one mail per account, however
it is pressed; and 「この内容で有効期限を延長する」: one renewal.

Double clicks, two tabs and a reload that resubmits all arrive as several POSTs of the 確認 page
(#17 item 1), each with the answers it showed. On PostgreSQL the presses really run at the same
moment, each on its own connection; SQLite serialises writers, so there only the repeated (one
after another) presses are tested.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from accounts.models import User
from jobseeker.drafts import draft_from_application
from jobseeker.models import Application, ApplicationDraft, AuditRecord, Office
from jobseeker.numbers import is_valid

from . import factories
from .wizard_helpers import CONFIRM_URL, complete_steps, post_step, send_from_confirm, step_url

COMPLETION_SUBJECT = "【ハローワーク】求職登録完了のお知らせ"

needs_row_locks = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; row locks need PostgreSQL"
)


@pytest.fixture
def demo_office(db) -> Office:
    return factories.demo_office()


def ready_to_complete(email: str) -> tuple[User, Client]:
    """An account whose six first steps are done: step 7 then leads to 登録内容の確認."""
    user = User.objects.create_user(email=email)
    client = Client()
    client.force_login(user)
    response = complete_steps(client, up_to="career")
    assert response.url == step_url("pr")
    return user, client


def confirm_page_open(client: Client) -> str:
    """Step 7 done and 登録内容の確認 open: the answers version its button sends."""
    if client.get(CONFIRM_URL).status_code != 200:
        assert post_step(client, "pr").url == CONFIRM_URL
    page = client.get(CONFIRM_URL)
    assert "この内容で申し込む" in page.content.decode()
    return page.context["answers_version"]


def press_send_together(clients: list[Client]) -> list:
    """Every client, its 確認 page open, presses 「この内容で申し込む」 at the same moment, each on
    its own database connection."""
    versions = [confirm_page_open(client) for client in clients]
    start = threading.Barrier(len(clients), timeout=30)

    def press(client, version):
        try:
            start.wait()
            return client.post(CONFIRM_URL, {"send": "apply", "answers_version": version})
        finally:
            connection.close()  # left open, it would block dropping the test database

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(press, clients, versions))


def last_serial() -> int:
    return Office.objects.get(code=settings.DEFAULT_OFFICE_CODE).last_serial


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_presses_of_send_at_the_same_moment_issue_one_number_and_one_mail(demo_office):
    user, client = ready_to_complete("taro@example.jp")
    clients = [client]
    for _ in range(5):  # five more tabs or devices of the same account
        other = Client()
        other.force_login(user)
        clients.append(other)
    serial_before = last_serial()
    mail.outbox.clear()

    responses = press_send_together(clients)

    assert [(r.status_code, r.url) for r in responses] == [(302, "/mypage/")] * len(clients)
    [application] = Application.objects.filter(user=user)
    assert is_valid(application.number)
    assert last_serial() == serial_before + 1
    [message] = mail.outbox
    assert message.subject == COMPLETION_SUBJECT
    assert message.to == [user.email]
    assert application.number in message.body
    # Whichever press wrote last, the 変更 pages show what was registered, and the マイページ
    # reports no correction pending.
    draft = ApplicationDraft.objects.get(user=user).data
    assert draft["step_data"] == draft_from_application(application)["step_data"]
    assert draft["step_data"]["basic"]["basic-family_name_kana"] == ["オオクチ"]
    assert "変更中の内容がまだ保存されていません" not in client.get("/mypage/").content.decode()


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_accounts_sending_at_the_same_moment_get_distinct_valid_numbers(demo_office):
    accounts = [ready_to_complete(f"seeker{n}@example.jp") for n in range(8)]
    serial_before = last_serial()
    mail.outbox.clear()

    responses = press_send_together([client for _, client in accounts])

    assert [(r.status_code, r.url) for r in responses] == [(302, "/mypage/")] * len(accounts)
    numbers = [Application.objects.get(user=user).number for user, _ in accounts]
    assert len(set(numbers)) == len(accounts)
    assert all(is_valid(number) for number in numbers)
    serials = sorted(int(number[6:13]) for number in numbers)
    assert serials == list(range(serial_before + 1, serial_before + len(accounts) + 1))
    assert last_serial() == serial_before + len(accounts)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(user.email for user, _ in accounts)
    assert {m.subject for m in mail.outbox} == {COMPLETION_SUBJECT}


@pytest.mark.django_db
def test_after_completion_the_done_url_and_a_repeated_press_keep_the_number(
    demo_office, django_capture_on_commit_callbacks
):
    user, client = ready_to_complete("taro@example.jp")
    mail.outbox.clear()
    # Before completion, the done URL only leads back to what is left to do.
    assert client.get("/mypage/apply/done/").url == step_url("pr")
    assert not Application.objects.filter(user=user).exists()

    version = confirm_page_open(client)
    assert not Application.objects.filter(user=user).exists()
    press = {"send": "apply", "answers_version": version}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(CONFIRM_URL, press).url == "/mypage/"
    application = Application.objects.get(user=user)
    number, serial = application.number, last_serial()
    assert is_valid(number)
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/mypage/apply/done/")
        assert (response.status_code, response.url) == (302, "/mypage/")
        # The same 「この内容で申し込む」 again: a double click, or a reload that resubmits it.
        response = client.post(CONFIRM_URL, press)
        assert (response.status_code, response.url) == (302, "/mypage/")
        page = client.get(response.url)

    assert number in page.content.decode()
    [application] = Application.objects.filter(user=user)
    assert application.number == number
    assert last_serial() == serial
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_step_7_sent_again_after_completion_is_a_correction_that_keeps_the_number(
    demo_office, django_capture_on_commit_callbacks
):
    """Step 7 pressed again (back button, another tab) once the number is issued: what it
    changes is confirmed and saved as a correction, never a second number or mail."""
    user, client = ready_to_complete("taro@example.jp")
    confirm_page_open(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_from_confirm(client).url == "/mypage/"
    number, serial = Application.objects.get(user=user).number, last_serial()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_step(client, "pr", {"self_pr": "よろしくお願いします。"})
        assert response.url == CONFIRM_URL
        assert Application.objects.get(user=user).self_pr == ""
        response = send_from_confirm(client, "correct")
        assert (response.status_code, response.url) == (302, "/mypage/")
        page = client.get(response.url)

    assert "登録内容を変更しました。求職番号は変わりません。" in page.content.decode()
    assert number in page.content.decode()
    [application] = Application.objects.filter(user=user)
    assert application.number == number
    assert application.self_pr == "よろしくお願いします。"
    assert last_serial() == serial
    assert mail.outbox == []


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_renewals_pressed_at_the_same_moment_renew_and_record_once(demo_office):
    """「この内容で有効期限を延長する」 from four tabs at once (#17 item 3): one renewal."""
    user, client = ready_to_complete("taro@example.jp")
    with time_machine.travel("2026-05-15 10:00 +09:00", tick=False):
        confirm_page_open(client)
        assert send_from_confirm(client).url == "/mypage/"
    clients = [client]
    for _ in range(3):
        other = Client()
        other.force_login(user)
        clients.append(other)

    with time_machine.travel("2026-07-01 10:00 +09:00", tick=False):
        versions = [c.get(CONFIRM_URL + "?renew=1").context["answers_version"] for c in clients]
        start = threading.Barrier(len(clients), timeout=30)

        def press(client, version):
            try:
                start.wait()
                return client.post(CONFIRM_URL, {"send": "renew", "answers_version": version})
            finally:
                connection.close()

        with ThreadPoolExecutor(len(clients)) as pool:
            responses = list(pool.map(press, clients, versions))

    assert [(r.status_code, r.url) for r in responses] == [(302, "/mypage/")] * len(clients)
    assert Application.objects.get(user=user).valid_until == date(2026, 9, 30)
    [record] = AuditRecord.objects.filter(action=AuditRecord.Action.RENEW)
    assert record.changes == {"valid_until": ["2026-07-31", "2026-09-30"]}

"""Mail goes out off the request, through the database task queue and its worker, with retries.

These tests run the production set-up: django-tasks-db's queue in the test database and its
`db_worker` command working through it (in batch mode, in this process), with the clock moved
to when a retry is due. They commit as production does (transaction=True): the worker closes
and reopens its database connection between tasks, as a separate process would.
"""

from datetime import timedelta

import pytest
import requests
import time_machine
from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailRecipientsRefused, AnymailRequestsAPIError
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from accounts.models import DeliveryAttempt, SentMail, User

from .conftest import PASSWORD, request_key, sent_key, submit_password

pytestmark = pytest.mark.django_db(transaction=True)

# What the provider does with each send, in order; then it delivers.
PROVIDER_SCRIPT: list[Exception] = []


class ScriptedProvider(AnymailTestBackend):
    """anymail's test backend (mail.outbox), failing first as PROVIDER_SCRIPT says."""

    def send_messages(self, email_messages):
        if PROVIDER_SCRIPT:
            raise PROVIDER_SCRIPT.pop(0)
        return super().send_messages(email_messages)


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.ScriptedProvider"}}
    PROVIDER_SCRIPT.clear()
    yield
    PROVIDER_SCRIPT.clear()


def provider_answer(status: int) -> AnymailRequestsAPIError:
    """The error anymail raises when the provider's API answers `status`."""
    response = requests.Response()
    response.status_code, response.reason = status, "Service Unavailable"
    response._content = b'{"Message": "try later"}'
    response.url = "http://127.0.0.1/email"
    return AnymailRequestsAPIError(
        "The provider's API answered an error", status_code=status, response=response
    )


def provider_fails(times: int, error=None) -> None:
    PROVIDER_SCRIPT.extend([error or provider_answer(503)] * times)


def run_worker() -> None:
    """`manage.py db_worker` works through every task that is due, then stops."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def request_key_through_an_outage(client, start) -> None:
    """A key asked for at `start` while the provider is down, and the worker running at every
    try: 0, 1, 6 and 21 minutes (the next, at 81, would come after the key's 50 minutes)."""
    provider_fails(10)
    with time_machine.travel(start, tick=False) as clock:
        request_key(client)
        for minute in (0, 1, 6, 21):
            clock.move_to(start + timedelta(minutes=minute))
            run_worker()


def page_text(response) -> str:
    return response.content.decode()


def key_page(client) -> str:
    return client.get("/account/signup/password/").content.decode()


def test_a_key_mail_waits_sealed_in_the_queue_and_the_worker_sends_it(client):
    request_key(client)
    assert mail.outbox == []
    queued = SentMail.objects.get()
    assert queued.status == SentMail.Status.PENDING
    # Nothing readable in the database: neither the key nor the message.
    assert "認証キー" not in queued.sealed_message
    assert "taro" not in str(DBTaskResult.objects.values_list("args_kwargs", flat=True)[0])

    run_worker()

    key = sent_key()
    sent = SentMail.objects.get()
    assert sent.status == SentMail.Status.SENT
    assert sent.sealed_message == ""
    assert key not in str(SentMail.objects.values_list().get())
    assert submit_password(client, key).url == "/account/signup/done/"


def test_the_key_page_says_the_mail_is_on_its_way_until_the_worker_sends_it(client):
    request_key(client)
    assert "認証キーのメールを送信しています" in key_page(client)
    run_worker()
    assert "認証キーのメールを送信しています" not in key_page(client)


def test_a_provider_error_is_retried_after_a_minute_and_every_try_is_recorded(client):
    provider_fails(1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_key(client)
        run_worker()
        assert mail.outbox == []
        waiting = SentMail.objects.get()
        assert waiting.status == SentMail.Status.PENDING
        assert waiting.next_attempt_at == timezone.now() + timedelta(minutes=1)
        page = key_page(client)
        assert "認証キーのメールは、まだ送信できていません" in page
        assert "ごろに自動でもう一度送信します" in page

        clock.shift(timedelta(seconds=59))
        run_worker()
        assert mail.outbox == []
        clock.shift(timedelta(seconds=1))
        run_worker()

    assert len(mail.outbox) == 1
    attempts = DeliveryAttempt.objects.values_list("outcome", "detail")
    assert [outcome for outcome, _ in attempts] == ["retry", "sent"]
    assert "503" in attempts[0][1]
    assert "まだ送信できていません" not in key_page(client)


def test_retries_back_off_and_a_key_mail_is_given_up_once_its_key_has_expired(client):
    start = timezone.now()
    request_key_through_an_outage(client, start)
    given_up = SentMail.objects.get()
    assert given_up.status == SentMail.Status.FAILED
    assert given_up.sealed_message == ""
    tried_at = list(DeliveryAttempt.objects.values_list("attempted_at", flat=True))
    assert [round((t - start).total_seconds() / 60) for t in tried_at] == [0, 1, 6, 21]
    assert mail.outbox == []
    page = key_page(client)
    assert "認証キーのメールを送信できませんでした" in page
    assert "認証キーを再送信する" in page


def test_a_refused_recipient_is_not_tried_again(client):
    provider_fails(1, AnymailRecipientsRefused("invalid address"))
    request_key(client)
    run_worker()
    assert SentMail.objects.get().status == SentMail.Status.FAILED
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert "認証キーのメールを送信できませんでした" in key_page(client)


def test_a_mail_is_sent_once_even_when_its_task_is_queued_twice(client):
    from accounts.tasks import deliver_mail

    request_key(client)
    deliver_mail.enqueue(SentMail.objects.get().pk)
    run_worker()
    assert len(mail.outbox) == 1


def test_a_mail_for_an_account_deleted_before_it_went_is_never_sent(client, alice):
    client.force_login(alice)
    new_address = {"email": "alice.new@example.jp", "email_confirm": "alice.new@example.jp"}
    client.post("/account/email/change/", {**new_address, "password": PASSWORD})
    assert SentMail.objects.get().status == SentMail.Status.PENDING
    alice.delete()
    run_worker()
    assert mail.outbox == []


def test_the_confirmation_of_a_deletion_leaves_no_record_once_sent(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/delete/", {"password": PASSWORD})
    assert not User.objects.exists()
    assert SentMail.objects.get(tag="account-deleted").to == alice.email
    run_worker()
    [confirmation] = mail.outbox
    assert confirmation.to == [alice.email]
    assert not SentMail.objects.exists()


def test_a_reset_request_queues_the_same_work_whether_or_not_the_address_has_an_account(
    client, alice
):
    """The request only counts and queues; the look-up and the mail are the worker's."""
    for email in (alice.email, "nobody@example.jp"):
        response = client.post("/account/password/reset/", {"email": email})
        assert response.url == "/account/password/reset/sent/"
    assert not SentMail.objects.exists()
    sealed = list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert len(sealed) == 2
    assert not any("alice" in str(args) or "nobody" in str(args) for args in sealed)

    run_worker()
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert SentMail.objects.get().tag == "password-reset"


def test_a_mail_the_worker_sends_is_in_the_language_of_the_page_that_asked(client, alice):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post("/account/password/reset/", {"email": alice.email})
    with translation.override("ja"):  # the worker's own language
        run_worker()
    [message] = mail.outbox
    assert message.subject == "[Hello Work] Resetting your password"
    assert "ハローワーク" not in message.body


def test_finished_tasks_are_purged_a_week_after_they_finished(client):
    from accounts.lifecycle import purge_expired

    request_key(client)
    run_worker()
    finished = DBTaskResult.objects.get().finished_at
    assert purge_expired(finished + timedelta(days=6))["finished_tasks"] == 0
    assert purge_expired(finished + timedelta(days=7, seconds=1))["finished_tasks"] == 1
    assert not DBTaskResult.objects.exists()


def test_superusers_see_each_try_at_sending_a_mail(client, django_user_model):
    provider_fails(1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_key(client)
        run_worker()
        clock.shift(timedelta(minutes=1))
        run_worker()
    root = django_user_model.objects.create_superuser("root@example.jp", PASSWORD)
    client.force_login(root)
    page = client.get(f"/admin/accounts/sentmail/{SentMail.objects.get().pk}/change/")
    text = page.content.decode()
    assert "送信の試行" in text
    assert "失敗（再送予定）" in text and "503" in text
    assert "送信済み" in text


def test_a_mail_whose_task_was_lost_is_given_up_by_the_purge_and_its_seal_erased(client):
    """A worker killed in the middle of a task leaves it running for ever, the mail pending."""
    from accounts.lifecycle import purge_expired

    request_key(client)
    DBTaskResult.objects.update(status="RUNNING")
    queued = SentMail.objects.get()
    expires_at = queued.send_before
    assert purge_expired(expires_at + timedelta(minutes=59))["stale_mails_given_up"] == 0
    assert purge_expired(expires_at + timedelta(hours=1, seconds=1))["stale_mails_given_up"] == 1
    given_up = SentMail.objects.get()
    assert (given_up.status, given_up.sealed_message) == (SentMail.Status.FAILED, "")


def test_an_error_of_the_site_gives_the_mail_up_and_erases_its_seal(client, settings):
    """A SECRET_KEY changed without keeping the old one in SECRET_KEY_FALLBACKS: the seal
    cannot be opened, and trying again would not open it either."""
    request_key(client)
    site_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another-key-" + "x" * 50
    run_worker()
    settings.SECRET_KEY = site_key  # the page's session is signed with it
    given_up = SentMail.objects.get()
    assert (given_up.status, given_up.sealed_message) == (SentMail.Status.FAILED, "")
    assert DBTaskResult.objects.get().status == "FAILED"
    assert "認証キーのメールを送信できませんでした" in key_page(client)


def test_a_key_mail_waiting_for_a_retry_is_not_sent_once_a_newer_key_is_asked_for(client):
    provider_fails(1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_key(client)
        run_worker()
        clock.shift(timedelta(seconds=30))
        client.post("/account/signup/resend/")
        run_worker()
        newest_key = sent_key()
        clock.shift(timedelta(minutes=1))
        run_worker()
    assert len(mail.outbox) == 1
    assert submit_password(client, newest_key).url == "/account/signup/done/"
    first = SentMail.objects.order_by("sent_at", "pk").first()
    assert first.status == SentMail.Status.CANCELLED


@pytest.mark.parametrize("has_account", [False, True], ids=["new address", "account exists"])
def test_a_provider_outage_looks_the_same_whether_or_not_the_address_has_an_account(
    client, has_account
):
    """The notice sent instead of a key to an address with an account is given up with the
    key it stands in for: after the outage both key pages say the mail could not be sent."""
    if has_account:
        User.objects.create_user(email="taro@example.jp", password=PASSWORD)
    start = timezone.now()
    request_key_through_an_outage(client, start)
    with time_machine.travel(start + timedelta(minutes=21), tick=False):
        page = key_page(client)
    assert "認証キーのメールを送信できませんでした" in page
    assert "自動でもう一度送信します" not in page


def test_the_key_page_never_says_sent_before_the_mail_has_gone(client):
    request_key(client)
    waiting = key_page(client)
    assert "宛に「アカウント仮登録完了通知」を送信しました" not in waiting
    resent = client.post("/account/signup/resend/", follow=True)
    assert "新しい認証キーを送信しました" not in page_text(resent)
    assert "認証キーのメールを送信しています" in page_text(resent)

    run_worker()
    assert "宛に「アカウント仮登録完了通知」を送信しました" in key_page(client)


def test_a_key_page_whose_mail_failed_does_not_also_say_it_was_sent(client):
    provider_fails(1, AnymailRecipientsRefused("invalid address"))
    request_key(client)
    run_worker()
    page = key_page(client)
    assert "認証キーのメールを送信できませんでした" in page
    assert "を送信しました" not in page

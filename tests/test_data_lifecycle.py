"""How personal data ends: `manage.py purge_expired`, and an applicant deleting their account.

Issue #6 item 3: unfinished drafts and unused keys expire and are purged; an applicant can delete
an account not yet accepted at a counter; nothing else deletes personal data.
"""

import html
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib import admin
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory

from accounts import lifecycle, services, throttle
from accounts.models import AuthKey, MailEvent, RateLimitEvent, SentMail, TrustedBrowser, User
from jobseeker.choices import Status
from jobseeker.models import Application, ApplicationDraft, AuditRecord, WorkHistory
from jobseeker.services import accept_at_counter, register_at_counter

from .conftest import PASSWORD, request_key, sent_key, submit_password
from .factories import STAFF_PASSWORD, make_application, staff_of

pytestmark = pytest.mark.django_db

START = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
DELETE_URL = "/account/delete/"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def purge(at: datetime) -> dict[str, int]:
    with time_machine.travel(at, tick=False):
        return lifecycle.purge_expired()


def draft_of(user: User, at: datetime) -> ApplicationDraft:
    with time_machine.travel(at, tick=False):
        return ApplicationDraft.objects.create(user=user, data={"step": "basic"})


# Purging what has expired


def test_a_draft_untouched_for_30_days_is_purged(alice):
    draft_of(alice, START)
    assert purge(START + timedelta(days=30, seconds=1))["drafts"] == 1
    assert not ApplicationDraft.objects.exists()


def test_the_help_page_and_the_mypage_with_a_draft_say_when_drafts_go(client, alice, settings):
    """The number of days is the purge's own (settings.DRAFT_RETENTION)."""
    settings.DRAFT_RETENTION = timedelta(days=14)
    notice = "入力途中の内容は、最後に保存してから14日で削除されます。"
    assert notice in page_text(client.get("/help/"))
    client.force_login(alice)
    assert notice not in page_text(client.get("/mypage/"))  # nothing typed yet
    ApplicationDraft.objects.create(user=alice, data={"step": "basic"})
    assert notice in page_text(client.get("/mypage/"))


def test_a_draft_changed_within_30_days_is_kept(alice):
    draft = draft_of(alice, START)
    with time_machine.travel(START + timedelta(days=20), tick=False):
        draft.save()  # the wizard saves a step
    assert purge(START + timedelta(days=45))["drafts"] == 0
    assert ApplicationDraft.objects.filter(pk=draft.pk).exists()


def test_purging_never_touches_a_submitted_application_or_an_account(alice, oguchi):
    application = make_application(oguchi, 1, user=alice, submitted_at=START)
    draft_of(alice, START)
    purge(START + timedelta(days=400))
    application.refresh_from_db()
    assert application.user == alice
    assert User.objects.filter(pk=alice.pk).exists()


def test_a_purged_draft_of_a_submitted_application_comes_back_from_it(client, alice, oguchi):
    make_application(oguchi, 1, user=alice, family_name="有栖川")
    draft_of(alice, START)
    purge(START + timedelta(days=31))
    client.force_login(alice)
    assert "有栖川" in page_text(client.get("/mypage/apply/basic/"))


def test_keys_are_kept_for_7_days_after_sending_then_purged(client):
    with time_machine.travel(START, tick=False):
        request_key(client, "taro@example.jp")
    assert purge(START + timedelta(days=6, hours=23))["auth_keys"] == 0
    assert purge(START + timedelta(days=7, seconds=1))["auth_keys"] == 1
    assert not AuthKey.objects.exists()


def test_purging_keeps_the_wrong_tries_of_the_last_24_hours(client, settings):
    """Even with a short retention, keys inside the failure window keep counting."""
    settings.AUTH_KEY_RETENTION = timedelta(hours=1)
    with time_machine.travel(START, tick=False):
        request_key(client, "taro@example.jp")
        for _ in range(4):
            services.open_account(
                email="taro@example.jp", key="AAAAAAAAAA", password=None, client="192.0.2.1"
            )
    purge(START + timedelta(hours=23))
    with time_machine.travel(START + timedelta(hours=23), tick=False):
        request_key(client, "taro@example.jp")  # a new key does not buy new tries
        check = services.open_account(
            email="taro@example.jp", key="AAAAAAAAAA", password=None, client="192.0.2.1"
        )
    # Burned, and the address stays at its limit until the first key's tries leave the window.
    assert check.outcome == services.KeyOutcome.LOCKED
    assert check.limit_lifts_at == START + settings.AUTH_KEY_FAILURE_WINDOW


def test_the_mails_of_a_signup_given_up_are_purged_with_its_keys(client, alice):
    """A key mail (or the notice sent instead) to an address that never got an account is kept
    as long as its keys, for the key page's bounce notice, then goes with its delivery events;
    a mail that concerns an account stays."""
    with time_machine.travel(START, tick=False):
        request_key(client, "taro@example.jp")  # never finished
        request_key(client, alice.email)  # the notice to an existing account
    given_up = SentMail.objects.get(to="taro@example.jp")
    MailEvent.objects.create(
        sent_mail=given_up, esp_name="postmark", event_id="e-1", status="delivered",
        occurred_at=START,
    )  # fmt: skip
    assert purge(START + timedelta(days=6, hours=23))["abandoned_key_mails"] == 0
    assert purge(START + timedelta(days=7, seconds=1))["abandoned_key_mails"] == 1
    assert not SentMail.objects.filter(to="taro@example.jp").exists()
    assert not MailEvent.objects.exists()
    assert SentMail.objects.filter(to=alice.email, user=alice).exists()


def test_the_key_mails_of_a_signup_are_the_accounts_once_it_opens(client):
    """So they are neither purged as given up nor left behind when the account is deleted."""
    with time_machine.travel(START, tick=False):
        request_key(client, "taro@example.jp")
        assert submit_password(client, sent_key()).status_code == 302
    taro = User.objects.get(email="taro@example.jp")
    assert SentMail.objects.get(tag="auth-key").user == taro
    assert purge(START + timedelta(days=8))["abandoned_key_mails"] == 0


def test_rate_limit_events_are_purged_once_they_no_longer_count():
    with time_machine.travel(START, tick=False):
        throttle.record("login_failure_per_address", "taro@example.jp")  # 15 minutes
        throttle.record("auth_key_request_per_address", "taro@example.jp")  # one hour
    assert purge(START + timedelta(minutes=14))["rate_limit_events"] == 0
    assert purge(START + timedelta(minutes=15))["rate_limit_events"] == 1
    assert list(RateLimitEvent.objects.values_list("scope", flat=True)) == [
        "auth_key_request_per_address"
    ]
    assert purge(START + timedelta(hours=1))["rate_limit_events"] == 1


def test_a_trusted_browser_is_purged_once_its_thirty_days_are_over(alice):
    with time_machine.travel(START, tick=False):
        TrustedBrowser.objects.create(user=alice, token_digest="a" * 64, description="Chrome")
    assert purge(START + timedelta(days=30) - timedelta(seconds=1))["trusted_browsers"] == 0
    assert purge(START + timedelta(days=30))["trusted_browsers"] == 1
    assert not TrustedBrowser.objects.exists()


def test_expired_sessions_are_purged_and_live_ones_kept():
    with time_machine.travel(START, tick=False):
        for age in (60, 60 * 60 * 24):
            session = SessionStore()
            session.set_expiry(age)
            session.create()
    assert purge(START + timedelta(hours=1))["sessions"] == 1
    assert Session.objects.count() == 1


def test_purging_twice_deletes_nothing_more(client, alice):
    with time_machine.travel(START, tick=False):
        request_key(client, "taro@example.jp")
        throttle.record("login_failure_per_address", "taro@example.jp")
    draft_of(alice, START)
    later = START + timedelta(days=31)
    # Three events: the key request per address and per client, and the failed login.
    assert purge(later) == {
        "drafts": 1,
        "auth_keys": 1,
        "abandoned_key_mails": 1,
        "trusted_browsers": 0,
        "rate_limit_events": 3,
        "sessions": 1,
        "stale_mails_given_up": 0,
        "finished_tasks": 0,
    }
    assert set(purge(later).values()) == {0}


def test_the_command_prints_what_it_deleted(alice):
    draft_of(alice, START)
    out = io.StringIO()
    with time_machine.travel(START + timedelta(days=31), tick=False):
        call_command("purge_expired", stdout=out)
    assert out.getvalue().splitlines() == [
        "     1  drafts",
        "     0  auth keys",
        "     0  abandoned key mails",
        "     0  trusted browsers",
        "     0  rate limit events",
        "     0  sessions",
        "     0  stale mails given up",
        "     0  finished tasks",
    ]


# An applicant deleting their account


@pytest.fixture
def alice_applied(client, alice, oguchi) -> Application:
    """Alice, logged in, with a submitted online application, a draft, keys and mails."""
    request_key(client, alice.email)  # writes an AuthKey and a SentMail to her address
    application = make_application(oguchi, 1, user=alice, submitted_at=START)
    WorkHistory.objects.create(
        application=application,
        kind="employed",
        employment_form="正社員",
        job_description="事務",
        end_year=2024,
        end_month=3,
        status="left",
    )
    ApplicationDraft.objects.create(user=alice, data={"step": "basic"})
    client.force_login(alice)
    return application


def delete(client, password=PASSWORD):
    return client.post(DELETE_URL, {"password": password})


def test_the_mypage_links_to_account_deletion(client, alice):
    client.force_login(alice)
    page = page_text(client.get("/mypage/"))
    assert f'<a href="{DELETE_URL}">アカウントを削除する</a>' in page


def test_the_page_says_what_will_be_deleted_and_deletes_nothing_by_itself(client, alice_applied):
    page = page_text(client.get(DELETE_URL))
    assert "元に戻せません" in page
    assert f"求職申込みの登録内容と求職番号 {alice_applied.number}" in page
    assert 'name="password"' in page
    assert User.objects.filter(email="alice@example.jp").exists()


def test_an_applicant_deletes_their_account_and_application(client, alice_applied):
    response = delete(client)
    assert response.status_code == 302
    assert response.url == "/account/delete/done/"
    assert "アカウントを削除しました" in page_text(client.get(response.url))
    assert not User.objects.filter(email="alice@example.jp").exists()
    assert not Application.objects.exists()
    assert not WorkHistory.objects.exists()
    assert not ApplicationDraft.objects.exists()
    assert not AuthKey.objects.filter(email="alice@example.jp").exists()
    assert not SentMail.objects.filter(to="alice@example.jp").exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/mypage/").status_code == 302  # logged out


def test_a_deletion_is_confirmed_by_a_short_mail_that_leaves_no_record(
    client, alice_applied, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delete(client)
    [message] = mail.outbox
    assert message.to == ["alice@example.jp"]
    assert "アカウントを削除しました" in message.subject
    assert "もうログインできません" in message.body
    assert not SentMail.objects.filter(to="alice@example.jp").exists()


def test_the_deletion_mail_is_in_english_when_the_page_was(
    client, alice_applied, settings, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delete(client)
    [message] = mail.outbox
    assert "deleted" in message.subject
    assert "can no longer log in" in message.body


def test_deleting_an_account_takes_its_own_mails_and_no_one_elses(client):
    """Mallory asks to move to bob's address (bob is told by mail), then deletes her account:
    bob's record of that mail stays; hers go, including the mails to her earlier address."""
    bob = User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    mallory = User.objects.create_user(email="mallory@example.jp", password=PASSWORD)
    client.force_login(mallory)
    move = {"email": "mallory.new@example.jp", "password": PASSWORD}
    client.post("/account/email/change/", {**move, "email_confirm": move["email"]})
    client.post("/account/email/change/confirm/", {"auth_key": sent_key()})
    mallory.refresh_from_db()
    assert mallory.email == "mallory.new@example.jp"
    taken = {"email": bob.email, "email_confirm": bob.email, "password": PASSWORD}
    assert client.post("/account/email/change/", taken).status_code == 302
    bobs_mail = SentMail.objects.get(to=bob.email, tag="address-taken")
    assert SentMail.objects.filter(to="mallory@example.jp", tag="address-changed").exists()

    assert delete(client).url == "/account/delete/done/"

    assert list(SentMail.objects.all()) == [bobs_mail]
    assert bobs_mail.user == bob


def test_an_account_without_an_application_can_be_deleted(client, alice):
    client.force_login(alice)
    assert delete(client).url == "/account/delete/done/"
    assert not User.objects.exists()


def test_a_wrong_password_deletes_nothing_and_says_so(client, alice_applied):
    response = delete(client, "Wrong-password1")
    assert response.status_code == 200
    assert "現在のパスワードが正しくありません。" in page_text(response)
    assert Application.objects.filter(pk=alice_applied.pk, user__email="alice@example.jp").exists()


def test_a_get_or_a_post_without_the_csrf_token_deletes_nothing(alice_applied):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice_applied.user)
    assert strict.get(DELETE_URL).status_code == 200
    assert strict.post(DELETE_URL, {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(email="alice@example.jp").exists()


def test_an_application_accepted_at_the_counter_cannot_be_deleted_online(
    client, alice_applied, oguchi
):
    accept_at_counter(alice_applied, staff_of(oguchi, "staff@oguchi.example.jp"))
    page = page_text(client.get(DELETE_URL))
    assert "このページからアカウントを削除することはできません" in page
    assert oguchi.name in page and oguchi.phone in page
    assert 'name="password"' not in page
    assert delete(client).status_code == 200
    alice_applied.refresh_from_db()
    assert alice_applied.status == Status.ACCEPTED
    assert alice_applied.user.email == "alice@example.jp"


def test_a_walk_in_who_linked_an_account_cannot_delete_it_online(client, alice, oguchi):
    # Registered at the counter, a person is a 利用登録者 at once (#15 item 5).
    staff = staff_of(oguchi, "staff@oguchi.example.jp")
    application = register_at_counter(make_application(oguchi, 90), staff)
    Application.objects.filter(pk=application.pk).update(user=alice)
    client.force_login(alice)
    assert "このページからアカウントを削除することはできません" in page_text(client.get(DELETE_URL))
    delete(client)
    application.refresh_from_db()
    assert application.user == alice


def test_an_application_registered_at_the_counter_stays_and_is_unlinked(client, alice, oguchi):
    # One registered before walk-ins were accepted at once (#15 item 5), still オンライン登録者.
    staff = staff_of(oguchi, "staff@oguchi.example.jp")
    application = register_at_counter(make_application(oguchi, 90), staff)
    Application.objects.filter(pk=application.pk).update(user=alice, status=Status.ONLINE)
    client.force_login(alice)
    assert "ハローワークに残ります" in page_text(client.get(DELETE_URL))
    delete(client)
    application.refresh_from_db()
    assert application.user is None
    assert not User.objects.filter(pk=alice.pk).exists()


def test_the_staff_audit_trail_stays_without_the_personal_values(client, alice_applied, oguchi):
    staff = staff_of(oguchi, "staff@oguchi.example.jp")
    AuditRecord.objects.create(
        staff=staff,
        action=AuditRecord.Action.CHANGE,
        application=alice_applied,
        changes={"family_name": ["大口", "大川"]},
    )
    delete(client)
    record = AuditRecord.objects.get()
    assert (record.staff, record.action, record.application) == (staff, "change", None)
    assert record.changes == {
        "deleted_application": alice_applied.number,
        "changed_items": ["family_name"],
    }


def test_a_staff_login_is_not_deleted_from_the_applicants_page(client, oguchi):
    staff = staff_of(oguchi, "staff@oguchi.example.jp")
    client.force_login(staff)
    assert "職員のアカウントは" in page_text(client.get(DELETE_URL))
    delete(client, STAFF_PASSWORD)
    assert User.objects.filter(pk=staff.pk).exists()


# Nothing else deletes personal data


@pytest.mark.parametrize("superuser", [False, True])
def test_the_admin_deletes_no_personal_data(oguchi, superuser):
    user = staff_of(oguchi, "staff@oguchi.example.jp")
    user.is_superuser = superuser
    request = RequestFactory().get("/admin/")
    request.user = user
    for model in (User, Application, AuditRecord, SentMail, AuthKey, ApplicationDraft):
        model_admin = admin.site._registry.get(model)
        assert model_admin is None or not model_admin.has_delete_permission(request), model
    if not superuser:
        for model, model_admin in admin.site._registry.items():
            assert not model_admin.has_delete_permission(request), model

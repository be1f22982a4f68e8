"""Login by mail address, its throttle, logout, password reset and password change."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client

from accounts.lifecycle import delete_account
from accounts.models import User
from jobseeker.models import ApplicationDraft

from .conftest import PASSWORD, log_in_with_code, sent_link
from .wizard_helpers import step_url

pytestmark = pytest.mark.django_db

WRONG_LOGIN = (
    "メールアドレスまたはパスワードが正しくありません。"
    "パスワードを忘れた方は「パスワードを忘れた方」から再設定できます。"
)
LOGIN_THROTTLED = "パスワードの誤りが続いたため、一時的にログインできません。"
RESET_THROTTLED = "再設定のお申込みが短時間に続いたため、一時的に受け付けを停止しています。"
NEW_PASSWORD = "New-password9"
# The start of a 15-minute and of a one-hour window of accounts.throttle.
WINDOW_START = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def log_in(client, email="alice@example.jp", password=PASSWORD):
    return client.post("/account/login/", {"username": email, "password": password})


def logged_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def request_reset(client, email="alice@example.jp"):
    return client.post("/account/password/reset/", {"email": email})


# Login


def test_a_user_logs_in_with_mail_address_password_and_the_mailed_code(client, alice):
    response = log_in_with_code(client)
    assert response.status_code == 302
    assert response.url == "/mypage/"
    assert logged_in_as(client) == str(alice.pk)


def test_a_full_width_address_typed_at_login_still_works(client, alice):
    response = log_in_with_code(client, email="ＡＬＩＣＥ＠ｅｘａｍｐｌｅ．ｊｐ　")
    assert response.url == "/mypage/"
    assert logged_in_as(client) == str(alice.pk)


def test_a_wrong_password_is_told_in_japanese_and_not_echoed(client, alice):
    response = log_in(client, password="Wrong-pass9")
    page = page_text(response)
    assert response.status_code == 200
    assert WRONG_LOGIN in page
    assert "Wrong-pass9" not in page
    assert logged_in_as(client) is None


def test_an_unknown_address_gets_the_same_message(client, alice):
    page = page_text(log_in(client, email="nobody@example.jp"))
    assert WRONG_LOGIN in page


def test_repeated_failures_lock_the_address_until_the_window_ends(client, alice, time_machine):
    time_machine.move_to(WINDOW_START, tick=False)
    limit = settings.RATE_LIMITS["login_failure_per_address"][0]
    for _ in range(limit):
        assert WRONG_LOGIN in page_text(log_in(client, password="Wrong-pass9"))

    response = log_in(client)
    page = page_text(response)
    assert response.status_code == 200
    assert LOGIN_THROTTLED in page
    assert "約15分後にもう一度お試しいただくか" in page
    assert logged_in_as(client) is None

    # From another client too: the count belongs to the address.
    other_client = Client(REMOTE_ADDR="203.0.113.9")
    assert LOGIN_THROTTLED in page_text(log_in(other_client))

    time_machine.shift(timedelta(minutes=14))
    assert "約1分後" in page_text(log_in(client))

    time_machine.shift(timedelta(minutes=1))
    assert log_in_with_code(client).url == "/mypage/"


def test_a_locked_address_does_not_lock_other_addresses(client, alice, time_machine):
    time_machine.move_to(WINDOW_START, tick=False)
    User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    for _ in range(settings.RATE_LIMITS["login_failure_per_address"][0]):
        log_in(client, password="Wrong-pass9")
    assert LOGIN_THROTTLED in page_text(log_in(client))

    assert log_in_with_code(client, email="bob@example.jp").url == "/mypage/"


def test_a_full_width_address_counts_as_the_same_address(client, alice, time_machine):
    time_machine.move_to(WINDOW_START, tick=False)
    for _ in range(settings.RATE_LIMITS["login_failure_per_address"][0]):
        log_in(client, email="ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｊｐ", password="Wrong-pass9")
    assert LOGIN_THROTTLED in page_text(log_in(client))


def test_repeated_failures_from_one_client_lock_that_client(client, alice, time_machine, settings):
    time_machine.move_to(WINDOW_START, tick=False)
    # Fewer than the real 50, so that the test does not spend seconds on password hashing.
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login_failure_per_client": (8, settings.RATE_LIMITS["login_failure_per_client"][1]),
    }
    limit = settings.RATE_LIMITS["login_failure_per_client"][0]
    for attempt in range(limit):
        # A new address each time: only the client's count reaches its limit.
        email = f"guess{attempt}@example.jp"
        assert WRONG_LOGIN in page_text(log_in(client, email=email, password="Wrong-pass9"))

    assert LOGIN_THROTTLED in page_text(log_in(client))
    assert logged_in_as(client) is None

    other_client = Client(REMOTE_ADDR="203.0.113.9")
    assert log_in_with_code(other_client).url == "/mypage/"

    time_machine.shift(timedelta(minutes=15))
    assert log_in_with_code(client).url == "/mypage/"


def test_the_session_key_changes_at_login(client, alice):
    session = client.session
    session["visited"] = True
    session.save()
    key_before_login = session.session_key
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == key_before_login

    log_in_with_code(client)

    assert client.session.session_key != key_before_login
    assert logged_in_as(client) == str(alice.pk)
    assert not SessionStore().exists(key_before_login)


def test_a_logged_in_user_opening_the_login_page_goes_to_the_mypage(client, alice):
    client.force_login(alice)
    response = client.get("/account/login/")
    assert response.status_code == 302
    assert response.url == "/mypage/"


# Logout


def test_logout_by_get_is_refused_and_keeps_the_user_logged_in(client, alice):
    client.force_login(alice)
    response = client.get("/account/logout/")
    assert response.status_code == 405
    assert logged_in_as(client) == str(alice.pk)


def test_logout_by_post_logs_out(client, alice):
    client.force_login(alice)
    response = client.post("/account/logout/", follow=True)
    assert response.redirect_chain == [("/account/", 302)]
    assert "ログアウトしました。" in page_text(response)
    assert logged_in_as(client) is None
    assert client.get("/mypage/").url.startswith("/account/login/")


def header_logout(page: str) -> tuple[str, str]:
    """The form the ログアウト button (at the top of the page) posts, and where it posts it."""
    button = re.search(r'<button [^>]*form="([^"]+)" formaction="([^"]+)"[^>]*>ログアウト<', page)
    assert button, "no ログアウト button"
    return button.group(1), html.unescape(button.group(2))


def test_the_header_logout_logs_out_from_a_page_without_a_form(client, alice):
    """On the マイページ the button posts the small form of the language switch (its token)."""
    client.force_login(alice)
    form, action = header_logout(client.get("/mypage/").content.decode())
    assert (form, action) == ("language-switch", "/account/logout/")
    response = client.post(action, {"logout": "1"}, follow=True)
    assert "ログアウトしました。" in page_text(response)
    assert logged_in_as(client) is None


def test_logout_from_a_wizard_step_keeps_what_was_typed_on_it(client, alice):
    """ログアウト sends the step's form to the step: what was typed and not yet saved is kept in
    the draft, as a tab keeps it, then the session ends as from any other page."""
    client.force_login(alice)
    page = client.get(step_url("basic")).content.decode()
    form, action = header_logout(page)
    assert (form, action) == ("page-form", step_url("basic"))
    # Enter in a box presses the form's first button in the document: 次へ進む, not ログアウト.
    assert page.index('id="page-form"') < page.index(">ログアウト<")
    typed = {"basic-family_name": "大口", "basic-city": "伊佐市", "basic-phone_mobile": "090"}
    response = client.post(
        action, {"application_wizard-current_step": "basic", **typed, "logout": "1"}, follow=True
    )
    assert response.redirect_chain == [("/account/", 302)]
    assert "ログアウトしました。" in page_text(response)
    assert logged_in_as(client) is None

    log_in_with_code(client)
    step = client.get(step_url("basic")).context["form"]
    assert step["family_name"].value() == "大口"
    assert step["city"].value() == "伊佐市"
    assert step["phone_mobile"].value() == "090"  # kept as typed, even though not valid


def test_logout_from_a_step_with_errors_reopens_it_with_the_input_after_login(client, alice):
    """Logged out from a step left with errors, the person logs in again and finds the step as
    it was left: the input kept, not submitted, the step still reachable."""
    client.force_login(alice)
    client.post(step_url("basic"), {"application_wizard-current_step": "basic"})  # 次へ進む
    response = client.post(
        step_url("basic"),
        {"application_wizard-current_step": "basic", "basic-family_name": "大口", "logout": "1"},
    )
    assert response.url == "/account/"
    assert logged_in_as(client) is None

    log_in_with_code(client)
    page = client.get(step_url("basic"))
    assert page.context["form"]["family_name"].value() == "大口"


def test_logout_from_a_step_whose_session_has_ended_still_logs_out(client, alice):
    """Logged out in another tab, the step's ログアウト still says so, and keeps nothing."""
    response = client.post(
        step_url("basic"),
        {"application_wizard-current_step": "basic", "basic-family_name": "大口", "logout": "1"},
        follow=True,
    )
    assert response.redirect_chain == [("/account/", 302)]
    assert "ログアウトしました。" in page_text(response)
    assert not ApplicationDraft.objects.exists()  # nobody's draft holds what was posted


# Password reset


def test_a_reset_request_for_an_existing_address_mails_a_link(client, alice):
    response = request_reset(client, "ＡＬＩＣＥ＠ｅｘａｍｐｌｅ．ｊｐ")
    assert response.status_code == 302
    assert response.url == "/account/password/reset/sent/"

    [message] = mail.outbox
    assert message.to == ["alice@example.jp"]
    assert sent_link(message).startswith("http://testserver/account/password/reset/")
    assert "パスワード再設定" in message.body


def test_a_reset_request_for_an_unknown_address_looks_the_same_and_sends_nothing(client, alice):
    known = request_reset(client, "alice@example.jp")
    mail.outbox.clear()
    unknown = request_reset(client, "nobody@example.jp")

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert mail.outbox == []
    assert "再設定のメールを送信しました" in page_text(client.get(unknown.url))


def test_the_reset_link_sets_a_new_password_under_the_policy_and_logs_in(client, alice):
    request_reset(client)
    response = client.get(sent_link().removeprefix("http://testserver"))
    assert response.status_code == 302
    form_url = response.url
    assert "新しいパスワードの設定" in page_text(client.get(form_url))

    weak = client.post(form_url, {"new_password1": "Pass-1", "new_password2": "Pass-1"})
    assert weak.status_code == 200
    # The message stands next to the new password, not its confirmation.
    assert weak.context["form"].errors["new_password1"] == [
        "8文字以上にしてください（現在6文字）。"
    ]
    assert "8文字以上にしてください（現在6文字）。" in page_text(weak)
    common = client.post(form_url, {"new_password1": "Password1!", "new_password2": "Password1!"})
    assert "このパスワードは一般的すぎます。" in page_text(common)
    similar = page_text(
        client.post(
            form_url, {"new_password1": "Alice@example.jp1", "new_password2": "Alice@example.jp1"}
        )
    )
    assert "パスワードがメールアドレスと似すぎています。" in similar
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)

    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done.url == "/account/password/reset/complete/"
    assert logged_in_as(client) == str(alice.pk)
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not alice.check_password(PASSWORD)

    # The link works once.
    again = client.get(sent_link().removeprefix("http://testserver"), follow=True)
    assert "このURLは使えません" in page_text(again)


INVALID_LINK = "このURLは使えません。すでに使用されたか、有効期限（24時間）が過ぎています。"


def assert_invalid_link_page(response) -> None:
    """The site's own page for a reset link that no longer works, with the way to a new one."""
    assert response.status_code == 200
    assert "accounts/password_reset_confirm.html" in [t.name for t in response.templates]
    text = page_text(response)
    assert INVALID_LINK in text
    assert "もう一度再設定のメールを受け取る" in text
    assert 'name="new_password1"' not in text


@pytest.mark.parametrize(
    "path",
    [
        "/account/password/reset/OTk5OQ/x-y/",  # uid 9999: no such account
        "/account/password/reset/OTk5OQ/set-password/",
        "/account/password/reset/not-base64/x-y/",
    ],
)
def test_a_reset_link_of_no_account_shows_the_invalid_link_page(client, alice, path):
    assert_invalid_link_page(client.get(path))
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert_invalid_link_page(response)
    assert logged_in_as(client) is None


def test_the_reset_link_of_an_account_deleted_since_shows_the_invalid_link_page(client, alice):
    request_reset(client)
    link = sent_link().removeprefix("http://testserver")
    form_url = client.get(link).url  # opened once: the token is in this session now
    assert delete_account(alice)

    assert_invalid_link_page(client.get(link))
    assert_invalid_link_page(client.get(form_url))
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert_invalid_link_page(response)
    assert not User.objects.filter(email="alice@example.jp").exists()
    assert logged_in_as(client) is None


def test_reset_requests_per_address_are_rate_limited(client, alice, time_machine):
    time_machine.move_to(WINDOW_START, tick=False)
    limit = settings.RATE_LIMITS["password_reset_per_address"][0]
    for _ in range(limit):
        assert request_reset(client).status_code == 302
    assert len(mail.outbox) == limit

    # From another client too: the count belongs to the address.
    response = request_reset(Client(REMOTE_ADDR="203.0.113.9"))
    assert response.status_code == 200
    assert RESET_THROTTLED in page_text(response)
    assert len(mail.outbox) == limit

    time_machine.shift(timedelta(hours=1))
    assert request_reset(client).status_code == 302
    assert len(mail.outbox) == limit + 1


def test_reset_requests_per_client_are_rate_limited(client, alice, time_machine):
    time_machine.move_to(WINDOW_START, tick=False)
    for number in range(settings.RATE_LIMITS["password_reset_per_client"][0]):
        assert request_reset(client, f"nobody{number}@example.jp").status_code == 302

    response = request_reset(client)
    assert RESET_THROTTLED in page_text(response)
    assert mail.outbox == []

    assert request_reset(Client(REMOTE_ADDR="203.0.113.9")).status_code == 302
    assert len(mail.outbox) == 1


# Password change


def change_password(client, old=PASSWORD, new=NEW_PASSWORD, **kwargs):
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    return client.post("/account/password/change/", data, **kwargs)


def test_changing_the_password_needs_the_right_current_one(client, alice):
    client.force_login(alice)
    response = change_password(client, old="Wrong-pass9")
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == [
        "現在のパスワードが正しくありません。"
    ]
    assert "現在のパスワードが正しくありません。" in page_text(response)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_new_password_must_meet_the_policy(client, alice):
    client.force_login(alice)
    response = change_password(client, new="Ｈｅｌｌｏ－ｗｏｒｋ８")
    assert response.status_code == 200
    [message] = response.context["form"].errors["new_password1"]
    assert message.startswith("全角文字は使えません。")
    assert message in page_text(response)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_user_changes_the_password_and_stays_logged_in(client, alice):
    client.force_login(alice)
    response = change_password(client, follow=True)
    assert response.redirect_chain == [("/mypage/", 302)]
    assert "パスワードを変更しました。" in page_text(response)
    assert logged_in_as(client) == str(alice.pk)

    assert log_in_with_code(Client(), password=NEW_PASSWORD).url == "/mypage/"
    assert WRONG_LOGIN in page_text(log_in(Client(), password=PASSWORD))


def test_the_password_change_page_needs_a_login(client):
    response = client.get("/account/password/change/")
    assert response.status_code == 302
    assert response.url.startswith("/account/login/")


def test_the_admin_login_is_limited_like_the_job_seekers_login(client, settings):
    staff = User.objects.create_user(email="staff@example.jp", password=PASSWORD, is_staff=True)
    limit = settings.RATE_LIMITS["login_failure_per_address"][0]
    for _ in range(limit):
        client.post("/admin/login/", {"username": staff.email, "password": "Wrong-pass9"})
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 200
    assert LOGIN_THROTTLED in page_text(response)


def test_the_password_change_page_is_never_cached_nor_echoes_the_current_password(client, alice):
    client.force_login(alice)
    response = change_password(client, old="Wrong-pass9")
    assert "no-store" in response["Cache-Control"]
    assert 'value="Wrong-pass9"' not in response.content.decode()

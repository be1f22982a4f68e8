"""「このブラウザを信頼する（30日間）」 (issue #16 item 2): a browser that skips the login code, its
cookie, the list on the マイページ, and what removes it."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts import browsers
from accounts.models import TrustedBrowser, User

from .conftest import PASSWORD, log_in, mailed_code, sent_link
from .factories import STAFF_PASSWORD, staff_of

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)
COOKIE = settings.TRUSTED_BROWSER_COOKIE_NAME


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def logged_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def log_in_trusting(client, email="alice@example.jp", password=PASSWORD, path="/account/login/"):
    """Both steps, ticking 「このブラウザを信頼する」."""
    client.post(path, {"username": email, "password": password}, HTTP_USER_AGENT=ANDROID_CHROME)
    return client.post(
        f"{path}code/",
        {"login_code": mailed_code(), "trust_browser": "on"},
        HTTP_USER_AGENT=ANDROID_CHROME,
    )


def log_out(client) -> None:
    client.post("/account/logout/")
    assert logged_in_as(client) is None


def test_trusting_sets_a_long_random_httponly_cookie_and_keeps_only_its_hash(client, alice):
    log_in_trusting(client)
    cookie = client.cookies[COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 30 * 24 * 60 * 60
    assert len(cookie.value) >= 40
    browser = TrustedBrowser.objects.get(user=alice)
    assert cookie.value not in browser.token_digest
    assert browser.description == "Chrome（Android）"


def test_the_cookie_is_secure_where_the_session_cookie_is(client, alice, settings):
    settings.SESSION_COOKIE_SECURE = True
    log_in_trusting(client)
    assert client.cookies[COOKIE]["secure"]


def test_a_trusted_browser_logs_in_without_a_code_next_time(client, alice):
    log_in_trusting(client)
    log_out(client)
    mails_before = len(mail.outbox)
    response = log_in(client)
    assert response.url == "/mypage/"
    assert logged_in_as(client) == str(alice.pk)
    assert len(mail.outbox) == mails_before


def test_trust_lasts_thirty_days_from_when_it_was_given(client, alice, time_machine):
    time_machine.move_to(NOW, tick=False)
    log_in_trusting(client)
    log_out(client)
    time_machine.move_to(NOW + settings.TRUSTED_BROWSER_LIFETIME - timedelta(minutes=1))
    assert log_in(client).url == "/mypage/"
    log_out(client)
    time_machine.move_to(NOW + settings.TRUSTED_BROWSER_LIFETIME + timedelta(minutes=1))
    assert log_in(client).url == "/account/login/code/"
    assert logged_in_as(client) is None


def test_another_browser_still_needs_the_code(client, alice):
    log_in_trusting(client)
    other = Client()
    assert log_in(other).url == "/account/login/code/"


def test_a_trusted_browser_skips_the_code_only_for_the_account_that_trusted_it(client, alice):
    User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    log_in_trusting(client)
    log_out(client)
    assert log_in(client, email="bob@example.jp").url == "/account/login/code/"


def test_one_counter_pc_can_be_trusted_by_several_staff(client, oguchi):
    first = staff_of(oguchi, "first@oguchi.example.jp")
    second = staff_of(oguchi, "second@oguchi.example.jp")
    for clerk in (first, second):
        log_in_trusting(client, clerk.email, STAFF_PASSWORD, path="/admin/login/")
        client.post("/admin/logout/")
    for clerk in (first, second):
        response = client.post(
            "/admin/login/", {"username": clerk.email, "password": STAFF_PASSWORD}
        )
        assert response.url == "/admin/"
        assert logged_in_as(client) == str(clerk.pk)
        client.post("/admin/logout/")


def test_trusting_a_browser_mails_a_notice_naming_it(client, alice):
    log_in_trusting(client)
    notice = mail.outbox[-1]
    assert notice.subject == "【ハローワーク】信頼済みのブラウザを登録しました"
    assert "ブラウザ：Chrome（Android）" in notice.body
    assert "http://testserver/account/browsers/" in notice.body
    assert "心当たりのない方は" in notice.body


def test_not_ticking_the_box_trusts_nothing(client, alice):
    log_in(client)
    client.post("/account/login/code/", {"login_code": mailed_code()})
    assert logged_in_as(client) == str(alice.pk)
    assert COOKIE not in client.cookies
    assert not alice.trusted_browsers.exists()


def test_the_mypage_lists_trusted_browsers_and_marks_this_one(client, alice):
    log_in_trusting(client)
    other = Client()
    log_in_trusting(other)
    assert "信頼済みのブラウザ" in page_text(client.get("/mypage/"))
    page = page_text(client.get("/account/browsers/"))
    assert page.count("Chrome（Android）") >= 2
    assert "Chrome（Android）（このブラウザ）" in page


def test_removing_one_browser_makes_it_ask_for_the_code_again(client, alice):
    log_in_trusting(client)
    browser = alice.trusted_browsers.get()
    response = client.post("/account/browsers/", {"remove": browser.pk}, follow=True)
    assert "信頼済みのブラウザを解除しました。" in page_text(response)
    log_out(client)
    assert log_in(client).url == "/account/login/code/"


def test_removing_all_browsers(client, alice):
    log_in_trusting(client)
    log_in_trusting(Client())
    response = client.post("/account/browsers/", {"remove_all": "1"}, follow=True)
    assert "信頼済みのブラウザをすべて解除しました。" in page_text(response)
    assert not alice.trusted_browsers.exists()


def test_nobody_removes_another_accounts_browser(client, alice):
    log_in_trusting(client)
    browser = alice.trusted_browsers.get()
    bob = User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    other = Client()
    other.force_login(bob)
    other.post("/account/browsers/", {"remove": browser.pk})
    other.post("/account/browsers/", {"remove_all": "1"})
    assert alice.trusted_browsers.filter(pk=browser.pk).exists()


def test_changing_the_password_removes_every_trusted_browser(client, alice):
    log_in_trusting(client)
    client.post(
        "/account/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "New-password9",
            "new_password2": "New-password9",
        },
    )
    assert not alice.trusted_browsers.exists()
    log_out(client)
    assert log_in(client, password="New-password9").url == "/account/login/code/"


def test_resetting_the_password_removes_every_trusted_browser(client, alice):
    log_in_trusting(client)
    log_out(client)
    client.post("/account/password/reset/", {"email": alice.email})
    link = sent_link()
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": "New-password9", "new_password2": "New-password9"})
    assert not alice.trusted_browsers.exists()


def test_ending_every_session_of_an_account_logs_out_its_browsers(client, alice):
    log_in_trusting(client)
    assert client.get("/mypage/").status_code == 200
    browsers.end_sessions(alice)
    response = client.get("/mypage/")
    assert response.status_code == 302
    assert response.url.startswith("/account/login/")


@pytest.mark.parametrize(
    ("user_agent", "described"),
    [
        (ANDROID_CHROME, "Chrome（Android）"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari（iPhone）",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge（Windows）",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko Firefox/127.0",
            "Firefox（Mac）",
        ),
        ("", "不明なブラウザ"),
    ],
)
def test_a_browser_is_described_as_its_owner_knows_it(user_agent, described):
    assert browsers.describe_browser(user_agent) == described

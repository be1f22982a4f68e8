"""The login's second step (issue #16 items 1 and 3): after a right password, a 6-digit
ワンタイムパスワード mailed to the account's address, for job seekers and staff alike."""

import html
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from accounts import login_codes, password_attempts, throttle
from accounts.models import AuthKey, AuthKeyPurpose, SentMail, User

from .conftest import PASSWORD, log_in, mailed_code
from .factories import STAFF_PASSWORD, staff_of

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def page_text(response) -> str:
    """The page's text as read, without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def logged_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def enter_code(client, code, *, trust=False, path="/account/login/code/"):
    data = {"login_code": code}
    if trust:
        data["trust_browser"] = "on"
    return client.post(path, data)


def login_code_mails() -> list:
    return [m for m in mail.outbox if "ワンタイムパスワードのお知らせ" in m.subject]


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_right_password_mails_a_code_and_logs_nobody_in_yet(client, alice):
    response = log_in(client)
    assert response.status_code == 302
    assert response.url == "/account/login/code/"
    assert logged_in_as(client) is None
    message = mail.outbox[-1]
    assert message.to == ["alice@example.jp"]
    assert message.subject == "【ハローワーク】ログイン用ワンタイムパスワードのお知らせ"
    page = page_text(client.get(response.url))
    assert (
        "alice@example.jp 宛に、ログイン用ワンタイムパスワード（6桁の数字）を送信しました。" in page
    )


def test_the_mailed_code_logs_in_and_goes_where_the_login_was_headed(client, alice):
    client.post(
        "/account/login/", {"username": alice.email, "password": PASSWORD, "next": "/mypage/"}
    )
    response = enter_code(client, mailed_code())
    assert response.status_code == 302
    assert response.url == "/mypage/"
    assert logged_in_as(client) == str(alice.pk)


def test_a_code_pasted_in_full_width_with_spaces_still_works(client, alice):
    log_in(client)
    code = mailed_code()
    typed = " ".join(chr(ord(c) + 0xFEE0) for c in code[:3]) + "　" + code[3:] + " "
    enter_code(client, typed)
    assert logged_in_as(client) == str(alice.pk)


def test_a_wrong_password_or_unknown_address_mails_nothing_and_looks_the_same(client, alice):
    wrong = page_text(log_in(client, password="Wrong-pass9"))
    unknown = page_text(log_in(client, email="nobody@example.jp"))
    assert mail.outbox == []
    assert "メールアドレスまたはパスワードが正しくありません。" in wrong
    assert "メールアドレスまたはパスワードが正しくありません。" in unknown
    assert client.get("/account/login/code/").url == "/account/login/"


def test_the_code_page_without_a_right_password_sends_to_the_login(client, alice):
    response = client.post("/account/login/code/", {"login_code": "123456"})
    assert response.url == "/account/login/"
    assert logged_in_as(client) is None


def test_a_wrong_code_says_how_many_tries_are_left_and_counts_against_the_login_limit(
    client, alice
):
    log_in(client)
    before = password_attempts.remaining(alice.email, "127.0.0.1")
    page = page_text(enter_code(client, wrong_code(mailed_code())))
    assert "ワンタイムパスワードが正しくありません。" in page
    assert "あと4回間違えると、このワンタイムパスワードは使えなくなります。" in page
    assert password_attempts.remaining(alice.email, "127.0.0.1") == before - 1
    assert logged_in_as(client) is None


def test_five_wrong_codes_burn_it_and_the_right_one_then_fails(client, alice):
    log_in(client)
    code = mailed_code()
    for _ in range(5):
        page = page_text(enter_code(client, wrong_code(code)))
    assert "5回間違えたため、このワンタイムパスワードは使えなくなりました。" in page
    page = page_text(enter_code(client, code))
    assert "使えなくなりました" in page
    assert logged_in_as(client) is None


def test_a_code_expires_after_ten_minutes(client, alice, time_machine):
    time_machine.move_to(NOW, tick=False)
    log_in(client)
    time_machine.shift(settings.LOGIN_CODE_LIFETIME + timedelta(seconds=1))
    page = page_text(enter_code(client, mailed_code()))
    assert "このワンタイムパスワードは有効期限（発行から10分）が過ぎています。" in page
    assert logged_in_as(client) is None


def test_a_code_works_once_and_a_new_login_right_after_gets_a_new_one(client, alice):
    log_in(client)
    code = mailed_code()
    enter_code(client, code)
    client.post("/account/logout/")
    log_in(client)
    assert len(login_code_mails()) == 2
    page = page_text(enter_code(client, code))
    assert logged_in_as(client) is None
    assert "このワンタイムパスワードは" in page
    enter_code(client, mailed_code())
    assert logged_in_as(client) == str(alice.pk)


def test_only_the_newest_code_works_after_a_resend(client, alice, time_machine):
    time_machine.move_to(NOW, tick=False)
    log_in(client)
    first = mailed_code()
    time_machine.shift(timedelta(seconds=61))
    response = client.post("/account/login/code/", {"resend": "1"})
    assert "新しいワンタイムパスワードを送信しました。" in page_text(client.get(response.url))
    second = mailed_code()
    assert len(login_code_mails()) == 2
    page = page_text(enter_code(client, first))
    assert "再送信したため使えません" in page
    enter_code(client, second)
    assert logged_in_as(client) == str(alice.pk)


def test_a_resend_within_a_minute_is_refused_and_the_first_code_still_works(client, alice):
    log_in(client)
    code = mailed_code()
    response = client.post("/account/login/code/", {"resend": "1"}, follow=True)
    assert "後まで送信できません" in page_text(response)
    assert len(mail.outbox) == 1
    enter_code(client, code)
    assert logged_in_as(client) == str(alice.pk)


def test_the_login_limit_refuses_even_the_right_code(client, alice, settings):
    log_in(client)
    code = mailed_code()
    limit, _ = settings.RATE_LIMITS["login_failure_per_address"]
    for _ in range(limit):
        password_attempts.count_failure(alice.email, "")
    page = page_text(enter_code(client, code))
    assert "一時的にログインできません" in page
    assert logged_in_as(client) is None


def test_the_mail_names_the_time_the_browser_and_what_to_do_if_it_was_not_them(client, alice):
    client.post(
        "/account/login/",
        {"username": alice.email, "password": PASSWORD},
        HTTP_USER_AGENT=IPHONE_SAFARI,
    )
    body = mail.outbox[-1].body
    assert "ログインの日時：" in body
    assert "ブラウザ：Safari（iPhone）" in body
    assert "有効期限：" in body and "（発行から10分間）" in body
    assert "このログインに心当たりのない方へ：" in body
    assert "http://testserver/account/password/reset/" in body


def test_only_a_hash_of_the_code_is_stored(client, alice):
    log_in(client)
    code = mailed_code()
    stored = AuthKey.objects.get(purpose=AuthKeyPurpose.LOGIN, user=alice)
    assert code not in stored.key_digest
    assert len(stored.key_digest) == 64
    sent = SentMail.objects.get(tag="login-code")
    assert code not in sent.sealed_message


def test_a_password_waits_for_its_code_only_half_an_hour(client, alice, time_machine):
    time_machine.move_to(NOW, tick=False)
    log_in(client)
    time_machine.shift(login_codes.PENDING_LOGIN_LIFETIME + timedelta(seconds=1))
    response = enter_code(client, mailed_code())
    assert response.url == "/account/login/"
    assert logged_in_as(client) is None


def test_a_wrong_code_keeps_the_browser_untrusted(client, alice):
    log_in(client)
    enter_code(client, wrong_code(mailed_code()), trust=True)
    assert settings.TRUSTED_BROWSER_COOKIE_NAME not in client.cookies
    assert not alice.trusted_browsers.exists()


# Staff (issue #16 item 3)


def test_staff_log_in_to_the_admin_with_the_mailed_code(client, oguchi):
    clerk = staff_of(oguchi, "clerk@oguchi.example.jp")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": clerk.email, "password": STAFF_PASSWORD, "next": "/admin/"},
    )
    assert response.url == "/admin/login/code/"
    assert logged_in_as(client) is None
    page = page_text(client.get("/admin/login/code/"))
    assert "clerk@oguchi.example.jp 宛に、ログイン用ワンタイムパスワード" in page
    response = enter_code(client, mailed_code(), path="/admin/login/code/")
    assert response.url == "/admin/"
    assert logged_in_as(client) == str(clerk.pk)


def test_a_wrong_code_on_the_admin_says_so_next_to_the_field(client, oguchi):
    clerk = staff_of(oguchi, "clerk@oguchi.example.jp")
    client.post("/admin/login/", {"username": clerk.email, "password": STAFF_PASSWORD})
    page = page_text(enter_code(client, "12345", path="/admin/login/code/"))
    assert "ワンタイムパスワードは6桁の数字です（入力された数字は5桁）。" in page
    assert logged_in_as(client) is None


# Across processes (PostgreSQL)

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database is one connection; concurrency needs PostgreSQL",
)


def at_once(count: int, work) -> None:
    """`count` app threads, each with its own database connection, run `work` together."""
    start = threading.Barrier(count)

    def worker():
        start.wait()
        try:
            work()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_eight_processes_resending_at_once_never_mail_two_codes(settings):
    settings.RATE_LIMIT_STORE = "db"
    user = User.objects.create_user(email="race@example.jp", password=PASSWORD)
    at_once(
        8,
        lambda: login_codes.send_code(
            user, client="127.0.0.1", user_agent="", site_url="http://testserver", resend=True
        ),
    )
    # Never two: racing for the last place, processes may all be refused (accounts.throttle),
    # never all let through. (A lone resend a minute later is mailed: the tests above.)
    mailed = SentMail.objects.filter(tag="login-code").count()
    assert mailed <= 1
    assert AuthKey.objects.filter(purpose=AuthKeyPurpose.LOGIN).count() == mailed


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_wrong_codes_from_eight_processes_at_once_are_all_counted(settings):
    settings.RATE_LIMIT_STORE = "db"
    user = User.objects.create_user(email="race@example.jp", password=PASSWORD)
    login_codes.send_code(user, client="127.0.0.1", user_agent="", site_url="http://testserver")
    code = mailed_code()
    limit, _ = settings.RATE_LIMITS["login_failure_per_address"]
    at_once(8, lambda: login_codes.check_code(user, wrong_code(code), client="127.0.0.1"))
    # Each wrong code counted once against the login's limit, and the code burned.
    assert password_attempts.remaining(user.email, "127.0.0.1") == limit - 8
    check = login_codes.check_code(user, code, client="127.0.0.1")
    assert check.outcome != "ok"


def test_a_password_changed_between_the_two_steps_ends_the_half_done_login(client, alice):
    log_in(client)
    code = mailed_code()
    alice.set_password("New-password9")
    alice.save()
    response = enter_code(client, code)
    assert response.url == "/account/login/"
    assert logged_in_as(client) is None


def test_a_language_switch_on_the_code_page_never_keeps_the_code(client, alice):
    log_in(client)
    code = mailed_code()
    client.post("/language/?next=/account/login/code/", {"language": "en", "login_code": code})
    assert code not in str(dict(client.session))
    page = page_text(client.get("/account/login/code/"))
    assert "Enter the one-time password again." in page
    assert code not in page


def test_the_code_page_says_when_no_code_could_be_sent(client, alice, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login_code_request_per_account": (1, timedelta(hours=1)),
    }
    throttle.record("login_code_request_per_account", str(alice.pk))  # an hour's one code
    log_in(client)
    page = page_text(client.get("/account/login/code/"))
    assert "まだ送信できていません" in page
    assert "後まで送信できません" in page
    assert login_code_mails() == []

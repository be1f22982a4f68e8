"""The login's ワンタイムパスワード and 「このブラウザを信頼する（30日間）」 on a phone (issue #16
item 6): the code from the mail logs in; a trusted browser skips it next time, and asks again
once removed from the マイページ's list."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import PASSWORD

from .conftest import assert_no_violations, enter_login_code, field, press

pytestmark = pytest.mark.parametrize("device", ["android"])

EMAIL = "taro@example.jp"
CODE_PAGE = "ワンタイムパスワードの入力"
MYPAGE = "求職者マイページ"


@pytest.fixture
def taro(migrated_data, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user(email=EMAIL, password=PASSWORD)


def heading(page):
    return page.get_by_role("heading", level=1)


def enter_password(page) -> None:
    page.goto("/account/login/")
    field(page, "メールアドレス").fill(EMAIL)
    field(page, "パスワード").fill(PASSWORD)
    press(page, "ログイン")


def log_out(page) -> None:
    page.goto("/mypage/")
    page.get_by_role("button", name="ログアウト").first.click()
    expect(page.get_by_text("ログアウトしました。")).to_be_visible()


def code_mails() -> int:
    return sum("ワンタイムパスワードのお知らせ" in message.subject for message in mail.outbox)


def test_the_mailed_code_logs_in_and_a_trusted_browser_skips_it_until_removed(
    taro, page, axe, shoot
):
    enter_password(page)
    expect(heading(page)).to_have_text(CODE_PAGE)
    expect(page.get_by_text(f"{EMAIL} 宛に、ログイン用ワンタイムパスワード")).to_be_visible()
    assert code_mails() == 1
    shoot("login-code")
    assert_no_violations(page, axe, "login-code")

    enter_login_code(page, trust=True)
    expect(heading(page)).to_have_text(MYPAGE)

    # Next time on this phone: the password alone, no code asked for, none mailed.
    log_out(page)
    enter_password(page)
    expect(heading(page)).to_have_text(MYPAGE)
    assert code_mails() == 1

    page.get_by_role("link", name="信頼済みのブラウザ").click()
    expect(page.get_by_role("heading", name="Chrome（Android）（このブラウザ）")).to_be_visible()
    shoot("trusted-browsers")
    assert_no_violations(page, axe, "trusted-browsers")
    press(page, "Chrome（Android）を解除する")
    expect(page.get_by_text("信頼済みのブラウザを解除しました。")).to_be_visible()
    expect(page.get_by_text("信頼済みのブラウザはありません。")).to_be_visible()

    # Removed: the code is asked for again.
    log_out(page)
    enter_password(page)
    expect(heading(page)).to_have_text(CODE_PAGE)
    assert code_mails() == 2


@pytest.mark.parametrize("java_script_enabled", [False])
def test_a_wrong_code_is_told_next_to_the_box_and_the_right_one_works_without_javascript(
    taro, page, java_script_enabled, shoot
):
    enter_password(page)
    field(page, "ワンタイムパスワード（6桁の数字）").fill("１２３")
    press(page, "ログイン")
    expect(
        page.get_by_text("ワンタイムパスワードは6桁の数字です（入力された数字は3桁）。").first
    ).to_be_visible()
    shoot("login-code-errors")
    enter_login_code(page)
    expect(heading(page)).to_have_text(MYPAGE)

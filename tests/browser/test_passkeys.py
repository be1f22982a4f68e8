"""A passkey, as a job seeker on a phone uses one (issue #16 items 5 and 6): registered from the
マイページ, a login with it and neither password nor code, and none after it is removed.

The phone's authenticator is Chromium's virtual one (the DevTools protocol's WebAuthn domain):
a platform authenticator that holds discoverable credentials and verifies its user at once.
The pages are opened at http://localhost:<port>, not 127.0.0.1: a relying party id must be a
domain name (Chromium refuses WebAuthn at an IP address with a SecurityError), and localhost is
a secure context as 127.0.0.1 is.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from accounts.models import Passkey, User

from ..conftest import PASSWORD
from .conftest import OUTSIDE, assert_no_violations, field, press

pytestmark = pytest.mark.parametrize("device", ["iphone"])

EMAIL = "taro@example.jp"


@pytest.fixture(autouse=True)
def quick_password_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def site(context, live_server):
    """The live server's address with the host name localhost; the context lets the browser
    ask that and the live server's own address only (as conftest's context does the latter)."""
    url = live_server.url.replace("://127.0.0.1:", "://localhost:")
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    context.unroute(OUTSIDE)
    context.route(re.compile(rf"^(?!{re.escape(url)}/|{re.escape(live_server.url)}/)"), refuse)
    yield url
    assert not refused, f"the pages asked for something other than the live server: {refused}"


@pytest.fixture
def fingerprint(context, page):
    """The phone's fingerprint reader: Chromium's virtual authenticator, on this page."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def logged_in(context, site) -> User:
    """Taro, logged in (his password login is the login page's business, not this test's)."""
    user = User.objects.create_user(email=EMAIL, password=PASSWORD)
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": site}
            for name, morsel in client.cookies.items()
        ]
    )
    return user


def log_out(page) -> None:
    press(page, "ログアウト")


def test_a_passkey_from_the_mypage_logs_in_until_it_is_removed(
    page, context, site, fingerprint, shoot, axe
):
    taro = logged_in(context, site)
    page.goto(site + "/mypage/")
    press(page, "パスキーの管理")
    expect(page.get_by_text("登録済みのパスキーはありません。")).to_be_visible()
    field(page, "パスキーの名前").fill("iPhone")
    field(page, "現在のパスワード").fill(PASSWORD)
    shoot("naming")
    press(page, "パスキーを登録する")
    expect(page.get_by_role("status")).to_have_text("パスキー「iPhone」を登録しました。")
    expect(page.get_by_role("heading", name="iPhone")).to_be_visible()
    expect(page.get_by_text("未使用")).to_be_visible()
    assert taro.passkeys.get().name == "iPhone"
    assert mail.outbox[-1].subject == "【ハローワーク】パスキーを登録しました"
    shoot("registered")
    assert_no_violations(page, axe, "passkeys")

    log_out(page)
    page.goto(site + "/account/login/")
    shoot("login-page")
    with page.expect_navigation(url="**/mypage/"):
        page.get_by_role("button", name="パスキーでログイン").click()
    expect(page.get_by_role("heading", name="求職者マイページ", level=1)).to_be_visible()
    assert Passkey.objects.get().last_used_at is not None

    page.goto(site + "/account/passkeys/")
    press(page, "「iPhone」を削除")
    shoot("removing")
    press(page, "削除する")
    expect(page.get_by_role("status")).to_have_text("パスキー「iPhone」を削除しました。")
    assert not Passkey.objects.exists()

    # The phone still holds the passkey; the site no longer knows it.
    log_out(page)
    page.goto(site + "/account/login/")
    page.get_by_role("button", name="パスキーでログイン").click()
    expect(page.get_by_role("alert")).to_have_text(
        "このパスキーは登録されていません（削除したパスキーかもしれません）。"
        "メールアドレスとパスワードでログインしてください。"
    )
    assert page.url.endswith("/account/login/")
    shoot("refused")


def test_a_phone_whose_passkey_is_registered_is_told_so(page, context, site, fingerprint):
    logged_in(context, site)
    page.goto(site + "/account/passkeys/")
    field(page, "現在のパスワード").fill(PASSWORD)
    press(page, "パスキーを登録する")
    # The same phone again: the browser refuses it (excludeCredentials), before the server.
    field(page, "パスキーの名前").fill("もう一度")
    field(page, "現在のパスワード").fill(PASSWORD)
    page.get_by_role("button", name="パスキーを登録する").click()
    expect(page.get_by_role("alert")).to_have_text("この端末のパスキーは、すでに登録されています。")
    assert Passkey.objects.count() == 1


def test_a_name_is_asked_for_before_the_phone(page, context, site, fingerprint):
    logged_in(context, site)
    page.goto(site + "/account/passkeys/")
    field(page, "パスキーの名前").fill("")
    page.get_by_role("button", name="パスキーを登録する").click()
    expect(page.get_by_role("alert")).to_have_text(
        "パスキーの名前を入力してください（例：iPhone）。"
    )
    expect(field(page, "パスキーの名前")).to_be_focused()
    assert not Passkey.objects.exists()


def test_a_browser_without_passkeys_keeps_the_password_login(page, context, site):
    context.add_init_script("delete window.PublicKeyCredential")
    page.goto(site + "/account/login/")
    expect(page.get_by_role("button", name="パスキーでログイン")).to_be_hidden()
    expect(page.get_by_role("button", name="ログイン", exact=True)).to_be_visible()
    logged_in(context, site)
    page.goto(site + "/account/passkeys/")
    expect(page.get_by_text("このブラウザはパスキーに対応していません。")).to_be_visible()
    expect(page.get_by_role("button", name="パスキーを登録する")).to_be_hidden()


@pytest.mark.parametrize("java_script_enabled", [False])
def test_without_javascript_the_passkeys_page_says_it_is_needed(page, context, site):
    page.goto(site + "/account/login/")
    expect(page.get_by_role("button", name="パスキーでログイン")).to_be_hidden()
    logged_in(context, site)
    page.goto(site + "/account/passkeys/")
    expect(
        page.get_by_text("パスキーの登録には JavaScript が必要です。", exact=False)
    ).to_be_visible()
    expect(page.get_by_role("button", name="パスキーを登録する")).to_be_hidden()

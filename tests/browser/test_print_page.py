"""申込内容の印刷 on a phone (issue #17 items 4 and 6): reached from the マイページ, printed on A4
with only the sheet on paper, with and without JavaScript."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts.models import User
from jobseeker.models import Application
from tests.conftest import PASSWORD
from tests.wizard_helpers import complete_steps

from .conftest import assert_fits_the_width, assert_no_violations, decode_codes

# A4 portrait less the page's 12 mm margins (static/css/mypage-print.css), in CSS pixels (96/in).
A4_PRINTABLE_WIDTH = round((210 - 2 * 12) / 25.4 * 96)
NOT_PRINTED = ["body > header", "body > footer", "#language-switch", ".print-actions"]


@pytest.fixture
def registered(page, context, live_server, settings):
    """taro, who has completed the seven steps, signed in in the browser; his application."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client()
    user = User.objects.create_user(email="taro@example.jp", password=PASSWORD)
    client.force_login(user)
    complete_steps(client)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return Application.objects.get(user=user)


def test_the_print_page_opens_from_the_mypage_with_a_code_that_scans(page, registered, shoot, axe):
    page.goto("/mypage/")
    with page.expect_navigation():
        page.get_by_role("link", name="申込内容を印刷する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("求職申込みの内容")
    expect(page.locator("#jobseeker-number")).to_have_text(registered.number)
    expect(page.get_by_role("heading", name="1 基本情報登録")).to_be_visible()
    expect(page.get_by_role("row", name="氏名 大口 太郎")).to_be_visible()
    expect(page.get_by_text("ハローワーク大口の窓口にお持ちください。")).to_be_visible()
    expect(page.get_by_role("button", name="印刷する")).to_be_visible()
    shoot("print-page")
    assert registered.number in decode_codes(page.screenshot(full_page=True))
    assert_no_violations(page, axe, "print page")


@pytest.mark.parametrize("device", ["android"])
def test_printing_shows_only_the_sheet_within_the_width_of_a4(page, registered, shoot):
    page.goto("/mypage/print/")
    page.set_viewport_size({"width": A4_PRINTABLE_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    for selector in NOT_PRINTED:
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator(".print-sheet")).to_be_visible()
    expect(page.get_by_role("heading", name="7 自己PR登録")).to_be_visible()
    expect(page.locator(".print-office")).to_contain_text("0995-22-8609")
    assert_fits_the_width(page)
    sheet = page.locator(".print-sheet").bounding_box()
    assert sheet["x"] >= 0 and sheet["x"] + sheet["width"] <= A4_PRINTABLE_WIDTH
    # 28 mm on paper: big enough for the counter's scanner.
    code = page.locator(".print-sheet__qr svg").bounding_box()
    assert round(code["width"]) == round(28 / 25.4 * 96)
    shoot("printed")
    assert registered.number in decode_codes(page.screenshot(full_page=True))


@pytest.mark.parametrize("device", ["android"])
def test_on_screen_the_site_and_the_buttons_stay(page, registered):
    page.goto("/mypage/print/")
    page.emulate_media(media="screen")
    for selector in NOT_PRINTED:
        expect(page.locator(selector)).to_be_visible()
    assert_fits_the_width(page)


@pytest.mark.parametrize("device", ["android"])
def test_the_button_opens_the_browsers_print_dialog(page, registered):
    page.add_init_script("window.print = () => { window.printed = true; };")
    page.goto("/mypage/print/")
    page.get_by_role("button", name="印刷する").click()
    assert page.evaluate("window.printed") is True


@pytest.mark.parametrize("java_script_enabled", [False])
@pytest.mark.parametrize("device", ["android"])
def test_without_javascript_the_page_says_how_to_print(page, registered, shoot):
    page.goto("/mypage/print/")
    expect(page.get_by_role("button", name="印刷する")).to_have_count(0)
    expect(
        page.get_by_text("ブラウザのメニュー（共有など）の「印刷」から印刷できます")
    ).to_be_visible()
    expect(page.locator("#jobseeker-number")).to_have_text(registered.number)
    # No axe here: its script cannot run in a page without JavaScript (scanned above with it).
    shoot("print-page")

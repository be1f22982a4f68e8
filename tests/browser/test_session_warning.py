"""Issue #17 item 2 on a phone: before the login ends a dialog warns, takes the focus, is read
out, and extends the login or logs out; a step's input is kept either way.

The login lasts 25 seconds here and the warning comes 20 seconds before its end, so the dialog
opens about 5 seconds after a page loads (static/js/session.js logs out 10 seconds before the
end when nobody answers).
"""

import re
from importlib import import_module

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import User
from jobseeker.models import ApplicationDraft
from tests.conftest import PASSWORD
from tests.wizard_helpers import step_url

from .conftest import assert_no_violations, enter_login_code, field, press

pytestmark = pytest.mark.parametrize("device", ["android"])
OPENS_WITHIN_MS = 15_000


@pytest.fixture
def short_login(settings):
    settings.SESSION_COOKIE_AGE = 25
    settings.SESSION_END_WARNING = 20


@pytest.fixture
def taro(short_login, signed_in):
    """Signed in for a login of 25 seconds (short_login comes first: the login's end is set
    when it starts)."""
    return User.objects.get(email="taro@example.jp")


def the_dialog(page):
    return page.get_by_role("alertdialog", name="まもなくログインの有効時間が終わります")


def test_the_dialog_opens_read_out_with_the_focus_on_extend(page, taro, axe):
    page.goto(step_url("basic"))
    expect(page.locator("footer")).to_contain_text("ログインの有効時間は、最後の操作から")
    dialog = the_dialog(page)
    expect(dialog).to_be_visible(timeout=OPENS_WITHIN_MS)
    expect(dialog).to_have_accessible_description(
        "このまま操作がないと、約1分後に自動でログアウトします。"
        "続ける場合は「ログインを延長する」を押してください。"
        "求職申込みの入力内容は、ログアウトしても保存されています。"
    )
    expect(dialog.get_by_role("button", name="ログインを延長する")).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="ログアウト")).to_be_focused()
    assert_no_violations(page, axe, "the dialog open")


def test_extend_closes_it_returns_the_focus_and_moves_the_end(page, taro):
    page.goto(step_url("basic"))
    name = field(page, "姓")
    name.fill("大口")
    dialog = the_dialog(page)
    expect(dialog).to_be_visible(timeout=OPENS_WITHIN_MS)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(name).to_be_focused()
    # Past the first end: the login was extended, and the warning comes again.
    page.wait_for_timeout(4_000)
    expect(dialog).to_be_visible(timeout=OPENS_WITHIN_MS)
    page.keyboard.press("Escape")  # Escape extends too
    expect(dialog).to_be_hidden()
    page.reload()
    expect(field(page, "姓")).to_be_visible()
    assert "/account/login/" not in page.url


def test_logout_from_the_dialog_keeps_the_step_input(page, taro):
    page.goto(step_url("basic"))
    field(page, "姓").fill("大口")
    dialog = the_dialog(page)
    expect(dialog).to_be_visible(timeout=OPENS_WITHIN_MS)
    with page.expect_navigation():
        dialog.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("status")).to_have_text("ログアウトしました。")
    draft = ApplicationDraft.objects.get(user=taro)
    assert draft.data["step_data"]["basic"]["basic-family_name"] == ["大口"]


def test_unanswered_it_logs_out_keeping_the_input_and_says_why(page, taro):
    page.goto(step_url("basic"))
    field(page, "姓").fill("大口")
    expect(the_dialog(page)).to_be_visible(timeout=OPENS_WITHIN_MS)
    # Opening the dialog leaves the box, whose change form.js autosaves: a request of the login,
    # which moves its end once more.
    page.wait_for_url("**/account/", timeout=2 * OPENS_WITHIN_MS)
    expect(page.get_by_role("status")).to_contain_text("ログインの有効時間が終わるため")
    draft = ApplicationDraft.objects.get(user=taro)
    assert draft.data["step_data"]["basic"]["basic-family_name"] == ["大口"]


@pytest.mark.parametrize("java_script_enabled", [False])
def test_without_javascript_the_step_sent_after_the_end_comes_back_after_logging_in(
    page, signed_in, shoot
):
    """No dialog warns without JavaScript: 次へ進む after the end leads to the login, and the
    same person's login brings the step back with what they typed."""
    page.goto(step_url("basic"))
    field(page, "携帯電話").fill("090-1234-5678")
    # The login ends while the page is open (as 8 hours without a request end it).
    session_key = page.context.cookies()[0]["value"]
    import_module(settings.SESSION_ENGINE).SessionStore(session_key).delete()
    press(page, "次へ進む")
    expect(page.get_by_role("status")).to_contain_text("入力していた内容が戻ります")
    shoot("login")
    field(page, "メールアドレス").fill("taro@example.jp")
    field(page, "パスワード").fill(PASSWORD)
    press(page, "ログイン")
    enter_login_code(page)
    expect(page).to_have_url(re.compile(step_url("basic") + "$"))
    expect(page.get_by_role("status").first).to_contain_text("入力していた内容を戻しました")
    expect(field(page, "携帯電話")).to_have_value("090-1234-5678")
    shoot("step-back")

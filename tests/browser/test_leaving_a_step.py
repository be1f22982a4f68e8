"""The header's English and ログアウト, pressed on a half-filled step of the 求職申込み.

Both submit the step's form to the step, which keeps what was typed (as its tabs do) before it
switches the language or logs out: with or without JavaScript, nothing typed is lost, and a
step left with errors comes back with the same errors, in the new language, after a switch.
"""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.wizard_helpers import post_step, step_url

from .conftest import enter_login_code, field, press

pytestmark = pytest.mark.parametrize("device", ["android"])


@pytest.fixture
def on_step1_with_errors(page, signed_in):
    """taro, signed in in the browser, on 1 基本情報 after 次へ進む with nothing typed."""
    post_step(signed_in, "basic", {})
    page.goto(step_url("basic"))
    expect(page.locator("#error-summary")).to_be_visible()
    return page


def box(page, name: str):
    """基本情報's field `name` (its English labels start alike: Family name (katakana) …)."""
    return page.locator(f'[name="basic-{name}"]')


@pytest.mark.parametrize("java_script_enabled", [True, False])
def test_english_and_logout_on_a_step_keep_what_was_typed(
    on_step1_with_errors, java_script_enabled, shoot
):
    page = on_step1_with_errors
    field(page, "姓").fill("大口")
    field(page, "市区町村").fill("伊佐市")

    press(page, "English")
    expect(page.get_by_role("heading", level=1)).to_have_text("1 Basic information")
    expect(box(page, "family_name")).to_have_value("大口")
    # The errors it showed are still shown, now in English (QA of #14, finding 2).
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary h2")).to_have_text("Please check what you entered")
    shoot("step1-in-english")

    box(page, "given_name").fill("太郎")
    press(page, "Log out")
    expect(page.get_by_text("You have logged out.")).to_be_visible()

    page.goto("/account/login/")
    field(page, "Email address").fill("taro@example.jp")
    field(page, "Password").fill(PASSWORD)
    press(page, "Log in")
    enter_login_code(page)
    page.goto(step_url("basic"))
    expect(box(page, "family_name")).to_have_value("大口")
    expect(box(page, "given_name")).to_have_value("太郎")
    expect(box(page, "city")).to_have_value("伊佐市")

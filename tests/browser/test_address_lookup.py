"""住所検索 on a phone: with JavaScript the step is filled in where it stands, without a reload;
when the lookup cannot be reached, the button does what it does without JavaScript.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.wizard_helpers import step_url

from .conftest import field

pytestmark = pytest.mark.parametrize("device", ["android"])

LOOKUP_URL = re.compile(r"^http://127\.0\.0\.1:\d+/mypage/postal/")
FILLED = "住所を入力しました。番地と建物名・部屋番号を続けて入力してください。"
TYPED = {"姓": "大口", "セイ": "オオクチ", "番地": "７６８－１", "建物名・部屋番号": "ハイツ大口"}


@pytest.fixture
def basic_step(page, signed_in):
    """The 基本情報 step, open in the browser of a signed-in job seeker, partly typed in."""
    page.goto(step_url("basic"))
    for label, value in TYPED.items():
        field(page, label).fill(value)
    return page


def documents_loaded(page) -> list[str]:
    """Every document the tab loads from now on (a reload or a submitted form adds one)."""
    loads: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame == page.main_frame else None,
    )
    page.evaluate("window.sameDocument = true")
    return loads


def assert_typed_values_kept(page):
    for label, value in TYPED.items():
        expect(field(page, label)).to_have_value(value)


def test_the_address_is_filled_in_without_leaving_the_page(basic_step, shoot):
    page = basic_step
    field(page, "郵便番号").fill("895-2511")
    loads = documents_loaded(page)
    page.get_by_role("button", name="住所検索").click()

    expect(page.get_by_role("status").filter(has_text=FILLED)).to_be_visible()
    expect(field(page, "都道府県")).to_have_value("鹿児島県")
    expect(field(page, "市区町村")).to_have_value("伊佐市大口里")
    expect(field(page, "番地")).to_be_focused()  # what is left to type
    assert_typed_values_kept(page)
    assert loads == [] and page.evaluate("window.sameDocument") is True
    # The live counter of 市区町村 counted what the lookup put in.
    expect(page.locator("#city + .counter")).to_have_text("6 / 50文字")
    shoot("filled")


def test_an_unknown_code_is_said_next_to_it_and_nothing_is_overwritten(basic_step, shoot):
    page = basic_step
    field(page, "市区町村").fill("伊佐市")
    field(page, "郵便番号").fill("000-0000")
    loads = documents_loaded(page)
    page.get_by_role("button", name="住所検索").click()

    expect(page.locator("#address-lookup-status")).to_have_text(
        "郵便番号に当てはまる住所が見つかりませんでした。郵便番号を確認してください。"
    )
    expect(field(page, "郵便番号")).to_be_focused()
    expect(field(page, "郵便番号")).to_have_accessible_description(
        re.compile("住所が見つかりませんでした")
    )
    expect(field(page, "市区町村")).to_have_value("伊佐市")
    assert_typed_values_kept(page)
    assert loads == [] and page.evaluate("window.sameDocument") is True
    shoot("not-found")


@pytest.mark.parametrize("failure", ["network", "server_error"])
def test_when_the_lookup_fails_the_button_reloads_the_step_filled_in(basic_step, failure):
    page = basic_step
    if failure == "network":
        page.route(LOOKUP_URL, lambda route: route.abort())
    else:
        page.route(LOOKUP_URL, lambda route: route.fulfill(status=500, body="Server Error"))
    field(page, "郵便番号").fill("895-2511")
    with page.expect_navigation():
        page.get_by_role("button", name="住所検索").click()

    expect(page.locator(".notice--success")).to_have_text(FILLED)
    expect(field(page, "都道府県")).to_have_value("鹿児島県")
    expect(field(page, "市区町村")).to_have_value("伊佐市大口里")
    assert_typed_values_kept(page)  # the reload saved the whole step first

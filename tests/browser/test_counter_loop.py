"""A clerk's loop at the counter on a 1366×768 screen (issue #15 item 9): log in, scan a 求職番号
into the box that has the focus, read the panel, press 窓口で受付完了 without scrolling, and land
back on the list ready for the next scan; an expired registration renewed by the acceptance; the
list as it fits the screen. Each page the clerk sees passes axe (WCAG 2.2 AA) and is
photographed into test-artifacts/screenshots/counter/.
"""

import calendar
import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobseeker.choices import Status
from jobseeker.models import Application, Office
from tests.factories import STAFF_PASSWORD, make_application

from .conftest import assert_no_violations, enter_login_code

pytestmark = pytest.mark.parametrize("device", ["counter"])

LIST = "/admin/jobseeker/application/"
SCREEN_HEIGHT = 768


@pytest.fixture
def oguchi(clerk) -> Office:
    """The clerk's office, ハローワーク大口."""
    return clerk.office


def in_months(months: int) -> date:
    """The last day of the month `months` after this one (0: this month's, -1: last month's)."""
    today = timezone.localdate()
    year, month = divmod(today.month - 1 + months, 12)
    year, month = today.year + year, month + 1
    return date(year, month, calendar.monthrange(year, month)[1])


@pytest.fixture
def hanako(oguchi) -> Application:
    """An オンライン登録者 who applied online and comes to the counter with her 2次元コード."""
    return make_application(
        oguchi, 18, family_name="伊佐", given_name="花子", family_name_kana="イサ",
        given_name_kana="ハナコ", gender="female", valid_until=in_months(2),
    )  # fmt: skip


@pytest.fixture
def jiro(oguchi) -> Application:
    """An オンライン登録者 whose registration expired at the end of last month."""
    return make_application(
        oguchi, 23, given_name="次郎", given_name_kana="ジロウ", valid_until=in_months(-1)
    )


def log_in(page, clerk) -> None:
    """The clerk opens /admin/ and logs in as on the first day: mail address and password."""
    page.goto("/admin/")
    page.get_by_label("メールアドレス").fill(clerk.email)
    page.get_by_label("パスワード").fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="ログイン").click()
    enter_login_code(page)


def search_box(page):
    return page.get_by_role("search").get_by_role("textbox")


def scan(page, number: str) -> None:
    """What a 2D-code reader does: it types the number wherever the focus is, then Enter."""
    with page.expect_navigation():
        page.keyboard.type(number)
        page.keyboard.press("Enter")


def accept_button(page):
    return page.locator('input[name="_accept"]')


def assert_within_the_first_screen(page, locator) -> None:
    """Reached without a scroll: the page has not moved and the element ends above the fold."""
    assert page.evaluate("window.scrollY") == 0
    box = locator.bounding_box()
    assert box is not None, "not shown"
    assert box["y"] + box["height"] <= SCREEN_HEIGHT, f"ends at {box['y'] + box['height']} px"


def fact(panel, term: str):
    """What the panel says for `term` (its <dd>)."""
    return panel.locator("div").filter(has=panel.page.get_by_text(term, exact=True)).locator("dd")


# -- the loop -------------------------------------------------------------------------------------


def test_scan_read_accept_and_back_to_the_box(page, clerk, hanako, axe, shoot):
    log_in(page, clerk)
    # /admin/ opens on the list, the box focused for the scanner.
    expect(page).to_have_url(re.compile(rf"{LIST}$"))
    expect(search_box(page)).to_be_focused()
    assert page.locator("#nav-sidebar").count() == 0
    assert_no_violations(page, axe, "list with results")
    shoot("list")

    scan(page, hanako.number)
    expect(page).to_have_url(re.compile(rf"{LIST}{hanako.pk}/change/$"))
    panel = page.locator(".counter-panel")
    expect(panel.get_by_role("heading")).to_have_text(f"{hanako.number} 伊佐 花子")
    expect(panel.locator(".counter-badge")).to_have_text(re.compile("オンライン登録者"))
    expect(fact(panel, "有効期限")).to_have_text(f"{in_months(2):%Y年%-m月%-d日}")
    expect(panel.locator(".counter-panel__unanswered")).to_have_text(re.compile("^未入力："))
    assert_within_the_first_screen(page, accept_button(page))
    expect(page.locator(".field-account .readonly")).to_have_text("-")
    assert_no_violations(page, axe, "record with the panel")
    shoot("record")

    # One action after the scan: the press. No scroll, no Tab.
    with page.expect_navigation():
        accept_button(page).click()
    expect(page).to_have_url(re.compile(rf"{LIST}$"))
    expect(search_box(page)).to_be_focused()
    expect(search_box(page)).to_have_value("")
    expect(page.locator(".messagelist .success")).to_have_text(
        f"{hanako.number} を窓口で受付完了にしました（利用登録者）。"
    )
    hanako.refresh_from_db()
    assert hanako.status == Status.ACCEPTED
    assert hanako.accepted_by == clerk
    assert_no_violations(page, axe, "list after an acceptance")
    shoot("accepted")


def test_an_expired_registration_is_renewed_by_the_acceptance(page, clerk, jiro, axe, shoot):
    log_in(page, clerk)
    scan(page, jiro.number.replace("-", ""))  # a reader that drops the hyphen finds it too
    panel = page.locator(".counter-panel")
    expect(panel.locator(".counter-badge")).to_have_text(re.compile("有効期限切れ"))
    expect(panel.locator(".counter-validity--expired")).to_contain_text("有効期限が過ぎています")
    renew = accept_button(page)
    expect(renew).to_have_value("有効期限を更新して窓口で受付完了")
    assert_within_the_first_screen(page, renew)
    assert_no_violations(page, axe, "expired record")
    shoot("expired")

    with page.expect_navigation():
        renew.click()
    renewed_until = in_months(2)
    expect(page.locator(".messagelist .success")).to_have_text(
        f"{jiro.number} を窓口で受付完了にしました（利用登録者）。"
        f"有効期限を{renewed_until:%Y年%-m月%-d日}まで更新しました。"
    )
    expect(search_box(page)).to_be_focused()
    jiro.refresh_from_db()
    assert jiro.status == Status.ACCEPTED
    assert jiro.valid_until == renewed_until

    scan(page, jiro.number)
    panel = page.locator(".counter-panel")
    expect(panel.locator(".counter-badge")).to_have_text(re.compile("利用登録者"))
    expect(fact(panel, "有効期限")).to_have_text(f"{renewed_until:%Y年%-m月%-d日}")
    assert accept_button(page).count() == 0
    assert_no_violations(page, axe, "renewed record")
    shoot("renewed")


# -- the list at 1366×768 -------------------------------------------------------------------------

ONE_LINE = """(cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
}"""


def test_the_list_shows_ten_rows_or_more_each_on_one_line(page, clerk, oguchi, axe, shoot):
    for serial in range(1, 13):
        make_application(
            oguchi, serial, family_name="鹿児島", given_name="長い名前の太郎",
            family_name_kana="カゴシマ", given_name_kana="ナガイナマエノタロウ",
            valid_until=in_months(2),
        )  # fmt: skip
    log_in(page, clerk)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(12)
    on_screen = [
        box
        for box in (row.bounding_box() for row in rows.all())
        if box["y"] + box["height"] <= SCREEN_HEIGHT
    ]
    assert len(on_screen) >= 10, f"{len(on_screen)} rows on the first screen"
    for column in ("number", "full_name", "status"):
        for cell in page.locator(f"#result_list tbody .field-{column}").all():
            assert cell.evaluate(ONE_LINE) == 1, f"{column} broken: {cell.inner_text()!r}"
    # No side menu, no office column or filter for the staff of one office.
    assert page.locator("#nav-sidebar, #toggle-nav-sidebar").count() == 0
    assert page.locator("#result_list .column-office").count() == 0
    assert_no_violations(page, axe, "list of twelve")
    shoot("list-of-twelve")


def test_the_empty_list_and_a_search_that_finds_nothing(page, clerk, oguchi, axe, shoot):
    log_in(page, clerk)
    expect(search_box(page)).to_be_focused()
    assert_no_violations(page, axe, "empty list")
    shoot("empty-list")

    scan(page, "746010000018")  # a number cut short
    explanation = page.locator("#search-explanation")
    expect(explanation).to_contain_text("1桁足りません")
    expect(search_box(page)).to_be_focused()
    expect(search_box(page)).to_have_accessible_description(re.compile("1桁足りません"))
    assert_no_violations(page, axe, "no result")
    shoot("no-result")


def test_a_page_the_clerk_may_not_open_says_so_in_japanese(page, clerk, axe, shoot):
    log_in(page, clerk)
    response = page.goto("/admin/accounts/user/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("この画面は開けません")
    assert_no_violations(page, axe, "403")
    shoot("forbidden")
    with page.expect_navigation():
        page.get_by_role("link", name="窓口のトップ（求職申込みの一覧）に戻る").click()
    expect(search_box(page)).to_be_focused()


def test_the_history_and_the_consultation_form(page, clerk, hanako, axe, shoot):
    log_in(page, clerk)
    scan(page, hanako.number)
    with page.expect_navigation():
        accept_button(page).click()
    scan(page, hanako.number)
    with page.expect_navigation():
        page.get_by_role("link", name="履歴").click()
    rows = page.locator("#change-history tbody tr")
    expect(rows.filter(has_text="窓口で受付完了")).to_have_count(1)
    expect(rows.filter(has_text="窓口で受付完了")).to_contain_text(clerk.email)
    assert_no_violations(page, axe, "history")
    shoot("history")

    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name="職業相談を記録").click()
    assert_no_violations(page, axe, "consultation form")
    shoot("consultation")
    page.get_by_label("相談日").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="記録する").click()
    expect(page.locator("#error-summary")).to_contain_text("相談日を入力してください。")
    assert_no_violations(page, axe, "consultation form with errors")
    shoot("consultation-errors")


def test_the_statistics_and_the_printed_application(page, clerk, hanako, axe, shoot):
    log_in(page, clerk)
    with page.expect_navigation():
        page.get_by_role("link", name="業務統計").click()
    expect(page.locator("#statistics #total")).to_be_visible()
    assert_no_violations(page, axe, "statistics")
    shoot("statistics")

    page.goto(LIST)
    scan(page, hanako.number)
    with page.expect_navigation():
        page.get_by_role("link", name="求職申込書を印刷").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("求職申込書")
    assert_no_violations(page, axe, "printed application")
    shoot("print")

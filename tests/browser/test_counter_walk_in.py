"""A walk-in applicant registered at the counter on a 1366×768 screen (issue #15 items 5 and 9):
the clerk opens 窓口で求職申込みを登録, finds the address by 住所検索 (filled in place with the
script, the form sent back filled without it), types the rest, saves, and reads the page that
says how the person opens a マイページ later. Each page passes axe (WCAG 2.2 AA) and is
photographed into test-artifacts/screenshots/counter/ (counter-nojs/ without the script).
"""

import re

import pytest
from playwright.sync_api import expect

from jobseeker.choices import Status
from jobseeker.models import Application

from .conftest import assert_no_violations
from .test_counter_loop import LIST, log_in, search_box

pytestmark = pytest.mark.parametrize("device", ["counter"])

FILLED = "住所を入力しました。番地と建物名・部屋番号を続けて入力してください。"
# What the clerk types for 伊佐 花子, born 1985-04-01, by the boxes' labels.
TYPED = {
    "姓": "伊佐",
    "名": "花子",
    "セイ": "イサ",
    "メイ": "ハナコ",
    "番地": "７６８－１",
    "携帯電話": "090-1234-5678",
}
# And what is chosen from lists, by the controls' names: the flyer's required questions.
CHOSEN = {
    "gender": "female",
    "disclosure": "private",
    "info_provision": "neither",
    "contact_allowed": "no",
    "employment_type": "full_time",
    "employment_period": "indefinite",
    "desired_occupation": "undecided",
    "work_hours": "none",
    "holidays": "none",
    "education": "high",
    "education_status": "graduated",
}


def open_the_add_form(page, clerk) -> None:
    log_in(page, clerk)
    with page.expect_navigation():
        page.get_by_role("link", name="窓口で求職申込みを登録").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("窓口で求職申込みを登録")


def label(page, text: str):
    """A text box by its label, which Django's admin ends with a colon (a checkbox of
    連絡手段 may be called 携帯電話 too)."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(text)}:?$"))


def fill_the_rest(page) -> None:
    for text, value in TYPED.items():
        label(page, text).fill(value)
    birth_date = page.get_by_role("group", name=re.compile("^生年月日"))
    for text, value in {"年": "1985", "月": "4", "日": "1"}.items():
        birth_date.get_by_label(text, exact=True).fill(value)
    for name, value in CHOSEN.items():
        control = page.locator(f'[name="{name}"]')
        # Read without a script of the page's: the context may run none.
        if control.first.get_attribute("type") in ("radio", "checkbox"):
            control.and_(page.locator(f'[value="{value}"]')).check()
        else:
            control.select_option(value)


def save(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()


def assert_registered(page, clerk, axe, shoot, *, scan_it: bool = True) -> None:
    """The page after saving, and the person as stored: a 利用登録者 accepted by the clerk."""
    hanako = Application.objects.get(family_name="伊佐")
    assert hanako.status == Status.ACCEPTED
    assert hanako.accepted_by == clerk
    assert (hanako.prefecture, hanako.city) == ("鹿児島県", "伊佐市大口里")
    expect(page).to_have_url(re.compile(rf"{LIST}{hanako.pk}/registered/$"))
    expect(page.locator(".messagelist .success")).to_contain_text(hanako.number)
    steps = page.locator(".walk-in__steps")
    expect(steps).to_contain_text("求職者マイページ開設（アカウント登録手続きの方）")
    expect(steps.locator(".walk-in__keys")).to_contain_text(hanako.number)
    expect(steps.locator(".walk-in__keys")).to_contain_text("1985年")
    if scan_it:
        assert_no_violations(page, axe, "registered")
    shoot("registered")
    with page.expect_navigation():
        page.get_by_role("link", name="求職申込みの一覧に戻る").click()
    expect(search_box(page)).to_be_focused()


def test_a_walk_in_with_the_address_found_in_place(page, clerk, axe, shoot):
    open_the_add_form(page, clerk)
    assert_no_violations(page, axe, "add form")
    shoot("add")
    save(page)  # nothing typed yet: every required box is listed, each linked to its field
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link").first).to_have_attribute("href", re.compile("^#"))
    assert_no_violations(page, axe, "add form with errors")
    shoot("add-errors")

    label(page, "郵便番号").fill("895-2511")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("button", name="住所検索").click()
    expect(page.locator("#address-lookup-status")).to_have_text(FILLED)
    expect(label(page, "都道府県")).to_have_value("鹿児島県")
    expect(label(page, "市区町村")).to_have_value("伊佐市大口里")
    expect(label(page, "番地")).to_be_focused()
    assert page.evaluate("window.sameDocument") is True  # no reload
    assert_no_violations(page, axe, "add form after 住所検索")
    shoot("address-found")

    fill_the_rest(page)
    save(page)
    assert_registered(page, clerk, axe, shoot)


@pytest.mark.parametrize("java_script_enabled", [False])
def test_a_walk_in_with_the_address_found_without_the_script(page, clerk, axe, shoot):
    open_the_add_form(page, clerk)
    label(page, "郵便番号").fill("895-2511")
    label(page, "姓").fill("伊佐")
    with page.expect_navigation():
        page.get_by_role("button", name="住所検索").click()
    # The form comes back filled in, unsaved, what was typed kept, the focus where to go on.
    expect(page.locator("#address-lookup-status")).to_have_text(FILLED)
    expect(label(page, "都道府県")).to_have_value("鹿児島県")
    expect(label(page, "市区町村")).to_have_value("伊佐市大口里")
    expect(label(page, "姓")).to_have_value("伊佐")
    expect(label(page, "番地")).to_be_focused()
    assert not Application.objects.exists()
    # No axe here: axe is a script, which this context does not run; the pages are the ones
    # the test above scans.
    shoot("address-found")

    fill_the_rest(page)
    save(page)
    assert_registered(page, clerk, axe, shoot, scan_it=False)

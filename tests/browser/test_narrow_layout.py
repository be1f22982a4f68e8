"""What the QA walk of #14 found at 360 × 800 (Android), measured in Chromium.

Each test states what a phone user sees: buttons padded and centred, 年 月 日 on one line, tabs
with room inside, the 未入力 notice spaced from what follows, a question's heading beside its
error bar, long options hanging under their text, and the flyer's headline whole.
"""

import pytest
from playwright.sync_api import expect

from tests.wizard_helpers import complete_steps, post_step, step_url

from .conftest import assert_fits_the_width, box

pytestmark = pytest.mark.parametrize("device", ["android"])


def style(locator, name: str) -> str:
    return locator.evaluate(f"(element) => getComputedStyle(element)['{name}']")


@pytest.mark.parametrize("url", ["/", "/office/jobseekers/", "/mypage/"])
def test_a_button_alone_in_a_paragraph_is_padded_and_centred(page, signed_in, url):
    page.goto(url)
    button = page.locator("main a.button--primary").first
    assert style(button, "paddingLeft") == "16px"
    assert style(button, "justifyContent") == "center"
    assert style(button, "display") == "inline-flex"
    if url == "/mypage/":
        heading = page.get_by_role("heading", name="アカウント")
        assert box(heading)["y"] - (box(button)["y"] + box(button)["height"]) >= 16


def test_year_month_and_day_stay_on_one_line_with_the_error_shown(page, signed_in, shoot):
    post_step(signed_in, "basic", {"birth_date_year": "１９８５", "birth_date_month": "１２"})
    page.goto(step_url("basic"))
    expect(page.locator("#birth_date_error")).to_be_visible()
    parts = page.locator(".date-parts span")
    tops = {round(box(parts.nth(index))["y"]) for index in range(parts.count())}
    assert len(tops) == 1, "年 月 日 wrap"
    for box_id in ("#birth_date_0", "#birth_date_1"):  # what was typed is shown whole
        assert page.locator(box_id).evaluate("(box) => box.scrollWidth <= box.clientWidth")
    shoot("birth-date-error")


def test_the_tabs_have_room_inside_and_keep_their_words_whole(page, signed_in, shoot):
    """Eight tabs (the seven steps and 確認) with padding do not fit 360 px: they wrap, two rows
    of four, each title whole."""
    complete_steps(signed_in, up_to="career")
    page.goto(step_url("pr"))
    tabs = page.locator(".tabs li>*")
    assert tabs.count() == 8
    assert len({round(box(tabs.nth(index))["y"]) for index in range(8)}) <= 2
    for index in range(8):
        tab = tabs.nth(index)
        assert float(style(tab, "paddingLeft").removesuffix("px")) >= 4
        # Its number and its title on one line each (a title broken in two is taller).
        assert box(tab)["height"] <= 48.5, f"{tab.inner_text()!r} wraps"
        assert tab.evaluate("(element) => element.scrollWidth <= element.clientWidth")
    shoot("tabs")


def test_the_empty_notice_is_spaced_like_the_error_summary(page, signed_in):
    complete_steps(signed_in, up_to="preferences")
    post_step(signed_in, "location", {})
    page.goto(step_url("location"))
    notice = page.locator("#empty-notice")
    expect(notice).to_be_visible()
    assert style(notice, "marginBottom") == "24px"


def test_a_questions_heading_is_beside_its_error_bar(page, signed_in, shoot):
    complete_steps(signed_in, up_to="education")
    post_step(signed_in, "career", {"job1_job_description": "介護"})
    page.goto(step_url("career"))
    question = page.locator("fieldset.field:has(#job1_status_error)")
    legend = question.locator("legend")
    assert box(legend)["y"] >= box(question)["y"]
    assert box(legend)["x"] > box(question)["x"] + 4  # after the red bar, not above it
    shoot("career-error")


def test_a_long_option_wraps_under_its_text_not_under_its_box(page):
    page.goto("/account/signup/")
    label = page.locator("label.field__check")
    control = label.locator("input")
    text = label.locator("span").first
    assert box(text)["height"] > 40, "the agreement is expected to take two lines at 360 px"
    assert box(text)["x"] >= box(control)["x"] + box(control)["width"]


def test_the_flyer_keeps_its_headline_and_badges_whole_and_offers_japanese(page):
    page.goto("/flyer/")
    headline = page.locator(".flyer h1")
    lines = headline.evaluate(
        "(element) => Math.round(element.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(element).lineHeight))"
    )
    assert lines == 1, f"the headline takes {lines} lines"
    badges = page.locator(".flyer__recommend span")
    assert len({round(box(badges.nth(index))["y"]) for index in range(badges.count())}) == 1
    assert_fits_the_width(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="日本語")).to_be_visible()

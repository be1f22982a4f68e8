"""Issue #17 item 5: the rough edges found on a 360 px phone, each measured in Chromium."""

import pytest
from playwright.sync_api import expect

from tests.wizard_helpers import complete_steps, post_step, step_url

from .conftest import box

pytestmark = pytest.mark.parametrize("device", ["android"])


def test_the_notice_keeps_its_distance_from_the_next_label(page, signed_in):
    complete_steps(signed_in, up_to="preferences")
    post_step(signed_in, "location", {})
    page.goto(step_url("location"))
    notice = page.locator("#empty-notice")
    label = page.locator("#empty-notice ~ .field label, #empty-notice ~ .field legend").first
    gap = box(label)["y"] - (box(notice)["y"] + box(notice)["height"])
    assert gap >= 16, f"{gap} px between the notice and the next label"


@pytest.mark.parametrize("step", ["basic", "pr"])
def test_the_tabs_and_their_legend_fit_the_screen(page, signed_in, shoot, step):
    complete_steps(signed_in, up_to="career")
    page.goto(step_url(step))
    width = page.viewport_size["width"]
    tabs = page.locator(".tabs li>*")
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        assert box(tab)["x"] >= 16 and box(tab)["x"] + box(tab)["width"] <= width - 16
        assert tab.evaluate("(element) => element.scrollWidth <= element.clientWidth")
    legend = page.locator(".tabs p")
    line = float(legend.evaluate("(p) => getComputedStyle(p).lineHeight").removesuffix("px"))
    assert box(legend)["height"] < 1.5 * line, "the legend wraps"
    shoot(f"tabs-{step}")


def test_the_policy_boxes_show_that_they_scroll(page, shoot):
    page.goto("/account/signup/")
    scroll_box = page.get_by_role("region", name="プライバシーポリシー")
    cue = scroll_box.locator(".scroll-cue")
    assert scroll_box.evaluate("(box) => box.scrollHeight > box.clientHeight")
    expect(cue).to_have_text("▼ 続きは枠の中をスクロール")
    outer, inner = box(scroll_box), box(cue)
    assert outer["y"] < inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
    shoot("policy-top")

    # At the end, nothing is left to scroll to: the cue is covered.
    scroll_box.evaluate("(box) => box.scrollTop = box.scrollHeight")
    covered = cue.evaluate(
        """(cue) => {
            const { x, y, width, height } = cue.getBoundingClientRect();
            return document.elementFromPoint(x + width / 2, y + height / 2) !== cue;
        }"""
    )
    assert covered
    shoot("policy-end")

"""Step 1 基本情報 done with the keyboard alone (issue #5 item 6, WCAG 2.1.1 and 2.4.7).

No click, no fill(): Tab and Shift+Tab to move, typing into text boxes, arrow keys for radio
buttons and selects, Space and Enter for buttons and links. After every move the focused
element must show a focus indicator (an outline or a box shadow) on the screen.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.parametrize("device", ["iphone"])

MAX_TABS = 60
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    name: el.name || "", id: el.id || "", tag: el.tagName, text: el.innerText || "",
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
  };
}"""


class Keyboard:
    """The test's hands: keys only, checking the focus indicator after every key."""

    def __init__(self, page):
        self.page = page
        self.visited: list[str] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUS_JS)

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        return self.check_focus(key)

    def submit(self, key: str = "Enter") -> dict | None:
        """Presses `key` on a control that sends the form, and waits for the answer."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        return self.check_focus(f"{key}, on the new page")

    def check_focus(self, after: str) -> dict | None:
        focus = self.focused()
        if focus is not None:
            label = focus["name"] or focus["id"] or focus["text"][:20] or focus["tag"]
            self.visited.append(label)
            assert focus["outline"] or focus["shadow"], f"no visible focus on {label} ({after})"
            assert focus["onScreen"], f"{label} has the focus but is off the screen ({after})"
        return focus

    def tab_to(self, name: str, *, backwards: bool = False) -> None:
        """Presses Tab (or Shift+Tab) until the control `name` (or id) has the focus."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            focus = self.press(key)
            if focus and name in (focus["name"], focus["id"]):
                return
        raise AssertionError(f"{name} is not reachable with {key}: went through {self.visited}")

    def tab_to_text(self, text: str) -> None:
        for _ in range(MAX_TABS):
            focus = self.press("Tab")
            if focus and focus["text"].strip() == text:
                return
        raise AssertionError(f"「{text}」 is not reachable with Tab: went through {self.visited}")

    def type(self, name: str, text: str) -> None:
        self.tab_to(name)
        self.page.keyboard.type(text)


@pytest.fixture
def signed_in_page(page, signed_in):
    return page


def test_step_one_is_completed_with_the_keyboard_alone(signed_in_page, shoot):
    """Tab, arrows, Space and Enter fill 基本情報 (住所検索 included); errors are reached and
    fixed from the error summary; the focus is visible all along; step 2 opens."""
    page = signed_in_page
    page.goto("/mypage/apply/basic/")
    keys = Keyboard(page)

    keys.type("basic-family_name", "大口")
    keys.type("basic-given_name", "太郎")
    keys.type("basic-family_name_kana", "おおくち")
    keys.type("basic-given_name_kana", "たろう")
    keys.type("basic-birth_date_year", "1990")
    keys.type("basic-birth_date_month", "5")
    keys.type("basic-birth_date_day", "1")
    # A radio group is one Tab stop: the arrows move through its options and choose.
    keys.tab_to("basic-gender")
    keys.press("ArrowDown")
    keys.press("ArrowUp")
    expect(page.get_by_role("radio", name="男性")).to_be_checked()
    # Shift+Tab goes back to the day without losing it.
    keys.tab_to("basic-birth_date_day", backwards=True)
    expect(page.locator('[name="basic-birth_date_day"]')).to_have_value("1")

    keys.type("basic-postal_code", "8952511")
    keys.tab_to_text("住所検索")
    keys.press("Space")
    expect(page.locator('[name="basic-prefecture"]')).to_have_value("鹿児島県")
    expect(page.locator('[name="basic-city"]')).to_have_value("伊佐市大口里")
    keys.check_focus("住所検索")
    keys.type("basic-phone_mobile", "09012345678")
    shoot("before-next")

    # 番地 is still empty: Enter in a text box presses 次へ進む and the page answers with errors.
    keys.submit()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    keys.check_focus("the error summary")
    shoot("errors")
    keys.press("Tab")
    link = summary.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_be_focused()
    keys.press("Enter")
    street = page.locator('[name="basic-street"]')
    expect(street).to_be_focused()
    keys.check_focus("the summary's link")
    page.keyboard.type("768-1")

    # What was typed before the error is all there; 都道府県 is a box typed into like the others.
    keys.tab_to("basic-prefecture", backwards=True)
    expect(page.locator('[name="basic-prefecture"]')).to_have_value("鹿児島県")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("鹿児島")

    keys.tab_to_text("次へ進む")
    keys.submit()
    expect(page.get_by_role("heading", level=1)).to_have_text("2 求職情報提供等登録")
    keys.press("Tab")
    shoot("step-2")

"""Property: whatever a logged-in job seeker does in the 求職申込み wizard, nothing typed is lost.

A small browser stands in for the phone. It reads the wizard form of the page it shows as a
browser would (every box, the checked radio buttons and check boxes, the selected options, the
hidden 未入力 acknowledgement), changes the boxes the person types into, presses one of the
page's buttons and follows the redirect that answers every POST. Hypothesis drives it through
random sequences of the flyer's traps: 次へ進む with valid and invalid input (full-width digits,
empty boxes, garbage), several presses in a row, 戻る, tabs (reachable or not), reload, the
browser's back button, a lost session, 住所検索, opening any step's URL, and 登録内容の確認 with its
tabs and its button.

After every action: no response was a 500, and for every box ever typed into, the value typed
last (up to twice the box's limit, where a draft cuts it; or what 住所検索 put into 都道府県 and
市区町村 after it) is what the server would show in that box: in the account's stored draft for
every step, and in the HTML of the page now shown; until 「この内容で申し込む」 or 「この内容で
変更する」 on 登録内容の確認 registers it, after which the 変更 pages show what was registered.
"""

import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.models import User
from jobseeker.draft_limits import step_limits
from jobseeker.models import ApplicationDraft
from jobseeker.postal import lookup_address
from tests.wizard_helpers import CONFIRM_URL, FLYER_ANSWERS, STEP_NAMES, post_step, step_url

pytestmark = pytest.mark.django_db

MANAGEMENT_STEP = "application_wizard-current_step"


# -- the browser ------------------------------------------------------------------------------


@dataclass
class Control:
    """One named control of the form: what it is, what it offers, what it would submit."""

    kind: str  # "text" (any box typed into), "radio", "checkbox", "select" or "hidden"
    input_type: str = ""
    options: list[str] = field(default_factory=list)
    submits: list[str] = field(default_factory=list)


class WizardPage(HTMLParser):
    """The wizard <form> of a page, read as a browser reads it; empty on any other page."""

    def __init__(self, html: str):
        super().__init__()
        self.controls: dict[str, Control] = {}
        self.buttons: list[tuple[str, str]] = []
        self._in_form = False
        self._select: Control | None = None
        self._option_text: list[str] | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self.feed(html)
        self.close()

    @property
    def step(self) -> str | None:
        control = self.controls.get(MANAGEMENT_STEP)
        return control.submits[0] if control else None

    def shown(self, name: str):
        """What the person sees in a control, in the form the model keeps typed values."""
        control = self.controls[name]
        return shown_value(control.kind, control.submits)

    def form_data(self, edits: dict[str, list[str]], button: tuple[str, str] | None) -> dict:
        data = {name: list(control.submits) for name, control in self.controls.items()}
        data.update(edits)
        # Unchecked radio buttons and check boxes are not sent at all.
        data = {name: values for name, values in data.items() if values}
        if button:
            data[button[0]] = [button[1]]
        return data

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "wizard" in (attrs.get("class") or "").split():
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "button" and name:
            self.buttons.append((name, attrs.get("value") or ""))
        elif tag == "input" and name:
            self._input(name, (attrs.get("type") or "text").lower(), attrs)
        elif tag == "select" and name:
            self._select = self.controls[name] = Control("select")
        elif tag == "option" and self._select is not None:
            self._end_option()  # the end tag of an option may be left out
            # An option without value="…" submits its text, read in handle_data.
            self._option_text = None if "value" in attrs else []
            self._select.options.append(attrs.get("value") or "")
            if "selected" in attrs:
                self._select.submits = [len(self._select.options) - 1]
        elif tag == "textarea" and name:
            self.controls[name] = Control("text", "textarea")
            self._textarea = (name, [])

    def _input(self, name, input_type, attrs):
        value = attrs.get("value") or ""
        if input_type in ("submit", "button", "reset", "image"):
            return
        if input_type in ("radio", "checkbox"):
            control = self.controls.setdefault(name, Control(input_type, input_type))
            control.options.append(value)
            if "checked" in attrs:
                control.submits.append(value)
        else:
            kind = "hidden" if input_type == "hidden" else "text"
            self.controls[name] = Control(kind, input_type, submits=[value])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "option":
            self._end_option()
        elif tag == "select" and self._select is not None:
            self._end_option()
            chosen = self._select.submits[0] if self._select.submits else 0  # or the first
            self._select.submits = self._select.options[chosen : chosen + 1]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self.controls[name].submits = [text.removeprefix("\n")]
            self._textarea = None

    def _end_option(self):
        if self._select is not None and self._option_text is not None:
            self._select.options[-1] = " ".join("".join(self._option_text).split())
        self._option_text = None

    def handle_data(self, data):
        if self._option_text is not None:
            self._option_text.append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)


def kept(step: str, name: str, values: list[str]) -> list[str]:
    """What the draft keeps of typed values: each up to twice its field's limit, where only a
    forged client or a huge paste gets to (jobseeker/draft_limits.py)."""
    length = step_limits(step)[name].length
    return [value[:length] for value in values]


def shown_value(kind: str, values: list[str]):
    if kind == "checkbox":
        return tuple(sorted(values))
    return values[-1] if values else ""


class Browser:
    """One browser tab: the page it shows, its history, and the server's every answer."""

    def __init__(self, client):
        self.client = client
        self.history: list[str] = []
        self.page = WizardPage("")

    @property
    def url(self) -> str:
        return self.history[-1]

    def open(self, url: str, *, new_entry=True):
        response = self.client.get(url, follow=True)
        self._arrive(url, response, new_entry=new_entry)

    def submit(self, edits: dict[str, list[str]], button=None) -> dict:
        data = self.page.form_data(edits, button)
        response = self.client.post(self.url, data, follow=True)
        self._arrive(self.url, response, new_entry=True)
        return data

    def _arrive(self, url, response, *, new_entry):
        statuses = [status for _, status in response.redirect_chain] + [response.status_code]
        assert all(status < 500 for status in statuses), (url, response.redirect_chain)
        assert response.status_code == 200, (url, response.status_code)
        if response.redirect_chain:
            url = response.redirect_chain[-1][0]
        url = urlsplit(url).path  # a redirect may add #street
        if new_entry:
            self.history.append(url)
        else:
            self.history[-1] = url
        self.page = WizardPage(response.content.decode())


# -- what a person types ----------------------------------------------------------------------

VALID = {
    (step, f"{step}-{name}"): [value] if isinstance(value, str) else value
    for step, answers in FLYER_ANSWERS.items()
    for name, value in answers.items()
}
MORE_VALID_TEXT = {
    "basic-building": ["グランハイツ１０１", "ｸﾞﾗﾝ 101"],
    "basic-phone_fixed": ["0995-22-8609", "（０９９５）２２－８６０９"],
    "location-desired_city": ["伊佐市"],
    "location-wage_amount": ["200000", "２００，０００円", "1000"],
    "education-school_name": ["大口高等学校"],
    "education-qualification_1_name": ["普通自動車第一種運転免許"],
    "education-qualification_1_year": ["2010", "２０１０"],
    "pr-self_pr": ["よろしくお願いします。"],
}
NASTY_TEXT = [
    " ",
    "　",
    "0",
    "-1",
    "1e3",
    "２０２４",
    "〒８９５－２５１１",
    "090ー1234ー5678",
    "<b>太郎</b>",
    "\"&amp;'",
    "ﾀﾛｳ",
    "𠮷野",
    "\u3000大口\u3000",
    "あ" * 120,
    "9" * 30,
]
full_width_digits = st.text(alphabet="０１２３４５６７８９", min_size=1, max_size=12)
# No control characters: a browser never puts a line break into a one-line box.
garbage = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)
huge_numbers = st.integers(10**9, 10**30).map(str)


def text_values(name: str, *, valid=True) -> st.SearchStrategy[str]:
    choices = [st.just(""), full_width_digits, garbage, huge_numbers, st.sampled_from(NASTY_TEXT)]
    step = name.split("-")[0]
    valid_values = [v[0] for v in [VALID.get((step, name))] if v] + MORE_VALID_TEXT.get(name, [])
    if valid and valid_values:
        choices.append(st.sampled_from(valid_values))
    return st.one_of(choices)


def typed_values(name: str, control: Control, *, valid=True) -> st.SearchStrategy[list[str]]:
    """What a browser can send for a control: any text, but only the options of a choice."""
    if control.kind in ("radio", "select"):
        return st.sampled_from(control.options).map(lambda option: [option])
    if control.kind == "checkbox":
        return st.sets(st.sampled_from(control.options)).map(
            lambda chosen: [option for option in control.options if option in chosen]
        )
    return text_values(name, valid=valid).map(lambda text: [text])


postal_codes = st.one_of(
    st.sampled_from(
        ["895-2511", "８９５－２５１１", "〒8952511", "4980000", "100-0001", "0000000", "", "abc"]
    ),
    st.integers(0, 9_999_999).map(lambda n: f"{n:07d}"),
)


# -- the machine ------------------------------------------------------------------------------

accounts = itertools.count()


def on_a_step_page(machine) -> bool:
    return machine.browser.page.step is not None


def send_button(machine) -> tuple[str, str] | None:
    """登録内容の確認's button (この内容で申し込む or この内容で変更する), on that page."""
    return next((b for b in machine.browser.page.buttons if b[0] == "send"), None)


class WizardSession(RuleBasedStateMachine):
    """One example: a fresh account in one browser tab, and what it typed where."""

    def __init__(self):
        super().__init__()
        self.user = User.objects.create_user(email=f"seeker{next(accounts)}@example.jp")
        self.client = Client()
        self.client.force_login(self.user)
        self.browser = Browser(self.client)
        # (step, control name) → (kind, the value typed last, as shown_value() gives it)
        self.typed: dict[tuple[str, str], tuple[str, object]] = {}
        self.browser.open("/mypage/apply/")

    @initialize(steps=st.integers(0, len(STEP_NAMES)))
    def start_with_steps_done(self, steps):
        """Most examples start further on: the first `steps` steps done (all seven: submitted)."""
        for _ in range(2 * steps):  # a step with the 未入力 notice takes two presses
            page_step = self.browser.page.step
            if page_step is None or STEP_NAMES.index(page_step) >= steps:
                break
            self.press_the_flyers_answers()
        if steps == len(STEP_NAMES) and send_button(self):
            self.press({}, send_button(self))  # 登録内容の確認: この内容で申し込む

    # -- typing and pressing the page's buttons ------------------------------------------------

    def draw_edits(self, data, *, max_edits=3, valid=True) -> dict[str, list[str]]:
        page = self.browser.page
        names = sorted(name for name, c in page.controls.items() if c.kind != "hidden")
        chosen = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=max_edits))
        return {
            name: data.draw(typed_values(name, page.controls[name], valid=valid), label=name)
            for name in chosen
        }

    def press(self, edits, button=None) -> dict:
        """Types `edits` into the page shown, presses `button` (None: 次へ進む, on step 7
        確認画面へ進む)."""
        page = self.browser.page
        step = page.step
        for name, values in edits.items():
            kind = page.controls[name].kind
            self.typed[(step, name)] = (kind, shown_value(kind, kept(step, name, values)))
        sent = self.browser.submit(edits, button)
        if self.browser.url == "/mypage/" and button and button[0] == "send":
            # 登録内容の確認's button registered every step: the 変更 pages now show what was
            # registered (カタカナ where ひらがな was typed), and nothing typed is left unsaved.
            self.typed.clear()
        return sent

    @precondition(on_a_step_page)
    @rule(data=st.data())
    def type_and_press_next(self, data):
        self.press(self.draw_edits(data))

    @precondition(on_a_step_page)
    @rule(data=st.data(), presses=st.integers(2, 4))
    def press_next_with_invalid_input_again_and_again(self, data, presses):
        edits = self.draw_edits(data, valid=False)
        for _ in range(presses):
            if not on_a_step_page(self):
                break
            self.press(edits)
            edits = {}

    def press_the_flyers_answers(self):
        step = self.browser.page.step
        self.press({name: values for (s, name), values in VALID.items() if s == step})

    @precondition(on_a_step_page)
    @rule(presses=st.integers(1, 4))
    def fill_in_the_flyers_answers(self, presses):
        for _ in range(presses):
            if not on_a_step_page(self):
                break
            self.press_the_flyers_answers()

    @precondition(lambda self: on_a_step_page(self) and self.browser.page.step != STEP_NAMES[0])
    @rule(data=st.data())
    def press_back(self, data):
        previous = STEP_NAMES[STEP_NAMES.index(self.browser.page.step) - 1]
        self.press(self.draw_edits(data), ("wizard_goto_step", previous))

    @precondition(on_a_step_page)
    @rule(data=st.data(), tab=st.sampled_from(STEP_NAMES))
    def click_a_tab(self, data, tab):
        # Unreachable tabs have no button: pressing one anyway is a hand-made request.
        self.press(self.draw_edits(data), ("wizard_goto_step", tab))

    @precondition(send_button)
    @rule()
    def press_send_on_the_confirm_page(self):
        self.press({}, send_button(self))

    @precondition(lambda self: self.browser.url == CONFIRM_URL)
    @rule(tab=st.sampled_from(STEP_NAMES))
    def click_a_tab_on_the_confirm_page(self, tab):
        self.press({}, ("wizard_goto_step", tab))

    @precondition(lambda self: ("save_changes", "1") in self.browser.page.buttons)
    @rule(data=st.data())
    def press_save_changes(self, data):
        self.press(self.draw_edits(data), ("save_changes", "1"))

    @precondition(on_a_step_page)
    @rule(data=st.data(), postal_code=st.one_of(st.none(), postal_codes))
    def press_address_lookup(self, data, postal_code):
        if self.browser.page.step != "basic":  # its tab first: 住所検索 is on 基本情報
            self.press({}, ("wizard_goto_step", "basic"))
            if self.browser.page.step != "basic":
                return
        edits = self.draw_edits(data, max_edits=2)
        if postal_code is not None:
            edits["basic-postal_code"] = [postal_code]
        sent = self.press(edits, ("address_lookup", "1"))
        address = lookup_address(sent.get("basic-postal_code", [""])[-1])
        # 住所検索 overwrites 都道府県 and 市区町村 with what it found, by design.
        if address and address.prefecture:
            self.typed[("basic", "basic-prefecture")] = ("text", address.prefecture)
        if address and address.city:
            self.typed[("basic", "basic-city")] = ("text", address.city + address.town)

    # -- the browser and the session --------------------------------------------------------

    @rule()
    def reload(self):
        self.browser.open(self.browser.url, new_entry=False)

    @precondition(lambda self: len(self.browser.history) > 1)
    @rule()
    def browser_back(self):
        self.browser.history.pop()
        self.browser.open(self.browser.url, new_entry=False)

    @rule(
        url=st.sampled_from(
            [step_url(step) for step in STEP_NAMES]
            + ["/mypage/apply/", CONFIRM_URL, "/mypage/apply/nosuchstep/", "/mypage/"]
        )
    )
    def open_a_url(self, url):
        self.browser.open(url)

    @rule(how=st.sampled_from(["logout", "session expired"]))
    def lose_the_session_and_log_in_again(self, how):
        if how == "logout":
            self.client.logout()
        else:
            key = self.client.cookies[django_settings.SESSION_COOKIE_NAME].value
            Session.objects.filter(session_key=key).delete()
        self.client.force_login(self.user)

    # -- what must hold after every action ----------------------------------------------------

    @invariant()
    def every_typed_value_is_in_the_draft(self):
        draft = ApplicationDraft.objects.filter(user=self.user).first()
        step_data = (draft.data if draft else {}).get("step_data") or {}
        for (step, name), (kind, value) in self.typed.items():
            data = MultiValueDict(step_data.get(step) or {})
            stored = shown_value(kind, data.getlist(name))
            assert stored == value, f"{name}: stored {stored!r}, typed {value!r}"

    @invariant()
    def every_typed_value_is_on_the_page_shown(self):
        page = self.browser.page
        for (step, name), (_, value) in self.typed.items():
            if step == page.step:
                assert name in page.controls, name
                assert page.shown(name) == value, f"{name}: shown {page.shown(name)!r}"


def test_nothing_typed_is_ever_lost():
    run_state_machine_as_test(
        WizardSession,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


# -- found by the property above ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("birth_date_day", "99999999999"),  # more than a C int: date() raised OverflowError
        ("birth_date_month", "1" * 5000),  # past int()'s 4300-digit limit: ValueError
    ],
)
def test_an_overlong_birth_date_part_is_kept_with_a_message_not_a_500(client, alice, part, value):
    client.force_login(alice)
    response = post_step(client, "basic", {**FLYER_ANSWERS["basic"], part: value})
    assert response.status_code == 302
    assert response.url == step_url("basic")
    form = client.get(step_url("basic")).context["form"]
    assert form.data[f"basic-{part}"] == value[: step_limits("basic")[f"basic-{part}"].length]
    assert "birth_date" in form.errors

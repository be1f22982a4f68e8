"""One applicant's whole registration over HTTP: signup → 認証キー → password → seven steps.

Used by the scale-out script (steps alternating between two servers, a logout and a login on
the other server half-way) and by the benchmark's registrations per second.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .answers import PASSWORD, STEP_NAMES, posted
from .client import Browser, Response, empty_ack
from .mailbox import latest_auth_key, latest_login_code

_NUMBER = re.compile(r"\b(\d{5}-\d{8})\b")
ANSWERS_VERSION = re.compile(r'name="answers_version" value="([^"]*)"')
CONFIRM_URL = "/mypage/apply/confirm/"


@dataclass
class Outcome:
    email: str
    number: str = ""
    # What this applicant's browser posted per step, as the draft must hold it.
    sent: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    error: str = ""


def step_url(step: str) -> str:
    return f"/mypage/apply/{step}/"


def sign_up(browser: Browser, email: str, mailbox: Path, signup_port: int, key_port: int):
    """Mail address on one server, the mailed key and the password on the other."""
    page = browser.expect(browser.get(signup_port, "/account/signup/"), 200)
    browser.expect(
        browser.post(
            signup_port,
            "/account/signup/",
            {"email": email, "email_confirm": email, "agree": "on"},
            csrf_from=page,
        ),
        302,
        "/account/signup/password/",
    )
    key = latest_auth_key(mailbox, email)
    page = browser.expect(browser.get(key_port, "/account/signup/password/"), 200)
    browser.expect(
        browser.post(
            key_port,
            "/account/signup/password/",
            # Pasted as the flyer warns people do: with 【】 around it.
            {"password1": PASSWORD, "password2": PASSWORD, "auth_key": f"【{key}】"},
            csrf_from=page,
        ),
        302,
        "/account/signup/done/",
    )


def fill_step(browser: Browser, port: int, step: str, answers: dict, expected_next: str):
    """Opens the step, posts the answers; where the 未入力 notice comes, presses once more."""
    page = browser.expect(browser.get(port, step_url(step)), 200)
    data = {**posted(step, answers), "application_wizard-current_step": step}
    response = browser.post(port, step_url(step), data, csrf_from=page)
    if response.status == 302 and response.location == step_url(step):
        # The notice names the empty items; the page's hidden field says it was seen.
        page = browser.expect(browser.get(port, step_url(step)), 200)
        data.update({name: [value] for name, value in empty_ack(page).items()})
        response = browser.post(port, step_url(step), data, csrf_from=page)
    browser.expect(response, 302, expected_next)
    return {key: value for key, value in data.items() if key.startswith(f"{step}-")}


def send_from_confirm(browser: Browser, port: int) -> None:
    """登録内容の確認 (#17 item 1): 「この内容で申し込む」, which issues the 求職番号."""
    page = browser.expect(browser.get(port, CONFIRM_URL), 200)
    version = ANSWERS_VERSION.search(page.text).group(1)
    data = {"send": "apply", "answers_version": version}
    browser.expect(browser.post(port, CONFIRM_URL, data, csrf_from=page), 302, "/mypage/")


def log_in_again(
    browser: Browser, logout_port: int, login_port: int, email: str, mailbox: Path
) -> None:
    """Logs out on one server and in on the other, with the mailed code: the draft must be
    waiting there."""
    page = browser.expect(browser.get(logout_port, "/mypage/"), 200)
    browser.expect(browser.post(logout_port, "/account/logout/", {}, csrf_from=page), 302)
    page = browser.expect(browser.get(login_port, "/account/login/"), 200)
    browser.expect(
        browser.post(
            login_port,
            "/account/login/",
            {"username": email, "password": PASSWORD},
            csrf_from=page,
        ),
        302,
        "/account/login/code/",
    )
    page = browser.expect(browser.get(logout_port, "/account/login/code/"), 200)
    code = latest_login_code(mailbox, email)
    browser.expect(
        browser.post(logout_port, "/account/login/code/", {"login_code": code}, csrf_from=page), 302
    )


def register(
    browser: Browser,
    email: str,
    answers: dict[str, dict],
    mailbox: Path,
    ports: list[int],
    *,
    stop_after: str | None = None,
    relogin_after: str | None = "preferences",
) -> Outcome:
    """Registers `email` with `answers`; request n goes to ports[n % len(ports)].

    With `stop_after`, leaves after that step (an unfinished draft), else completes and reads
    the 求職番号 from the マイページ.
    """
    outcome = Outcome(email=email)
    turn = iter(range(1_000_000))

    def port() -> int:
        return ports[next(turn) % len(ports)]

    sign_up(browser, email, mailbox, port(), port())
    for index, step in enumerate(STEP_NAMES):
        last = index == len(STEP_NAMES) - 1
        expected_next = CONFIRM_URL if last else step_url(STEP_NAMES[index + 1])
        outcome.sent[step] = fill_step(browser, port(), step, answers[step], expected_next)
        if step == stop_after:
            return outcome
        if step == relogin_after:
            log_in_again(browser, port(), port(), email, mailbox)
            # The wizard's start leads back to the first step not yet complete.
            response = browser.get(port(), "/mypage/apply/")
            browser.expect(response, 302, step_url(STEP_NAMES[index + 1]))
    send_from_confirm(browser, port())
    page: Response = browser.expect(browser.get(port(), "/mypage/"), 200)
    match = _NUMBER.search(page.text)
    outcome.number = match.group(1) if match else ""
    return outcome

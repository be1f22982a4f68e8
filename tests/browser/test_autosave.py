"""The flyer's Q5 (スマホの「元に戻る」ボタンを押すと登録内容が消える), typed but not yet sent.

What was typed on a step and never sent with a button survives the phone's back button and a
reload: form.js beacons the form to the step's autosave when the page is hidden, and keeps a
copy in the tab for a reload whose GET reaches the server before the beacon.
"""

import time

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from accounts.models import User
from jobseeker.models import ApplicationDraft
from tests.conftest import PASSWORD
from tests.wizard_helpers import FLYER_ANSWERS, post_step, step_url

from .conftest import enter_login_code, field, press

pytestmark = pytest.mark.parametrize("device", ["iphone"])

STEP3, STEP4 = "3 希望職種・時間等登録", "4 希望勤務地・賃金登録"


def with_steps_1_to_3(user) -> Client:
    """A client logged in as `user` that has saved steps 1–3 (pressing twice at the notice)."""
    client = Client()
    client.force_login(user)
    for step in ["basic", "disclosure", "preferences"]:
        response = post_step(client, step)
        if response.url == step_url(step):  # the 未入力 notice: pressed a second time
            signature = client.get(step_url(step)).context["form"].empty_signature
            post_step(client, step, {**FLYER_ANSWERS[step], "empty_ack": signature})
    return client


@pytest.fixture
def on_step3(page, context, live_server):
    """taro, signed in in the browser, with steps 1–3 saved; the browser on step 3."""
    client = with_steps_1_to_3(User.objects.create_user(email="taro@example.jp", password=PASSWORD))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.goto(step_url("preferences"))
    expect(page.get_by_role("heading", level=1)).to_have_text(STEP3)
    return page


def heading(page):
    return page.get_by_role("heading", level=1)


def type_on_step4(page, city: str):
    field(page, "希望勤務地（市区町村）").fill(city)
    page.get_by_role("radio", name="月額").check()


def assert_step4_shows(page, city: str):
    expect(heading(page)).to_have_text(STEP4)
    expect(field(page, "希望勤務地（市区町村）")).to_have_value(city)
    expect(page.get_by_role("radio", name="月額")).to_be_checked()
    # Typed, never sent with 次へ進む: no red errors.
    expect(page.locator("#error-summary")).to_have_count(0)


def test_the_phones_back_button_keeps_what_was_typed_and_not_sent(on_step3, shoot):
    page = on_step3
    press(page, "次へ進む")
    expect(heading(page)).to_have_text(STEP4)
    type_on_step4(page, "伊佐市")
    shoot("typed-on-step4")
    page.go_back()
    expect(heading(page)).to_have_text(STEP3)
    press(page, "次へ進む")
    assert_step4_shows(page, "伊佐市")
    shoot("step4-again")


def test_a_reload_keeps_what_was_typed_and_not_sent(on_step3, shoot):
    page = on_step3
    press(page, "次へ進む")
    for city in ["伊佐市", "伊佐市大口", "霧島市"]:
        type_on_step4(page, city)
        page.reload()
        assert_step4_shows(page, city)
    shoot("reloaded")


def test_when_the_beacon_is_lost_the_tab_still_has_the_copy(on_step3, context):
    """A reload that outruns the beacon finds the page as the server had it: the copy in the
    tab is put back. (Here no beacon ever arrives: the browser loses them all.)"""
    page = on_step3
    context.add_init_script(
        "navigator.sendBeacon = () => (sessionStorage.lost = +(sessionStorage.lost || 0) + 1, true)"
    )
    press(page, "次へ進む")
    type_on_step4(page, "伊佐市")
    page.reload()
    assert page.evaluate("+sessionStorage.lost") >= 1, "no autosave was sent"
    assert_step4_shows(page, "伊佐市")
    assert taro_draft().get("location-desired_city") in (None, [""])
    # Sent with 次へ進む, what was typed is the server's.
    press(page, "次へ進む")
    assert taro_draft()["location-desired_city"] == ["伊佐市"]
    page.goto(step_url("location"))
    expect(field(page, "希望勤務地（市区町村）")).to_have_value("伊佐市")
    assert page.evaluate("sessionStorage.length") == 1  # only the count of lost beacons


def taro_draft() -> dict:
    draft = ApplicationDraft.objects.get(user__email="taro@example.jp")
    return draft.data["step_data"].get("location", {})


def wait_for_saved_city(read, city: str) -> None:
    deadline = time.monotonic() + 5
    while read().get("location-desired_city") != [city]:
        assert time.monotonic() < deadline, f"the autosave of {city} never arrived"
        time.sleep(0.05)


def test_the_copy_never_overrides_a_newer_save(on_step3):
    """Saved meanwhile from another device, the step shows the newer input, not the tab's copy."""
    page = on_step3
    press(page, "次へ進む")
    type_on_step4(page, "伊佐市")
    page.evaluate("dispatchEvent(new PageTransitionEvent('pagehide'))")  # as another app would
    wait_for_saved_city(taro_draft, "伊佐市")
    client = Client()
    client.force_login(User.objects.get(email="taro@example.jp"))
    post_step(client, "location", {"desired_city": "霧島市"}, wizard_goto_step="location")
    page.reload()
    expect(field(page, "希望勤務地（市区町村）")).to_have_value("霧島市")


def test_the_next_person_on_a_shared_phone_never_gets_the_copy(on_step3, context):
    """taro leaves step 4 typed but unsent (the beacon lost), logs out from the マイページ; hanako
    logs in in the same tab: her empty step 4 stays empty. (A login renews the CSRF cookie,
    which the tab's copy is kept under.)"""
    page = on_step3
    context.add_init_script("navigator.sendBeacon = () => true")
    press(page, "次へ進む")
    type_on_step4(page, "伊佐市")
    page.goto("/mypage/")
    page.get_by_role("button", name="ログアウト").first.click()
    page.wait_for_url("**/account/")

    with_steps_1_to_3(User.objects.create_user(email="hanako@example.jp", password=PASSWORD))
    page.goto("/account/login/")
    field(page, "メールアドレス").fill("hanako@example.jp")
    field(page, "パスワード").fill(PASSWORD)
    press(page, "ログイン")
    enter_login_code(page)
    page.goto(step_url("location"))
    expect(heading(page)).to_have_text(STEP4)
    expect(field(page, "希望勤務地（市区町村）")).to_have_value("")


def test_a_box_left_after_typing_is_saved_before_any_page_is_hidden(on_step3):
    """A phone's first back press closes the keyboard, which leaves the box: what was typed is
    saved then, so the page the second press shows (the マイページ, with its note of a
    correction not saved) already knows it."""
    page = on_step3
    press(page, "次へ進む")
    city = field(page, "希望勤務地（市区町村）")
    city.fill("伊佐市")
    city.blur()
    wait_for_saved_city(taro_draft, "伊佐市")
    expect(heading(page)).to_have_text(STEP4)  # still on the page: nothing was hidden

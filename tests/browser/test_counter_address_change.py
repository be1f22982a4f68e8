"""A lost mailbox fixed at the counter (issue #16 item 4): a clerk at a 1366×768 screen checks
the person's identity, starts 「メールアドレスの変更（本人確認済み）」 from the panel and reads what
to tell the person; the person, at the counter, opens the mail's link on their phone, enters the
key and lands on 「メールアドレスを変更しました」. Every page passes axe (WCAG 2.2 AA) and is
photographed into test-artifacts/screenshots/.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from jobseeker.models import Application
from tests.conftest import PASSWORD, sent_key
from tests.factories import make_application

from .conftest import DEVICES, OUTSIDE, SCREENSHOTS, TIMEOUT_MS, Camera, assert_no_violations
from .test_counter_loop import LIST, log_in

pytestmark = pytest.mark.parametrize("device", ["counter"])

NEW = "hanako.new@example.jp"
FULL_WIDTH = "ＨＡＮＡＫＯ．ＮＥＷ＠ｅｘａｍｐｌｅ．ｊｐ"
REASON = "本人確認書類：運転免許証。旧アドレスが使えなくなったため"


@pytest.fixture
def hanako(clerk) -> Application:
    """An applicant of the clerk's office whose mailbox hanako@example.jp no longer works."""
    user = User.objects.create_user(email="hanako@example.jp", password=PASSWORD)
    return make_application(
        clerk.office, 18, family_name="伊佐", given_name="花子", family_name_kana="イサ",
        given_name_kana="ハナコ", gender="female", user=user,
    )  # fmt: skip


@pytest.fixture
def phone(browser, live_server):
    """The person's own phone, beside the clerk's screen."""
    context = browser.new_context(
        **DEVICES["iphone"], base_url=live_server.url, locale="ja-JP", timezone_id="Asia/Tokyo"
    )
    context.set_default_timeout(TIMEOUT_MS)
    refused: list[str] = []
    context.route(OUTSIDE, lambda route: (refused.append(route.request.url), route.abort()))
    yield context.new_page()
    context.close()
    assert not refused, f"the pages asked for something other than the live server: {refused}"


def test_a_clerk_starts_the_change_and_the_person_confirms_it_on_their_phone(
    page, phone, clerk, hanako, axe, shoot
):
    log_in(page, clerk)
    page.goto(f"{LIST}{hanako.pk}/change/")
    panel = page.locator(".counter-panel")
    expect(panel).to_contain_text("hanako@example.jp")
    with page.expect_navigation():
        panel.get_by_role("link", name="メールアドレスの変更（本人確認済み）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "メールアドレスの変更（本人確認済み）"
    )
    assert_no_violations(page, axe, "address change form")
    shoot("address-change-form")

    # Sent without a reason: the reason is asked for, next to its box, and the rest stays.
    page.get_by_role("textbox", name=re.compile(r"^新しいメールアドレス:?$")).fill(FULL_WIDTH)
    page.get_by_role("textbox", name=re.compile(r"^新しいメールアドレス（確認用）:?$")).fill(NEW)
    with page.expect_navigation():
        page.get_by_role("button", name="認証キーを送信").click()
    expect(page.locator("#error-summary")).to_contain_text("変更する理由を入力してください")
    expect(page.get_by_role("textbox", name=re.compile(r"^新しいメールアドレス:?$"))).to_have_value(
        FULL_WIDTH
    )
    assert_no_violations(page, axe, "address change form with an error")
    shoot("address-change-errors")

    page.get_by_role("textbox", name=re.compile(r"^本人確認と変更の理由")).fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="認証キーを送信").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("申込者が認証キーを入力するのを待っています。")
    expect(status).to_contain_text(f"を {NEW} へ送信：送信済み")
    expect(page.get_by_role("list").filter(has_text="ログインは不要です")).to_be_visible()
    assert_no_violations(page, axe, "address change sent")
    shoot("address-change-sent")

    # The clerk's own login code came before; to the new address goes the key alone.
    [message] = [sent for sent in mail.outbox if NEW in sent.to]
    assert "認証キー" in message.body
    link = re.search(r"https?://\S+", message.body).group(0)
    phone_shot = Camera(phone, SCREENSHOTS / "iphone" / "counter_address_change")
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "メールアドレスの変更（窓口でのお手続き）"
    )
    expect(phone.get_by_label(re.compile("^新しいメールアドレス"))).to_have_value(NEW)
    assert_no_violations(phone, axe, "confirmation page")
    phone_shot("confirm")

    phone.get_by_label(re.compile("^認証キー")).fill(f"【{sent_key(message)}】")
    with phone.expect_navigation():
        phone.get_by_role("button", name="変更する").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("メールアドレスを変更しました")
    expect(phone.locator(".notice--success")).to_contain_text(NEW)
    assert_no_violations(phone, axe, "done page")
    phone_shot("done")

    hanako.user.refresh_from_db()
    assert hanako.user.email == NEW
    assert mail.outbox[-1].to == ["hanako@example.jp"]  # the notice to the old address

    page.reload()
    expect(page.get_by_role("status")).to_contain_text(
        f"ログイン用メールアドレスは {NEW} になりました"
    )

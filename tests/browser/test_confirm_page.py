"""登録内容の確認 on a 360 px phone (#17 items 1, 3 and 6): between step 7 and the number, with
a 変更 link that comes back to it, with and without JavaScript; axe in each of its modes; and
the online renewal from the マイページ.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from jobseeker import services
from jobseeker.models import Application
from tests import pages
from tests.conftest import PASSWORD
from tests.wizard_helpers import CONFIRM_URL, complete_steps, step_url

from .conftest import assert_no_violations, press

pytestmark = pytest.mark.parametrize("device", ["android"])

NUMBER = re.compile(r"74601-\d{8}")


@pytest.fixture(autouse=True)
def quick_password_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def take_over(client: Client, context, live_server) -> None:
    """The browser continues in the session the test client prepared."""
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


@pytest.mark.parametrize("java_script_enabled", [True, False])
def test_step_7_leads_through_the_confirm_page_and_a_change_to_the_number(
    page, context, live_server, java_script_enabled, shoot
):
    client = Client()
    client.force_login(User.objects.create_user(email="taro@example.jp", password=PASSWORD))
    complete_steps(client, up_to="career")
    take_over(client, context, live_server)

    page.goto(step_url("pr"))
    heading(page, "7 自己PR登録")
    press(page, "確認画面へ進む")

    heading(page, "登録内容の確認")
    basic = page.get_by_role("region", name="1 基本情報登録")
    expect(basic.get_by_text("オオクチ タロウ")).to_be_visible()
    expect(page.get_by_role("region", name="7 自己PR登録").get_by_text("未入力")).to_be_visible()
    assert not Application.objects.exists()
    shoot("confirm")

    press(page, "基本情報登録を変更")
    heading(page, "1 基本情報登録")
    page.locator('[name="basic-building"]').fill("大口ハイツ１０１")
    shoot("step1-from-confirm")
    press(page, "確認画面に戻る")

    heading(page, "登録内容の確認")
    assert page.url.endswith(CONFIRM_URL)
    expect(basic.get_by_text("大口ハイツ１０１", exact=False)).to_be_visible()
    assert not Application.objects.exists()
    shoot("confirm-after-change")
    press(page, "この内容で申し込む")

    heading(page, "求職者マイページ")
    number = page.locator("#jobseeker-number").inner_text().strip()
    assert NUMBER.fullmatch(number), number
    [application] = Application.objects.all()
    assert (application.number, application.building) == (number, "大口ハイツ１０１")
    shoot("mypage")


@pytest.mark.parametrize(
    "prepare",
    [pages.seven_steps_done, pages.correction_to_confirm, pages.renewal_due],
    ids=["apply", "correct", "renew"],
)
def test_the_confirm_page_has_no_wcag_violations_in_each_mode(
    page, context, live_server, axe, prepare
):
    client = Client()
    prepare(client)
    take_over(client, context, live_server)
    renew = prepare is pages.renewal_due
    page.goto(CONFIRM_URL + ("?renew=1" if renew else ""))
    heading(page, "登録内容の確認")
    button = {
        pages.seven_steps_done: "この内容で申し込む",
        pages.correction_to_confirm: "この内容で変更する",
        pages.renewal_due: "この内容で有効期限を延長する",
    }[prepare]
    expect(page.get_by_role("button", name=button)).to_be_visible()
    assert_no_violations(page, axe, f"登録内容の確認 ({button})")


@pytest.mark.parametrize("java_script_enabled", [True, False])
def test_a_registration_ending_today_is_renewed_from_the_mypage(
    page, context, live_server, java_script_enabled, shoot
):
    client = Client()
    pages.renewal_due(client)
    take_over(client, context, live_server)
    today = timezone.localdate()
    renewed = services.valid_until(today)

    page.goto("/mypage/")
    heading(page, "求職者マイページ")
    shoot("mypage-renewal-due")
    press(page, "有効期限を延長する")

    heading(page, "登録内容の確認")
    expect(page.get_by_text("延長後の有効期限")).to_be_visible()
    day = f"{renewed.year}年{renewed.month}月{renewed.day}日"
    expect(page.get_by_role("definition").filter(has_text=day)).to_be_visible()
    shoot("confirm-renewal")
    press(page, "この内容で有効期限を延長する")

    heading(page, "求職者マイページ")
    expect(page.get_by_text(f"有効期限を{day}まで延長しました。")).to_be_visible()
    assert Application.objects.get().valid_until == renewed
    shoot("mypage-renewed")

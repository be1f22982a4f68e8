"""The flyer's whole journey on a phone, as a new user: flyer → account → 求職申込み → マイページ.

Only the flyer's 必須 items with its suggested choices (「時間短縮のため、ひとまず以下を選択」),
typed the way a phone user would (full-width mail address, key pasted with 【】).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import PASSWORD, sent_key

from .conftest import SCREENSHOTS, Camera, choose, decode_codes, field, group, press

NUMBER = re.compile(r"74601-\d{8}")


def open_account(page, shoot, email="ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"):
    """From the signup page to 求職者マイページアカウント登録完了."""
    expect(page.get_by_role("heading", level=1)).to_have_text("求職者マイページアカウント登録")
    field(page, "メールアドレス").fill(email)
    field(page, "メールアドレス（確認用）").fill(email)
    page.get_by_label(re.compile("同意します")).check()
    shoot("signup")
    press(page, "次へ進む")

    expect(page.get_by_role("heading", level=1)).to_have_text("パスワード登録")
    expect(page.get_by_text("taro@example.jp 宛に")).to_be_visible()
    assert [m.subject for m in mail.outbox] == ["【ハローワーク】アカウント仮登録完了通知"]
    field(page, "パスワード").fill(PASSWORD)
    field(page, "パスワード（確認用）").fill(PASSWORD)
    field(page, "認証キー").fill(f"【{sent_key()}】")
    shoot("password")
    press(page, "完了")

    expect(page.get_by_role("heading", level=1)).to_have_text("求職者マイページアカウント登録完了")
    shoot("account-opened")


def fill_flyer_steps(page, shoot):
    """The seven steps with the flyer's answers and 登録内容の確認; ends on the マイページ."""
    # ① 基本情報登録: 氏名、生年月日、性別、住所、携帯電話
    expect(page.get_by_role("heading", level=1)).to_have_text("1 基本情報登録")
    field(page, "姓").fill("大口")
    field(page, "名").fill("太郎")
    field(page, "セイ").fill("おおくち")
    field(page, "メイ").fill("たろう")
    birth = group(page, "生年月日")
    birth.get_by_label("年", exact=True).fill("1990")
    birth.get_by_label("月", exact=True).fill("5")
    birth.get_by_label("日", exact=True).fill("1")
    choose(page, "性別", "男性")
    field(page, "郵便番号").fill("895-2511")
    # With JavaScript the page stays and is filled in; without, the step reloads filled in.
    page.get_by_role("button", name="住所検索").click()
    expect(field(page, "都道府県")).to_have_value("鹿児島県")
    expect(field(page, "市区町村")).to_have_value("伊佐市大口里")
    expect(field(page, "姓")).to_have_value("大口")  # what was typed before stays
    field(page, "番地").fill("768-1")
    field(page, "携帯電話").fill("090-1234-5678")
    expect(field(page, "メールアドレス")).to_have_value("taro@example.jp")
    shoot("step1-basic")
    press(page, "次へ進む")

    # ② 求職情報提供等登録: the flyer's choices
    expect(page.get_by_role("heading", level=1)).to_have_text("2 求職情報提供等登録")
    choose(page, "求職情報の公開", "求職情報を公開しない")
    choose(
        page,
        "地方自治体・地方版ハローワーク、民間人材ビジネスへの情報提供",
        "地方自治体・地方版ハローワーク、民間人材ビジネスともに不可",
    )
    choose(page, "マイページ以外のハローワークからの連絡", "可")
    contact = group(page, "連絡手段")
    contact.get_by_role("checkbox", name="郵便", exact=True).check()
    contact.get_by_role("checkbox", name="携帯電話", exact=True).check()
    shoot("step2-disclosure")
    press(page, "次へ進む")

    # ③ 希望職種・時間等登録: still 検討中, nothing of the work is left to name (#17)
    expect(page.get_by_role("heading", level=1)).to_have_text("3 希望職種・時間等登録")
    choose(page, "就業形態", "フルタイム")
    choose(page, "雇用期間", "定めなし")
    field(page, "希望する仕事").select_option(label="検討中")
    choose(page, "勤務時間", "なし")
    choose(page, "休日", "なし")
    press(page, "次へ進む")

    # ④ 希望勤務地・賃金登録: nothing typed, 次へ進む twice
    expect(page.get_by_role("heading", level=1)).to_have_text("4 希望勤務地・賃金登録")
    press(page, "次へ進む")
    expect(page.get_by_role("status").filter(has_text="未入力の項目があります")).to_be_visible()
    shoot("step4-location-notice")
    press(page, "未入力のまま次へ進む")

    # ⑤ 学歴／資格登録: 最終学歴と区分
    expect(page.get_by_role("heading", level=1)).to_have_text("5 学歴／資格登録")
    field(page, "最終学歴").select_option(label="高校")
    choose(page, "区分", "卒業")
    shoot("step5-education")
    press(page, "次へ進む")

    # ⑥ 経歴登録: the six items of the flyer
    expect(page.get_by_role("heading", level=1)).to_have_text("6 経歴登録")
    job = group(page, "経歴1")
    choose(job, "就業形態", "雇用")
    field(page, "雇用形態", within=job).fill("正社員")
    field(page, "仕事内容", within=job).fill("機械組立作業")
    field(page, "在籍期間（最終年）", within=job).fill("2024")
    field(page, "在籍期間（最終月）", within=job).fill("3")
    choose(job, "現在の状況", "既退職")
    field(page, "退職（予定）理由", within=job).select_option(label="自己都合")
    shoot("step6-career")
    press(page, "次へ進む")

    # ⑦ 自己PR登録: nothing, then every answer once more before sending (#17 item 1)
    expect(page.get_by_role("heading", level=1)).to_have_text("7 自己PR登録")
    shoot("step7-pr")
    press(page, "確認画面へ進む")

    expect(page.get_by_role("heading", level=1)).to_have_text("登録内容の確認")
    expect(page.get_by_text("オオクチ タロウ")).to_be_visible()
    shoot("confirm")
    press(page, "この内容で申し込む")


def check_mypage(page, shoot, folder):
    """The 求職番号 under its 2次元コード, which scans back to exactly that number."""
    expect(page.get_by_role("heading", level=1)).to_have_text("求職者マイページ")
    number = page.locator("#jobseeker-number").inner_text().strip()
    assert NUMBER.fullmatch(number), number
    expect(page.get_by_text("求職登録完了後、ハローワーク大口へお越しください。")).to_be_visible()
    shoot("mypage")
    code = page.get_by_role("img", name=f"求職番号 {number}", exact=True)
    png = code.screenshot(path=folder / f"{shoot.count + 1:02d}-code.png", scale="css")
    assert decode_codes(png) == [number]
    completion = mail.outbox[-1]
    assert "求職登録完了" in completion.subject
    assert number in completion.body
    return number


def test_the_flyers_journey_ends_with_a_number_its_code_scans_back_to(page, device):
    folder = SCREENSHOTS / device
    shoot = Camera(page, folder)

    page.goto("/flyer/")
    shoot("flyer")
    url = page.locator(".flyer__url").inner_text().strip()
    assert url.startswith(page.url.removesuffix("/flyer/"))
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページを開設して求職申込み")
    shoot("start")
    press(page, "求職者マイページ開設（ハローワークを初めて利用する方）")

    open_account(page, shoot)
    press(page, "マイナンバーカードを使わずに求職情報を登録")
    fill_flyer_steps(page, shoot)
    check_mypage(page, shoot, folder)
    # The site's script ran: it adds the live character counters of the text fields.
    page.goto("/mypage/apply/career/")
    expect(page.locator(".counter").first).to_be_attached()


@pytest.mark.parametrize("device", ["android"])
@pytest.mark.parametrize("java_script_enabled", [False])
def test_the_journey_works_without_javascript(page, device, java_script_enabled):
    """From the office's top page and its menu, as on the flyer's ①②, with JavaScript off."""
    folder = SCREENSHOTS / f"{device}-nojs"
    shoot = Camera(page, folder)

    page.goto("/")
    shoot("office-top")
    press(page, "仕事をお探しの方", exact=False)  # the menu marks each item with ◆
    press(page, "マイページを開設して求職申込み")
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページを開設して求職申込み")
    press(page, "求職者マイページ開設（ハローワークを初めて利用する方）")

    open_account(page, shoot)
    press(page, "マイナンバーカードを使わずに求職情報を登録")
    fill_flyer_steps(page, shoot)
    check_mypage(page, shoot, folder)
    page.goto("/mypage/apply/career/")
    expect(page.locator(".counter")).to_have_count(0)  # no script ran


@pytest.mark.parametrize("device", ["iphone"])
def test_the_top_pages_main_button_is_on_the_first_screen(page, device):
    """The office's top page on a 390×844 phone: 「マイページを開設して求職申込み」 shows without
    scrolling, the menu of the office's other sections below it."""
    assert page.viewport_size == {"width": 390, "height": 844}
    page.goto("/")
    box = page.get_by_role("link", name="マイページを開設して求職申込み").bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 844, f"the button ends {box['y'] + box['height']} px down"
    expect(page.get_by_role("navigation", name="メニュー")).to_be_visible()

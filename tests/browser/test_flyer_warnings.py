"""One test per row of SPEC's table 「What the flyer warns about, and what this system does
instead」, each done in the browser on the narrowest phone (360 px), the way the flyer's reader
would run into it. What is not the point of a test is prepared with the test client, signed in
to the same account as the browser.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import AuthKey, User
from jobseeker.fields import to_full_width
from tests.conftest import PASSWORD, sent_key
from tests.wizard_helpers import (
    CONFIRM_URL,
    FLYER_ANSWERS,
    STEP_NAMES,
    post_step,
    send_from_confirm,
    step_url,
)

from .conftest import decode_codes, enter_login_code, field, press

pytestmark = pytest.mark.parametrize("device", ["android"])

EMAIL = "taro@example.jp"
CONTROL_VALUES_JS = "els => els.filter(e => e.type !== 'hidden' && e.name).map(e => [e.name, "
CONTROL_VALUES_JS += "e.type === 'radio' || e.type === 'checkbox' ? e.checked : e.value])"


# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def client_of_browser(context, live_server) -> Client:
    """taro@example.jp, signed in in the browser; a test client signed in to the same account."""
    user = User.objects.create_user(email=EMAIL, password=PASSWORD)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return client


def save_steps(client, steps, answers=None):
    """Saves the flyer's answers for `steps` as the pages would, passing the 未入力 notice;
    after step 7, presses 「この内容で申し込む」 on 登録内容の確認."""
    for step in steps:
        data = {**FLYER_ANSWERS[step], **((answers or {}).get(step, {}))}
        response = post_step(client, step, data)
        if response.url == step_url(step):
            signature = client.get(step_url(step)).context["form"].empty_signature
            response = post_step(client, step, {**data, "empty_ack": signature})
        assert response.url != step_url(step), f"{step} was not accepted"
    if response.url == CONFIRM_URL:
        assert send_from_confirm(client).url == "/mypage/", "the application was not sent"


def draft_step(client, step, answers):
    """Saves `answers` for `step` unchecked, as a tab press would (no errors shown yet)."""
    response = post_step(client, step, answers, wizard_goto_step=step)
    assert response.url == step_url(step)


def fill_step(page, step, answers):
    """Types `answers` (field names without prefix) into the step's form."""
    form = page.locator("form.wizard")
    for name, value in answers.items():
        target = form.locator(f'[name="{step}-{name}"]')
        if isinstance(value, list):
            for item in value:
                target.and_(form.locator(f'[value="{item}"]')).check()
        elif target.first.get_attribute("type") == "radio":
            target.and_(form.locator(f'[value="{value}"]')).check()
        elif target.first.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)


def form_values(page) -> list:
    """Every visible control of the step's form: [name, value or checked]."""
    return (
        page.locator("form.wizard")
        .locator("input, select, textarea")
        .evaluate_all(CONTROL_VALUES_JS)
    )


def heading(page):
    return page.get_by_role("heading", level=1)


def tab(page, number: int):
    return page.get_by_role("navigation", name="入力ステップ").get_by_role(
        "button", name=re.compile(rf"^{number}\s")
    )


def field_errors(page, label):
    """The messages shown next to the field `label` (the list its input is described by)."""
    control = field(page, label)
    ids = control.get_attribute("aria-describedby") or ""
    error_id = next((i for i in ids.split() if i.endswith("_error")), None)
    if error_id is None:
        return []
    return page.locator(f"p#{error_id}, #{error_id} li").all_inner_texts()  # one: a p


def request_key(page, email=EMAIL):
    page.goto("/account/signup/")
    field(page, "メールアドレス").fill(email)
    field(page, "メールアドレス（確認用）").fill(email)
    page.get_by_label(re.compile("同意します")).check()
    press(page, "次へ進む")
    expect(heading(page)).to_have_text("パスワード登録")


def enter_password_and_key(page, key, password=PASSWORD, confirm=None):
    field(page, "パスワード").fill(password)
    field(page, "パスワード（確認用）").fill(confirm or password)
    field(page, "認証キー").fill(key)
    press(page, "完了")


ACCOUNT_OPENED = "求職者マイページアカウント登録完了"


# -- the table, row by row ----------------------------------------------------------------------


def test_full_width_and_spaces_in_mail_and_phone_are_accepted(page, shoot):
    """Q2/Q4: 全角 typed where 半角 is needed, and stray spaces: converted, never an error."""
    typed = "　ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ "
    page.goto("/account/signup/")
    field(page, "メールアドレス").fill(typed)
    field(page, "メールアドレス（確認用）").fill("taro @example.jp")
    page.get_by_label(re.compile("同意します")).check()
    press(page, "次へ進む")
    expect(page.get_by_text(f"{EMAIL} 宛に")).to_be_visible()
    assert mail.outbox[-1].to == [EMAIL]
    enter_password_and_key(page, sent_key())
    expect(heading(page)).to_have_text(ACCOUNT_OPENED)

    client = Client()
    assert client.login(email=EMAIL, password=PASSWORD)
    basic = {**FLYER_ANSWERS["basic"], "phone_mobile": "", "email": ""}
    draft_step(client, "basic", basic)
    press(page, "マイナンバーカードを使わずに求職情報を登録")
    field(page, "携帯電話").fill("０９０ー１２３４ー５６７８ ")
    field(page, "メールアドレス").fill(typed)
    shoot("full-width-phone-and-mail")
    press(page, "次へ進む")
    expect(heading(page)).to_have_text("2 求職情報提供等登録")

    save_steps(client, STEP_NAMES[1:])
    page.goto("/mypage/")
    basic_info = page.get_by_role("region", name="1 基本情報登録")
    expect(basic_info).to_contain_text("090-1234-5678")
    expect(basic_info).to_contain_text(EMAIL)


def test_an_address_typed_in_half_width_is_stored_in_full_width(page, client_of_browser, shoot):
    """The flyer: 住所（数字を含め全角）. Here half-width digits and kana are converted."""
    draft_step(client_of_browser, "basic", {**FLYER_ANSWERS["basic"], "street": ""})
    page.goto(step_url("basic"))
    field(page, "番地").fill("768-1")
    field(page, "建物名・部屋番号").fill("ﾊｲﾂ大口 101")
    press(page, "次へ進む")
    expect(heading(page)).to_have_text("2 求職情報提供等登録")

    save_steps(client_of_browser, STEP_NAMES[1:])
    page.goto("/mypage/")
    shoot("mypage")
    basic_info = page.get_by_role("region", name="1 基本情報登録")
    expect(basic_info).to_contain_text("鹿児島県伊佐市大口里７６８－１")
    expect(basic_info).to_contain_text("ハイツ大口　１０１")


def test_a_key_pasted_with_brackets_spaces_and_full_width_works(page, shoot):
    """Q3: 認証キー typed by hand or pasted with 【】: only the key's own characters count."""
    request_key(page)
    key = sent_key()
    pasted = f" 【{key[:4].lower()} {to_full_width(key[4:])}】\n"
    enter_password_and_key(page, pasted)
    expect(heading(page)).to_have_text(ACCOUNT_OPENED)
    shoot("account-opened")


def test_only_the_newest_key_works_and_an_older_one_is_told_apart(page, shoot):
    """Q3: several keys received. The older one gets its own message, naming the newest."""
    request_key(page)
    press(page, "認証キーを再送信する")
    expect(page.get_by_role("status")).to_contain_text("新しい認証キーを送信しました")
    older, newest = (sent_key(message) for message in mail.outbox)
    assert older != newest

    enter_password_and_key(page, older)
    older_errors = field_errors(page, "認証キー")
    assert len(older_errors) == 1
    assert "新しい認証キーを送信したため使えません" in older_errors[0]
    shoot("older-key")

    enter_password_and_key(page, "ABCDEFGHJK" if newest != "ABCDEFGHJK" else "KJHGFEDCBA")
    wrong_errors = field_errors(page, "認証キー")
    assert len(wrong_errors) == 1
    assert "認証キーが正しくありません" in wrong_errors[0]
    assert wrong_errors != older_errors

    enter_password_and_key(page, newest)
    expect(heading(page)).to_have_text(ACCOUNT_OPENED)


def test_an_expired_key_offers_a_new_key_without_retyping_the_address(page, shoot):
    """The flyer: 認証キーは50分で無効、手順2からやり直し. Here one button sends a new key."""
    request_key(page)
    expired = sent_key()
    AuthKey.objects.filter(email=EMAIL).update(
        expires_at=timezone.now() - timedelta(seconds=1),
        created_at=timezone.now() - timedelta(minutes=51),
    )
    enter_password_and_key(page, expired)
    expect(page.locator("#error-summary")).to_contain_text("有効期限（送信から50分）が過ぎています")
    shoot("expired-key")
    expect(page.get_by_role("textbox", name=re.compile("メールアドレス"))).to_have_count(0)

    press(page, "認証キーを再送信する")
    expect(page.get_by_role("status")).to_contain_text("新しい認証キーを送信しました")
    assert [message.to for message in mail.outbox] == [[EMAIL], [EMAIL]]
    enter_password_and_key(page, sent_key())
    expect(heading(page)).to_have_text(ACCOUNT_OPENED)


def test_password_rules_are_shown_one_by_one_and_yen_is_a_backslash(page, shoot):
    """Q3: 英字・数字・記号、半角、8文字以上; ¥はエラーになりやすい. Here ¥ and \\ are one key."""
    request_key(page)
    key = sent_key()
    expect(
        page.get_by_text("半角の英字・数字・記号をそれぞれ1文字以上使い、8文字以上")
    ).to_be_visible()

    enter_password_and_key(page, key, password="ｐａｓｓ")
    errors = field_errors(page, "パスワード")
    assert len(errors) == 1 and errors[0].startswith("全角文字は使えません"), errors

    enter_password_and_key(page, key, password="Qzkv")
    errors = field_errors(page, "パスワード")
    shoot("one-message-per-rule")
    assert len(errors) == 3, errors
    assert "8文字以上にしてください（現在4文字）。" in errors[0]
    assert errors[1].startswith("半角の数字")
    assert errors[2].startswith("半角の記号")

    enter_password_and_key(page, key, password="Hello¥work7")
    expect(heading(page)).to_have_text(ACCOUNT_OPENED)

    page.get_by_role("button", name="ログアウト").first.click()
    page.goto("/account/login/")
    field(page, "メールアドレス").fill(EMAIL)
    field(page, "パスワード").fill("Hello\\work7")
    press(page, "ログイン")
    enter_login_code(page)
    expect(heading(page)).to_have_text("求職者マイページ")


def test_three_presses_with_errors_keep_every_value(page, client_of_browser, shoot):
    """The flyer: 3回以上 次へ進む with errors can erase everything. Here nothing is erased."""
    page.goto(step_url("basic"))
    basic = {k: v for k, v in FLYER_ANSWERS["basic"].items() if k != "phone_mobile"}
    fill_step(page, "basic", {**basic, "building": "ハイツ大口", "nearest_station": "大口"})
    typed = form_values(page)
    for press_number in range(1, 5):
        if press_number == 2:  # the keyboard's 改行 key in a text box means 次へ進む too
            with page.expect_navigation():
                field(page, "姓").press("Enter")
        else:
            press(page, "次へ進む")
        expect(heading(page)).to_have_text("1 基本情報登録")
        expect(page.locator("#error-summary")).to_contain_text("固定電話か携帯電話のどちらか")
        assert form_values(page) == typed, f"after press {press_number}"
    shoot("after-four-presses")

    field(page, "携帯電話").fill("090-1234-5678")
    press(page, "次へ進む")
    expect(heading(page)).to_have_text("2 求職情報提供等登録")


def test_a_birth_year_typed_in_full_width_is_shown_whole_after_an_error(page, client_of_browser):
    """「１９８５」 typed with the IME showed as 「１９８」 in the year box after an error."""
    page.goto(step_url("basic"))
    basic = {k: v for k, v in FLYER_ANSWERS["basic"].items() if k != "phone_mobile"}
    fill_step(page, "basic", {**basic, "birth_date_year": "１９８５"})
    press(page, "次へ進む")
    expect(page.locator("#error-summary")).to_contain_text("固定電話か携帯電話のどちらか")
    year, day = page.locator("#birth_date_0"), page.locator("#birth_date_2")
    expect(year).to_have_value("１９８５")
    assert year.evaluate("e => e.scrollWidth <= e.clientWidth"), "the year is cut off"
    # Still one line on the narrowest phone, with the field's error mark beside it.
    assert year.bounding_box()["y"] == day.bounding_box()["y"]


def test_every_error_in_the_summary_leads_to_its_question(page, client_of_browser):
    """Q4: エラー内容を確認して対応. Each error of the summary links to the item it is about."""
    save_steps(client_of_browser, ["basic"])
    for step in ("disclosure", "preferences"):
        page.goto(step_url(step))
        press(page, "次へ進む")
        links = page.locator("#error-summary").get_by_role("link")
        expect(links.first).to_be_visible()
        for link in links.all():
            target = link.get_attribute("href")
            assert re.fullmatch(r"#[\w-]+", target), f"{link.inner_text()} links to {target!r}"
            expect(page.locator(target)).to_be_visible()
        save_steps(client_of_browser, [step])


def test_the_same_input_always_gives_the_same_result(page, client_of_browser):
    """The flyer: an error even when all is correct; press again. Here the result never varies."""
    draft_step(client_of_browser, "basic", FLYER_ANSWERS["basic"])
    page.goto(step_url("basic"))
    for _ in range(3):
        press(page, "次へ進む")
        expect(heading(page)).to_have_text("2 求職情報提供等登録")
        press(page, "戻る（入力内容は保存されます）")
        expect(heading(page)).to_have_text("1 基本情報登録")

    field(page, "携帯電話").fill("")
    summaries = []
    for _ in range(3):
        press(page, "次へ進む")
        summaries.append(page.locator("#error-summary").inner_text())
    assert len(set(summaries)) == 1
    assert "固定電話か携帯電話のどちらか" in summaries[0]


def test_steps_3_and_4_say_why_and_the_second_press_continues(page, client_of_browser, shoot):
    """Q4: steps 3–4 need 次へ進む twice. Here the notice names the items and the button says
    「未入力のまま次へ進む」; filling in some of them still continues in that one press."""
    save_steps(client_of_browser, ["basic", "disclosure"])
    page.goto(step_url("preferences"))
    # A first choice other than 検討中, which would make a missing second choice no question.
    fill_step(page, "preferences", {**FLYER_ANSWERS["preferences"], "desired_occupation": "office"})
    press(page, "次へ進む")
    notice = page.locator("#empty-notice")
    expect(notice).to_contain_text("未入力の項目があります")
    expect(notice).to_contain_text("希望する仕事（第2希望）、希望する仕事の内容")
    expect(tab(page, 3)).to_contain_text("確認待ち")
    expect(page.locator("#error-summary")).to_have_count(0)
    shoot("step3-notice")

    field(page, "希望する仕事の内容").fill("機械組立")
    press(page, "未入力のまま次へ進む")

    expect(heading(page)).to_have_text("4 希望勤務地・賃金登録")
    press(page, "次へ進む")
    expect(notice).to_contain_text("希望勤務地（都道府県・市区町村）、希望賃金（円）")
    press(page, "未入力のまま次へ進む")
    expect(heading(page)).to_have_text("5 学歴／資格登録")
    expect(tab(page, 3)).to_contain_text("入力済み")
    expect(tab(page, 4)).to_contain_text("入力済み")


def test_a_phone_number_in_the_wrong_field_is_named(page, client_of_browser, shoot):
    """Q4: 電話番号は固定電話と携帯電話があるので入力箇所を確認. Here the message says which."""
    draft_step(client_of_browser, "basic", {**FLYER_ANSWERS["basic"], "phone_mobile": ""})
    page.goto(step_url("basic"))
    field(page, "固定電話").fill("090-1234-5678")
    press(page, "次へ進む")
    assert field_errors(page, "固定電話") == [
        "携帯電話の番号です。「携帯電話」の欄に入力してください。"
    ]
    assert field_errors(page, "携帯電話") == []
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["固定電話：携帯電話の番号です。「携帯電話」の欄に入力してください。"]
    )
    expect(page.locator("#error-summary")).to_be_focused()
    shoot("mobile-in-fixed")

    field(page, "固定電話").fill("")
    field(page, "携帯電話").fill("0995-22-8609")
    press(page, "次へ進む")
    assert field_errors(page, "携帯電話") == [
        "固定電話の番号です。「固定電話」の欄に入力してください。"
    ]

    field(page, "固定電話").fill("0995-22-8609")
    field(page, "携帯電話").fill("090-1234-5678")
    press(page, "次へ進む")
    expect(heading(page)).to_have_text("2 求職情報提供等登録")


def test_a_tab_jump_keeps_the_unsaved_input_of_the_step(page, client_of_browser, shoot):
    """Q5: 元に戻るときは上部のタブ. Here the tabs save the current step before jumping."""
    save_steps(client_of_browser, ["basic", "disclosure"])
    page.goto(step_url("preferences"))
    fill_step(page, "preferences", {**FLYER_ANSWERS["preferences"], "desired_job_detail": "介護"})
    typed = form_values(page)
    with page.expect_navigation():
        tab(page, 1).click()
    expect(heading(page)).to_have_text("1 基本情報登録")
    field(page, "名").fill("次郎")
    with page.expect_navigation():
        tab(page, 3).click()
    expect(heading(page)).to_have_text("3 希望職種・時間等登録")
    assert form_values(page) == typed
    expect(page.locator("#error-summary")).to_have_count(0)
    shoot("back-on-step3")
    with page.expect_navigation():
        tab(page, 1).click()
    expect(field(page, "名")).to_have_value("次郎")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_tabs_fit_the_phone_in_one_line_and_a_legend_explains_their_marks(
    page, client_of_browser, live_server, language
):
    """Q5's tabs on a 360 px phone: each title on one line, in either language, and the marks
    (✓ ！ … －) told in words under them for a first-time user."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    save_steps(client_of_browser, STEP_NAMES)
    post_step(client_of_browser, "basic", {**FLYER_ANSWERS["basic"], "family_name": ""})
    page.goto(step_url("pr"))
    tabs = page.locator("nav.tabs li > *")
    expect(tabs).to_have_count(8)  # the seven steps and 確認 (#17 item 1)
    # min-height 3rem holds the number and one line of title; a wrapped title makes it taller.
    heights = tabs.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert heights == [48] * 8
    legend = page.locator("nav.tabs > p")
    expect(legend).to_be_visible()
    expected = {"ja": "！ エラー", "en": "！ Error"}[language]
    expect(legend).to_contain_text(expected)


def test_the_back_button_and_reload_keep_the_input(page, client_of_browser, shoot):
    """Q5: スマホの「元に戻る」ボタンを押すと登録内容が消える. Here back and reload are safe."""
    page.goto(step_url("basic"))
    fill_step(page, "basic", FLYER_ANSWERS["basic"])
    step1 = form_values(page)
    press(page, "次へ進む")
    expect(heading(page)).to_have_text("2 求職情報提供等登録")

    page.go_back()
    expect(heading(page)).to_have_text("1 基本情報登録")
    assert form_values(page) == step1
    expect(page.locator("#error-summary")).to_have_count(0)
    shoot("back-to-step1")
    page.reload()
    assert form_values(page) == step1

    page.go_forward()
    expect(heading(page)).to_have_text("2 求職情報提供等登録")
    fill_step(page, "disclosure", FLYER_ANSWERS["disclosure"])
    step2 = form_values(page)
    press(page, "次へ進む")
    expect(heading(page)).to_have_text("3 希望職種・時間等登録")
    page.reload()
    expect(heading(page)).to_have_text("3 希望職種・時間等登録")

    page.go_back()
    expect(heading(page)).to_have_text("2 求職情報提供等登録")
    assert form_values(page) == step2
    expect(tab(page, 1)).to_contain_text("入力済み")
    expect(tab(page, 2)).to_contain_text("入力済み")

    page.go_forward()
    expect(heading(page)).to_have_text("3 希望職種・時間等登録")
    press(page, "次へ進む")  # nothing chosen: errors; reloading the page that shows them
    errors = page.locator("#error-summary").inner_text()
    page.reload()
    assert page.locator("#error-summary").inner_text() == errors


def test_the_number_is_on_the_mypage_at_any_time_and_in_the_mail(page, client_of_browser, shoot):
    """The flyer: 求職番号をメモしてください. Here it stays on the マイページ and in the mail."""
    save_steps(client_of_browser, STEP_NAMES)
    (completion,) = [m for m in mail.outbox if "求職登録完了" in m.subject]
    page.goto("/mypage/")
    page.get_by_role("button", name="ログアウト").first.click()
    page.wait_for_url("**/account/")

    page.goto("/account/login/")
    field(page, "メールアドレス").fill("ＴＡＲＯ＠ｅｘａｍｐｌｅ．ｊｐ")
    field(page, "パスワード").fill(PASSWORD)
    press(page, "ログイン")
    enter_login_code(page)
    expect(heading(page)).to_have_text("求職者マイページ")
    number = page.locator("#jobseeker-number").inner_text().strip()
    shoot("mypage-after-login")
    assert number in completion.body
    code = page.get_by_role("img", name=f"求職番号 {number}", exact=True)
    assert decode_codes(code.screenshot(scale="css")) == [number]

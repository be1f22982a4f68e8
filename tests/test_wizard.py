"""The seven-step 求職申込み keeps every character typed, whatever is clicked (issue #3)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from jobseeker import numbers
from jobseeker.models import Application, ApplicationDraft

from .wizard_helpers import (
    FLYER_ANSWERS,
    STEP_NAMES,
    complete_steps,
    post_step,
    save_correction,
    step_url,
)

pytestmark = pytest.mark.django_db


def shown(client, step: str) -> dict:
    """What the page of `step` shows in its fields, as the server renders it now."""
    form = client.get(step_url(step)).context["form"]
    return {name.removeprefix(f"{step}-"): form.data.getlist(name) for name in form.data}


def test_the_wizard_needs_a_login(client):
    response = client.get("/mypage/apply/")
    assert response.status_code == 302
    assert response.url.startswith("/account/login/")


def test_the_start_opens_the_first_step(client, taro):
    assert client.get("/mypage/apply/").url == step_url("basic")
    page = client.get(step_url("basic")).content.decode()
    assert "1 基本情報登録" in page
    assert 'value="taro@example.jp"' in page


def test_the_flyers_answers_complete_the_application(
    client, taro, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = complete_steps(client)
    assert response.url == "/mypage/"
    application = Application.objects.get(user=taro)
    assert numbers.is_valid(application.number)
    assert application.number.startswith("74601-")
    assert application.family_name_kana == "オオクチ"
    assert application.given_name_kana == "タロウ"
    assert application.street == "７６８－１"
    assert application.birth_date.isoformat() == "1990-05-01"
    assert application.work_histories.get().job_description == "機械組立作業"
    [message] = mail.outbox
    assert message.subject == "【ハローワーク】求職登録完了のお知らせ"
    assert application.number in message.body.splitlines()


def test_an_invalid_press_keeps_everything_typed_and_shows_the_messages(client, taro):
    typed = {**FLYER_ANSWERS["basic"], "phone_mobile": "0995-22-8609", "family_name": ""}
    response = post_step(client, "basic", typed)
    assert response.url == step_url("basic")

    page = client.get(step_url("basic"))
    html = page.content.decode()
    assert "固定電話の番号です。「固定電話」の欄に入力してください。" in html
    assert "姓を入力してください。" in html
    assert 'value="0995-22-8609"' in html
    assert 'value="ﾀﾛｳ"' in html
    assert 'value="768-1"' in html


def test_three_and_more_invalid_presses_lose_nothing(client, taro):
    typed = {**FLYER_ANSWERS["basic"], "birth_date_month": "13"}
    for _ in range(5):
        assert post_step(client, "basic", typed).url == step_url("basic")
    values = shown(client, "basic")
    for name, value in typed.items():
        assert values[name] == [value]


def test_a_tab_saves_the_current_steps_input_valid_or_not(client, taro):
    complete_steps(client, up_to="disclosure")
    half_typed = {"employment_type": "part_time", "desired_occupation": "care"}
    response = post_step(client, "preferences", half_typed, wizard_goto_step="basic")
    assert response.url == step_url("basic")
    assert shown(client, "preferences") == {
        "employment_type": ["part_time"],
        "desired_occupation": ["care"],
    }


def test_the_back_button_of_the_page_saves_too(client, taro):
    complete_steps(client, up_to="disclosure")
    post_step(
        client, "preferences", {"employment_type": "full_time"}, wizard_goto_step="disclosure"
    )
    assert shown(client, "preferences") == {"employment_type": ["full_time"]}


def test_reload_and_the_browsers_back_button_show_what_was_typed(client, taro):
    complete_steps(client, up_to="disclosure")
    post_step(client, "preferences", {"employment_type": "part_time"})
    # Back (a GET of the previous step's URL) and reload (a second GET) re-render from the draft.
    assert shown(client, "disclosure")["disclosure"] == ["private"]
    assert shown(client, "preferences") == shown(client, "preferences")
    assert shown(client, "preferences")["employment_type"] == ["part_time"]


def test_pages_are_never_cached_so_back_shows_the_saved_input(client, taro):
    assert "no-store" in client.get(step_url("basic"))["Cache-Control"]


def test_a_lost_session_resumes_from_the_database(client, taro):
    complete_steps(client, up_to="preferences")
    post_step(client, "location", {"desired_city": "伊佐市"})
    client.session.flush()
    client.logout()

    other_device = Client()
    other_device.force_login(taro)
    assert other_device.get("/mypage/apply/").url == step_url("location")
    assert shown(other_device, "location") == {"desired_city": ["伊佐市"]}
    assert shown(other_device, "basic")["family_name"] == ["大口"]


def test_drafts_of_different_accounts_never_mix(client, taro):
    post_step(client, "basic", {"family_name": "大口"})
    hanako = User.objects.create_user(email="hanako@example.jp", password="Hello-work7")
    other = Client()
    other.force_login(hanako)
    post_step(other, "basic", {"family_name": "伊佐"})

    assert shown(client, "basic")["family_name"] == ["大口"]
    assert shown(other, "basic")["family_name"] == ["伊佐"]
    assert ApplicationDraft.objects.count() == 2


def test_two_tabs_editing_different_steps_keep_both(client, taro):
    complete_steps(client, up_to="location")
    second_tab = Client()
    second_tab.force_login(taro)
    post_step(client, "basic", {**FLYER_ANSWERS["basic"], "building": "大口ハイツ101"})
    post_step(second_tab, "disclosure", {**FLYER_ANSWERS["disclosure"], "disclosure": "public"})

    assert shown(client, "basic")["building"] == ["大口ハイツ101"]
    assert shown(client, "disclosure")["disclosure"] == ["public"]


def test_a_step_ahead_of_the_first_incomplete_one_redirects_there(client, taro):
    complete_steps(client, up_to="disclosure")
    assert client.get(step_url("career")).url == step_url("preferences")
    assert client.get(step_url("preferences")).status_code == 200


def test_a_tab_ahead_is_shown_but_not_a_button(client, taro):
    page = client.get(step_url("basic")).content.decode()
    assert 'name="wizard_goto_step" value="basic"' in page
    assert 'value="disclosure"' not in page
    tabs = page[page.index('<nav class="tabs"') : page.index("</nav>")]
    # The seven steps and 確認 (#17 item 1), reachable once every step is done.
    assert tabs.count("<li") == 8
    assert tabs.count("<button") == 1


def test_a_correction_with_an_error_leaves_every_other_step_open(client, taro):
    """Once registered, what is registered passed every check: an error left in the correction
    of 基本情報 keeps its tab marked エラー but locks no other step (the マイページ's 変更
    links)."""
    complete_steps(client)
    save_correction(client, "basic", {**FLYER_ANSWERS["basic"], "phone_mobile": ""})
    page = client.get(step_url("basic")).content.decode()
    tabs = page[page.index('<nav class="tabs"') : page.index("</nav>")]
    assert tabs.count("<button") == 7
    assert '<li class="t-error"><button name="wizard_goto_step" value="basic"' in tabs
    step_2 = '<li><button name="wizard_goto_step" value="disclosure"><b>2</b> 提供先'
    assert f"{step_2} <span>入力済み</span></button>" in tabs
    assert tabs.count("<li>") == 7

    location = client.get(step_url("location"))
    assert location.status_code == 200
    assert location.context["form"].title == "希望勤務地・賃金登録"
    assert location.context["tabs"][0]["state"] == "error"


def test_before_the_first_submission_a_step_after_an_error_stays_closed(client, taro):
    complete_steps(client, up_to="location")
    post_step(client, "basic", {**FLYER_ANSWERS["basic"], "phone_mobile": ""})
    assert client.get(step_url("location")).url == step_url("basic")


def test_saving_another_step_while_one_has_an_error_registers_nothing_and_names_it(client, taro):
    complete_steps(client)
    save_correction(client, "basic", {**FLYER_ANSWERS["basic"], "phone_mobile": ""})
    local = {**FLYER_ANSWERS["disclosure"], "info_provision": "local"}
    response = save_correction(client, "disclosure", local)

    # 基本情報 opens from 登録内容の確認, to return there once fixed.
    assert response.url == step_url("basic") + "?return_to=confirm"
    application = Application.objects.get(user=taro)
    assert application.phone_mobile == "090-1234-5678"
    assert application.info_provision == "neither"
    page = client.get(response.url).content.decode()
    assert "「1 基本情報登録」の入力内容を確認してください。変更はまだ保存されていません。" in page
    assert 'class="t-error"' in page
    # What was typed in 公開 is kept for when 基本情報 is fixed.
    assert shown(client, "disclosure")["info_provision"] == ["local"]


def test_tabs_show_each_steps_state(client, taro):
    post_step(client, "basic")
    post_step(client, "disclosure", {"disclosure": "private"})
    tabs = client.get(step_url("disclosure")).context["tabs"]
    assert [t["state"] for t in tabs] == [
        "done",
        "error",
        "empty",
        "empty",
        "empty",
        "empty",
        "empty",
        "empty",
    ]
    html = client.get(step_url("disclosure")).content.decode()
    assert "入力済み" in html and "エラー" in html and "未入力" in html


# The words each tab says to screen readers for its state (wizard_step.html).
STATE_WORDS = {
    "done": "入力済み",
    "error": "エラー",
    "notice": "確認待ち",
    "draft": "入力中",
    "empty": "未入力",
}


def tab_marks() -> dict[str, str]:
    """The mark site.css draws on a tab in each state (a tab's class t-<state>)."""
    css = (Path(__file__).parents[1] / "static" / "css" / "site.css").read_text()
    return {
        state: mark
        for selectors, mark in re.findall(r'([^{}]*)\{\s*content:\s*" (.)"', css)
        for state in re.findall(r"\.t-(\w+)", selectors)
    }


def test_a_legend_under_the_tabs_says_what_each_mark_means(client, taro):
    """The marks alone mean nothing to a first-time user: each is explained by the word its
    tab says to a screen reader."""
    page = client.get(step_url("basic")).content.decode()
    tabs = page[page.index('<nav class="tabs"') : page.index("</nav>")]
    legend = re.search(r"</ol><p>(.+)</p>$", tabs).group(1)
    # One span a mark and its word, a no-break space between them: they never part.
    meanings = dict(item.split("\u00a0", 1) for item in re.findall(r"<span>(.+?)</span>", legend))
    marks = tab_marks()
    assert set(marks) == set(STATE_WORDS)
    for state, word in STATE_WORDS.items():
        assert word in meanings[marks[state]], state


def test_each_tab_says_its_short_title_and_its_state_in_words(client, taro):
    post_step(client, "basic")
    tabs = client.get(step_url("disclosure")).context["tabs"]
    titles = ["基本", "提供先", "職種", "勤務地", "学歴", "経歴", "自己PR", "確認"]
    assert [str(tab["title"]) for tab in tabs] == titles
    html = client.get(step_url("disclosure")).content.decode()
    assert "<b>2</b> 提供先 <span>未入力</span>" in html


def test_the_final_step_is_reached_only_through_kanryo(client, taro):
    complete_steps(client, up_to="career")
    assert client.get("/mypage/apply/done/").url == step_url("pr")
    assert not Application.objects.exists()


# A first choice that is not 検討中, so that a missing second choice is named too.
CHOSEN_OCCUPATION = {**FLYER_ANSWERS["preferences"], "desired_occupation": "office"}


def test_steps_3_and_4_name_the_empty_items_and_the_next_press_continues(client, taro):
    complete_steps(client, up_to="disclosure")
    assert post_step(client, "preferences", CHOSEN_OCCUPATION).url == step_url("preferences")
    page = client.get(step_url("preferences")).content.decode()
    assert "未入力の項目があります" in page
    assert "希望する仕事（第2希望）、希望する仕事の内容" in page
    assert "未入力のまま次へ進む" in page

    signature = client.get(step_url("preferences")).context["form"].empty_signature
    answers = {**CHOSEN_OCCUPATION, "empty_ack": signature}
    assert post_step(client, "preferences", answers).url == step_url("location")


def test_filling_in_some_of_the_named_items_continues_in_one_press(client, taro):
    complete_steps(client, up_to="disclosure")
    post_step(client, "preferences", CHOSEN_OCCUPATION)
    ack = client.get(step_url("preferences")).context["form"].empty_ack
    fewer = {**CHOSEN_OCCUPATION, "desired_job_detail": "介護", "empty_ack": ack}
    assert post_step(client, "preferences", fewer).url == step_url("location")


def test_the_notice_comes_back_when_an_item_is_newly_empty(client, taro):
    complete_steps(client, up_to="disclosure")
    post_step(client, "preferences", {**CHOSEN_OCCUPATION, "desired_job_detail": "介護"})
    ack = client.get(step_url("preferences")).context["form"].empty_ack
    assert ack == "desired_occupation_second"
    emptied = {**CHOSEN_OCCUPATION, "empty_ack": ack}
    assert post_step(client, "preferences", emptied).url == step_url("preferences")
    page = client.get(step_url("preferences")).content.decode()
    assert "希望する仕事（第2希望）、希望する仕事の内容" in page


def primary_button_and_notice(page: str) -> tuple[str, str]:
    button = re.search(r'<button [^>]*class="button button--primary">(.*?)</button>', page)
    notice = re.search(r'id="empty-notice">(.*?)</div>', page, re.S)
    return button.group(1), notice.group(1)


def test_the_notice_names_the_button_that_passes_it(client, taro):
    complete_steps(client, up_to="disclosure")
    post_step(client, "preferences", CHOSEN_OCCUPATION)
    button, notice = primary_button_and_notice(client.get(step_url("preferences")).content.decode())
    assert button == "未入力のまま次へ進む"
    assert "「未入力のまま次へ進む」を押してください" in notice


def test_when_correcting_the_notice_names_the_save_button(client, taro):
    complete_steps(client)
    ack = client.get(step_url("preferences")).context["form"].empty_ack
    save_correction(client, "preferences", {**CHOSEN_OCCUPATION, "empty_ack": ack})
    button, notice = primary_button_and_notice(client.get(step_url("preferences")).content.decode())
    assert button == "未入力のまま変更内容を確認する"
    assert "「未入力のまま変更内容を確認する」を押してください" in notice
    assert "未入力のまま次へ進む" not in notice


def test_when_correcting_filling_in_one_of_the_empty_items_saves_in_one_press(client, taro):
    complete_steps(client)
    ack = client.get(step_url("location")).context["form"].empty_ack
    assert ack == "desired_prefecture,wage_amount"
    corrected = {"desired_prefecture": "鹿児島県", "empty_ack": ack}
    assert save_correction(client, "location", corrected).url == "/mypage/"
    assert Application.objects.get(user=taro).desired_prefecture == "鹿児島県"


@pytest.mark.parametrize(
    "after, step, legend, mark",
    [
        ("basic", "disclosure", "連絡手段", "※「可」の場合必須"),
        ("disclosure", "preferences", "希望する休日", "※「希望あり」の場合必須"),
        ("preferences", "location", "希望賃金の種類", "※金額を入れた場合必須"),
    ],
)
def test_a_group_required_by_another_answer_says_when_not_optional(
    client, taro, after, step, legend, mark
):
    complete_steps(client, up_to=after)
    page = client.get(step_url(step)).content.decode()
    marked = re.search(rf"<legend>{legend}.*?</legend>", page).group(0)
    assert mark in marked
    assert "※任意" not in marked


def test_high_school_pupils_are_told_before_and_refused_next_to_kubun(client, taro):
    # The terms exclude them; the hint says so before choosing, the error where it was chosen.
    complete_steps(client, up_to="location")
    page = client.get(step_url("education")).content.decode()
    assert "高等学校等在学中の方は、学校を通じてお申込みください。" in page
    enrolled = {**FLYER_ANSWERS["education"], "education": "high", "education_status": "enrolled"}
    assert post_step(client, "education", enrolled).url == step_url("education")
    page = client.get(step_url("education")).content.decode()
    error = re.search(r'<p id="education_status_error">(.*?)</p>', page).group(1)
    assert error.startswith("高校・中学に在学中の方（卒業見込みの方を含む）は、")
    assert "在学中の学校の先生にご相談ください。" in error


def test_work_times_are_marked_required_when_kibou_ari_not_optional(client, taro):
    complete_steps(client, up_to="disclosure")
    page = client.get(step_url("preferences")).content.decode()
    for label in ("勤務開始時刻", "勤務終了時刻"):
        marked = re.search(rf"<label for=\"work_\w+\">{label}(.*?)</label>", page).group(1)
        assert "※「希望あり」の場合必須" in marked
        assert "※任意" not in marked


def test_each_work_history_marks_what_it_needs_once_begun(client, taro):
    """The entries are optional (their legend says ※任意); inside one, what its rules ask for
    is marked as such, the others ※任意: every item is marked (docs/product.md; QA of #14)."""
    complete_steps(client, up_to="education")
    page = client.get(step_url("career")).content.decode()
    begun = "<b>※この経歴を入力する場合必須</b>"
    optional = "<small>※任意</small>"
    # One per entry in its legend, and its 就業形態 and 雇用形態.
    assert page.count(optional) == 3 * 3
    for row in (1, 2, 3):
        for name, mark in (
            ("job_description", begun),
            ("end_year", begun),
            ("end_month", begun),
            ("leaving_reason", "<b>※「既退職」の場合必須</b>"),
            ("employment_form", optional),
        ):
            label = re.search(rf'<label for="job{row}_{name}">(.*?)</label>', page).group(1)
            assert label.endswith(mark) and label.count("<") == 2
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    assert legends.count(f"現在の状況 {begun}") == 3
    assert legends.count(f"就業形態 {optional}") == 3


def test_the_error_summary_says_which_work_history_each_error_is_in(client, taro):
    complete_steps(client, up_to="education")
    answers = {
        **FLYER_ANSWERS["career"],
        "job2_employment_form": "パート",
        "job3_job_description": "介護",
        "job3_end_year": "2020",
        "job3_end_month": "13",
        "job3_status": "left",
        "job3_leaving_reason": "personal",
    }
    post_step(client, "career", answers)
    page = client.get(step_url("career")).content.decode()
    summary = page[page.index('id="error-summary"') : page.index("</ul>")]
    # Every line is "where：what"; a message that names its item is the what alone.
    # Every line of an entry in one form, 「経歴2 項目名：message」 (QA of #14, finding 7).
    assert (
        '<a href="#job2_job_description">経歴2 仕事内容：仕事内容を入力してください。</a>'
        in summary
    )
    assert "経歴2 現在の状況：現在の状況（既退職・在職中）を選んでください。" in summary
    assert "経歴3 在籍期間（最終月）：月は1から12の数字で入力してください。" in summary
    assert "経歴1" not in summary


def test_a_first_choice_of_kentouchu_leaves_nothing_to_name_in_the_notice(client, taro):
    """Still 検討中, a person has neither a second choice nor the work's 内容 to give (#17)."""
    complete_steps(client, up_to="disclosure")
    undecided = {**FLYER_ANSWERS["preferences"], "desired_occupation": "undecided"}
    assert post_step(client, "preferences", undecided).url == step_url("location")


def test_the_step_4_notice_names_the_place_as_both_its_boxes(client, taro):
    complete_steps(client, up_to="preferences")
    assert post_step(client, "location", {}).url == step_url("location")
    page = client.get(step_url("location")).content.decode()
    assert "希望勤務地（都道府県・市区町村）、希望賃金（円）" in page


@pytest.mark.parametrize(
    "place", [{"desired_city": "鹿児島市"}, {"desired_prefecture": "鹿児島県"}]
)
def test_either_box_of_the_place_answers_it(client, taro, place):
    complete_steps(client, up_to="preferences")
    post_step(client, "location", place)
    form = client.get(step_url("location")).context["form"]
    assert form.unconfirmed_empty_labels == ["希望賃金（円）"]


def test_the_done_url_after_completion_shows_the_same_number(client, taro):
    complete_steps(client)
    number = Application.objects.get().number
    assert client.get("/mypage/apply/done/").url == "/mypage/"
    post_step(client, "pr")
    post_step(client, "pr")
    assert Application.objects.get().number == number
    assert Application.objects.count() == 1


def test_a_correction_goes_through_the_same_form_and_keeps_the_number(client, taro):
    complete_steps(client)
    number = Application.objects.get().number
    page = client.get(step_url("basic")).content.decode()
    assert "変更内容を確認する" in page

    corrected = {**FLYER_ANSWERS["basic"], "building": "大口ハイツ１０１"}
    response = save_correction(client, "basic", corrected)
    assert response.url == "/mypage/"
    application = Application.objects.get()
    assert application.building == "大口ハイツ１０１"
    assert application.number == number
    assert "求職番号は変わりません" in client.get("/mypage/").content.decode()


def test_the_break_is_registered_shown_on_the_mypage_and_reopened(client, taro):
    complete_steps(client)
    part_time = {
        **FLYER_ANSWERS["preferences"],
        "employment_type": "part_time",
        "work_hours": "specified",
        "work_start": "9:00",
        "work_end": "17:00",
        "work_break": "60",
        "empty_ack": "desired_job_detail",
    }
    response = save_correction(client, "preferences", part_time)
    assert response.url == "/mypage/"
    assert Application.objects.get(user=taro).work_break == 60
    assert "09:00〜17:00（休憩1時間）" in client.get("/mypage/").content.decode()

    ApplicationDraft.objects.all().delete()
    assert shown(client, "preferences")["work_break"] == ["60"]


def test_the_address_lookup_fills_prefecture_and_city_without_javascript(client, taro):
    typed = {"family_name": "大口", "postal_code": "８９５－２５１１"}
    response = post_step(client, "basic", typed, address_lookup="1")
    assert response.url == step_url("basic") + "#street"
    assert "住所を入力しました" in client.get(step_url("basic")).content.decode()
    values = shown(client, "basic")
    assert values["prefecture"] == ["鹿児島県"]
    assert values["city"] == ["伊佐市大口里"]
    assert values["family_name"] == ["大口"]


def test_an_unknown_postal_code_is_said_and_nothing_is_overwritten(client, taro):
    typed = {"postal_code": "000-0000", "city": "伊佐市"}
    post_step(client, "basic", typed, address_lookup="1")
    assert "住所が見つかりませんでした" in client.get(step_url("basic")).content.decode()
    assert shown(client, "basic")["city"] == ["伊佐市"]


def test_without_javascript_an_unknown_postal_code_opens_at_the_code_with_the_message(client, taro):
    """Not scrolled down to 番地 while the message is far above: it is by the 郵便番号."""
    response = post_step(client, "basic", {"postal_code": "000-0000"}, address_lookup="1")
    assert response.url == step_url("basic") + "#postal_code"
    page = client.get(step_url("basic")).content.decode()
    status = re.search(r'<p class="[^"]*" id="address-lookup-status"[^>]*>(.*?)</p>', page)
    assert "住所が見つかりませんでした" in status.group(1)
    code_input = re.search(r'<input[^>]*id="postal_code"[^>]*>', page).group(0)
    assert "address-lookup-status" in code_input
    # Said once: not again in the messages at the top of the page.
    assert page.count("住所が見つかりませんでした") == 1


def test_the_wizard_stores_only_the_steps_own_fields(client, taro):
    post_step(client, "basic", {"family_name": "大口"})
    stored = ApplicationDraft.objects.get(user=taro).data["step_data"]["basic"]
    assert set(stored) == {"basic-family_name"}


@pytest.mark.parametrize("step", STEP_NAMES)
def test_every_step_page_renders_with_its_number_and_title(client, taro, step):
    complete_steps(
        client, up_to=STEP_NAMES[STEP_NAMES.index(step) - 1]
    ) if step != "basic" else None
    response = client.get(step_url(step))
    assert response.status_code == 200
    number = STEP_NAMES.index(step) + 1
    assert f"求職申込み {number}/7" in response.content.decode()


def test_the_birth_date_is_shown_with_its_wareki(client, taro):
    post_step(client, "basic")
    assert "生年月日：1990年（平成2年）5月1日" in client.get(step_url("basic")).content.decode()


def test_a_step_opened_before_its_first_press_shows_no_red_errors(client, taro):
    post_step(client, "basic", {"family_name": "大口"}, address_lookup="1")
    page = client.get(step_url("basic")).content.decode()
    assert 'value="大口"' in page
    assert "入力内容を確認してください" not in page
    assert 'aria-invalid="true"' not in page
    assert client.get(step_url("basic")).context["tabs"][0]["state"] == "draft"
    assert "入力中" in page


def test_errors_appear_once_next_was_pressed_on_the_step(client, taro):
    post_step(client, "basic", {"family_name": "大口"}, address_lookup="1")
    post_step(client, "basic", {"family_name": "大口"})
    page = client.get(step_url("basic")).content.decode()
    assert "市区町村を入力してください。" in page
    assert "セイを入力してください。" in page
    assert "郵便番号を入力してください。" in page


def test_a_passed_notice_stays_passed_when_the_step_is_reopened(client, taro):
    complete_steps(client, up_to="location")
    page = client.get(step_url("location"))
    assert "未入力の項目があります" not in page.content.decode()
    ack = page.context["form"].empty_ack
    assert ack == "desired_prefecture,wage_amount"  # the flyer leaves step 4 empty
    answers = {**FLYER_ANSWERS["location"], "empty_ack": ack}
    assert post_step(client, "location", answers).url == step_url("education")


def test_a_step_waiting_on_the_notice_is_labelled_kakunin_machi(client, taro):
    complete_steps(client, up_to="preferences")
    post_step(client, "location")
    tabs = client.get(step_url("location")).context["tabs"]
    assert tabs[3]["state"] == "notice"
    assert "確認待ち" in client.get(step_url("location")).content.decode()


def test_when_correcting_saving_is_the_main_button_and_enter_saves(client, taro):
    complete_steps(client)
    page = client.get(step_url("basic")).content.decode()
    primary = page.index('class="button button--primary"')
    assert page.rfind("変更内容を確認する", 0, primary + 200) > page.rfind("<button", 0, primary)
    # The first button of the form (a <button> submits unless it says otherwise) saves.
    first_button = re.search(r"<button[^>]*>", page[page.index('id="page-form"') :]).group(0)
    assert 'name="save_changes" value="1"' in first_button
    assert "type=" not in first_button


def test_numbers_are_typed_in_text_boxes_so_nothing_is_dropped(client, taro):
    complete_steps(client, up_to="preferences")
    page = client.get(step_url("location")).content.decode()
    assert 'type="number"' not in page
    assert 'inputmode="numeric"' in page


def test_long_answers_are_typed_in_boxes_a_phone_shows_whole(client, taro):
    # 全角100文字 does not fit a one-line box on a phone: what was typed scrolls out of sight.
    complete_steps(client)
    career = client.get(step_url("career")).content.decode()
    for row in (1, 2, 3):
        assert re.search(rf'<textarea name="career-job{row}_job_description" rows="5"', career)
    assert ">\n機械組立作業</textarea>" in career
    preferences = client.get(step_url("preferences")).content.decode()
    assert '<textarea name="preferences-desired_job_detail" rows="5"' in preferences
    assert '<textarea name="pr-self_pr" rows="6"' in client.get(step_url("pr")).content.decode()
    # Names and addresses stay one-line boxes (autofill, and they are short).
    assert '<input name="basic-street"' in client.get(step_url("basic")).content.decode()


def test_the_first_completion_says_to_note_the_number(client, taro):
    complete_steps(client)
    assert "求職番号をメモしておいてください" in client.get("/mypage/").content.decode()


def test_the_two_phone_fields_say_one_of_them_is_required(client, taro):
    page = client.get(step_url("basic")).content.decode()
    assert page.count("※どちらか必須") == 2


def test_an_application_typed_in_at_the_counter_opens_in_the_wizard_as_registered(client, taro):
    complete_steps(client)
    ApplicationDraft.objects.all().delete()
    Application.objects.filter(user=taro).update(building="窓口で入力", wage_type="hourly")
    application = Application.objects.get(user=taro)
    application.wage_amount = 1200
    application.answers_changed_at = timezone.now()
    application.save()

    assert shown(client, "basic")["building"] == ["窓口で入力"]
    assert shown(client, "location")["wage_amount"] == ["1200"]
    assert shown(client, "career")["job1_job_description"] == ["機械組立作業"]
    assert shown(client, "basic")["birth_date_year"] == ["1990"]
    for step in STEP_NAMES:
        assert client.get(step_url(step)).context["tabs"][STEP_NAMES.index(step)]["state"] == "done"
    response = save_correction(client, "pr", {})
    assert response.url == "/mypage/"
    assert Application.objects.get(user=taro).building == "窓口で入力"


def test_a_change_at_the_counter_after_the_last_visit_replaces_the_stale_draft(client, taro):
    complete_steps(client)
    client.get(step_url("basic"))
    application = Application.objects.get(user=taro)
    application.phone_mobile = "080-1111-2222"
    application.answers_changed_at = timezone.now()
    application.save()
    assert shown(client, "basic")["phone_mobile"] == ["080-1111-2222"]


def test_a_status_change_at_the_counter_keeps_an_unsaved_correction(client, taro):
    complete_steps(client)
    post_step(
        client, "basic", {**FLYER_ANSWERS["basic"], "family_name": "大山"}, wizard_goto_step="pr"
    )
    Application.objects.filter(user=taro).update(status="accepted")
    application = Application.objects.get(user=taro)
    application.save()  # bumps updated_at, as accepting at the counter does
    assert shown(client, "basic")["family_name"] == ["大山"]


def test_the_help_page_is_linked_from_the_steps(client, taro):
    complete_steps(client, up_to="location")
    for step in STEP_NAMES[:5]:
        assert 'href="/help/#q4"' in client.get(step_url(step)).content.decode()


def test_an_answer_of_spaces_in_a_text_area_is_shown_again_as_typed(client, taro):
    """The page is what a browser posts back at the next press: a box it showed empty would
    lose what was typed (found by test_wizard_properties)."""
    from html.parser import HTMLParser

    complete_steps(client, STEP_NAMES[:5])
    answers = {**FLYER_ANSWERS["career"], "job3_job_description": " "}
    post_step(client, "career", answers, wizard_goto_step="career")

    class Box(HTMLParser):
        text = None

        def handle_starttag(self, tag, attrs):
            if ("name", "career-job3_job_description") in attrs:
                self.text = ""

        def handle_data(self, data):
            if self.text == "":
                self.text = data

    box = Box()
    box.feed(client.get(step_url("career")).content.decode())
    # A browser drops the newline right after <textarea>.
    assert box.text.removeprefix("\n") == " "


def test_each_item_of_a_work_history_entry_carries_its_mark(client, taro):
    """A begun entry needs its 仕事内容, 在籍期間 and 現在の状況: they say so (#17 item 5)."""
    complete_steps(client, up_to="education")
    page = client.get(step_url("career")).content.decode()
    assert page.count("※この経歴を入力する場合必須") == 4 * 3
    assert page.count("※「既退職」の場合必須") == 3

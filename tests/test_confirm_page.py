"""登録内容の確認 (#17 item 1): between step 7 and the number, and before a correction is saved."""

import pytest

from jobseeker.models import Application

from .wizard_helpers import (
    CONFIRM_URL,
    FLYER_ANSWERS,
    complete_steps,
    post_step,
    send_from_confirm,
    step_url,
)

pytestmark = pytest.mark.django_db


def test_step_7_leads_to_the_confirm_page_not_the_number(client, taro):
    response = complete_steps(client, send=False)
    assert response.url == CONFIRM_URL
    assert not Application.objects.exists()


def test_it_lists_every_answer_as_a_person_reads_it(client, taro):
    complete_steps(client, send=False)
    page = client.get(CONFIRM_URL).content.decode()
    assert "登録内容の確認" in page
    assert "オオクチ タロウ" in page  # kana converted as it will be registered
    assert "1990年" in page and "5月1日" in page  # the date in Japanese
    assert "公開しない" in page  # a choice by its label
    for number in range(1, 8):
        assert '<h2 id="step-' in page and f"{number} " in page
    assert "この内容で申し込む" in page


def test_optional_items_left_empty_are_shown_as_minyuryoku(client, taro):
    complete_steps(client, send=False)
    answers = client.get(CONFIRM_URL).context["answers"]
    pr = answers[-1]
    assert [item.value for item in pr.items] == ["未入力"]
    nearest = next(i for i in answers[0].items if i.label == "最寄り駅")
    assert nearest.value == "未入力"


def test_each_step_has_a_change_link_that_returns_to_the_confirm_page(client, taro):
    complete_steps(client, send=False)
    page = client.get(CONFIRM_URL).content.decode()
    assert 'href="/mypage/apply/basic/?return_to=confirm"' in page
    step = client.get(step_url("basic") + "?return_to=confirm")
    html = step.content.decode()
    assert 'name="return_to" value="confirm"' in html
    assert "確認画面に戻る" in html
    corrected = {**FLYER_ANSWERS["basic"], "building": "大口ハイツ１０１"}
    response = post_step(client, "basic", corrected, return_to="confirm")
    assert response.url == CONFIRM_URL
    assert "大口ハイツ１０１" in client.get(CONFIRM_URL).content.decode()


def test_an_error_on_the_way_back_keeps_returning_to_the_confirm_page(client, taro):
    complete_steps(client, send=False)
    response = post_step(
        client, "basic", {**FLYER_ANSWERS["basic"], "phone_mobile": ""}, return_to="confirm"
    )
    assert response.url == step_url("basic") + "?return_to=confirm"


def test_the_confirm_tab_opens_only_when_every_step_is_done(client, taro):
    complete_steps(client, up_to="career")
    tabs = client.get(step_url("pr")).context["tabs"]
    assert tabs[-1]["step"] == "confirm" and not tabs[-1]["reachable"]
    assert client.get(CONFIRM_URL).url == step_url("pr")
    complete_steps(client, send=False)
    tabs = client.get(step_url("pr")).context["tabs"]
    assert tabs[-1]["reachable"]
    response = post_step(client, "pr", {}, wizard_goto_step="confirm")
    assert response.url == CONFIRM_URL


def test_only_the_confirm_page_submits_and_twice_gives_one_number(client, taro):
    complete_steps(client, send=False)
    version = client.get(CONFIRM_URL).context["answers_version"]
    first = client.post(CONFIRM_URL, {"send": "apply", "answers_version": version})
    second = client.post(CONFIRM_URL, {"send": "apply", "answers_version": version})
    assert first.url == second.url == "/mypage/"
    assert Application.objects.count() == 1
    assert Application.objects.get().number


def test_input_changed_in_another_tab_is_confirmed_again(client, taro):
    complete_steps(client, send=False)
    version = client.get(CONFIRM_URL).context["answers_version"]
    post_step(client, "pr", {"self_pr": "よろしくお願いします"})
    response = client.post(CONFIRM_URL, {"send": "apply", "answers_version": version})
    assert response.url == CONFIRM_URL
    assert not Application.objects.exists()


def test_a_correction_shows_only_what_changes_before_after(client, taro):
    complete_steps(client)
    corrected = {**FLYER_ANSWERS["basic"], "building": "大口ハイツ１０１"}
    assert post_step(client, "basic", corrected, save_changes="1").url == CONFIRM_URL
    page = client.get(CONFIRM_URL)
    changes = page.context["changes"]
    assert [step.step for step in changes] == ["basic"]
    [item] = changes[0].items
    assert item.label == "住所"
    assert "大口ハイツ１０１" in item.value and "大口ハイツ" not in item.before
    html = page.content.decode()
    assert "変更前" in html and "変更後" in html and "この内容で変更する" in html
    assert Application.objects.get().building == ""  # nothing saved yet
    assert send_from_confirm(client, "correct").url == "/mypage/"
    assert Application.objects.get().building == "大口ハイツ１０１"


def test_a_correction_that_changes_nothing_says_so(client, taro):
    complete_steps(client)
    post_step(client, "basic", save_changes="1")
    html = client.get(CONFIRM_URL).content.decode()
    assert "変更された項目はありません" in html
    assert "この内容で変更する" not in html


def test_a_step_found_wrong_on_the_way_to_the_confirm_page_opens_to_return_there(client, taro):
    """基本情報 broken in another tab (kept by a tab switch, not checked): opening 確認 opens it,
    with its error, and once fixed its button comes back to 確認."""
    complete_steps(client, send=False)
    broken = {**FLYER_ANSWERS["basic"], "phone_mobile": ""}
    post_step(client, "basic", broken, wizard_goto_step="pr")
    response = client.get(CONFIRM_URL)
    assert response.url == step_url("basic") + "?return_to=confirm"
    html = client.get(response.url).content.decode()
    assert "「1 基本情報登録」の入力内容を確認してください。" in html
    assert 'name="return_to" value="confirm"' in html
    fixed = post_step(client, "basic", return_to="confirm")
    assert fixed.url == CONFIRM_URL


def test_a_step_found_wrong_when_renewing_opens_to_return_to_the_renewal(client, taro):
    complete_steps(client)
    broken = {**FLYER_ANSWERS["basic"], "phone_mobile": ""}
    post_step(client, "basic", broken, wizard_goto_step="pr")
    response = client.get(CONFIRM_URL + "?renew=1")
    assert response.url == step_url("basic") + "?return_to=renew"
    assert post_step(client, "basic", return_to="renew").url == CONFIRM_URL + "?renew=1"

"""A draft keeps only the step's own fields, each within its limit, and never grows unbounded.

Seven forged autosaves of 2.4 MB once made one account's draft 16.8 MB and its step pages
five to ten times slower. Every way a step's input is saved (次へ進む, a tab, 住所検索, the
autosave, the language switch, ログアウト) obeys the same rules (jobseeker/draft_limits.py).
"""

import html

import pytest

from jobseeker.draft_limits import draft_size
from jobseeker.models import ApplicationDraft

from .wizard_helpers import FLYER_ANSWERS, complete_steps, post_step, step_url

pytestmark = pytest.mark.django_db

WAYS = ["next", "tab", "address lookup", "autosave", "language switch", "logout"]
REFUSED = {
    "ja": "入力内容が大きすぎるため、保存できませんでした（前回保存した内容はそのまま残って",
    "en": "What you entered is too large to be saved (what was saved before is unchanged).",
}


def send_step(client, how: str, step: str, answers: dict):
    """Sends `answers` from the page of `step` the way `how` says, without following."""
    data = {f"{step}-{name}": value for name, value in answers.items()}
    data["application_wizard-current_step"] = step
    button = {
        "next": {},
        "tab": {"wizard_goto_step": step},
        "address lookup": {"address_lookup": "1"},
        "autosave": {"autosave": "1"},
        "language switch": {"language": "en"},
        "logout": {"logout": "1"},
    }[how]
    return client.post(step_url(step), {**data, **button})


def stored_step(user, step: str) -> dict:
    return ApplicationDraft.objects.get(user=user).data["step_data"][step]


def saved_draft(user) -> tuple:
    draft = ApplicationDraft.objects.get(user=user)
    return draft.data, draft.updated_at


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def assert_refused(client, how: str, response) -> None:
    """The autosave is answered 413; any other way shows the next page with the message."""
    if how == "autosave":
        assert response.status_code == 413
        return
    assert response.status_code == 302
    language = "en" if how == "language switch" else "ja"
    assert REFUSED[language] in page_text(client.get(response.url))


# -- keys and values ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", WAYS)
def test_keys_the_steps_form_does_not_have_are_never_stored(client, taro, how):
    forged = {"evil": "x" * 1000, "family_name_copy": "偽", "birth_date_hour": "9"}
    forged["empty_ack"] = "desired_prefecture"  # a hidden field of steps 3–4 only
    send_step(client, how, "basic", {**FLYER_ANSWERS["basic"], **forged})
    stored = stored_step(taro, "basic")
    assert not {f"basic-{name}" for name in forged} & set(stored)
    assert stored["basic-family_name"] == ["大口"]
    assert stored["basic-birth_date_year"] == ["１９９０"]


@pytest.mark.parametrize("how", WAYS)
def test_a_value_is_kept_up_to_twice_its_fields_limit(client, taro, how):
    long_values = {"family_name": "あ" * 5000, "gender": "female" * 100, "postal_code": "8" * 5000}
    send_step(client, how, "basic", {**FLYER_ANSWERS["basic"], **long_values})
    stored = stored_step(taro, "basic")
    assert stored["basic-family_name"] == ["あ" * 60]  # 姓: 30 characters
    assert stored["basic-gender"] == ["femalefe"]  # as long as the longest choice, "unstated"
    assert stored["basic-postal_code"] == ["8" * 50]  # no length of its own


def test_a_box_posted_many_times_keeps_only_the_value_the_form_reads(client, taro):
    post_step(client, "basic", {**FLYER_ANSWERS["basic"], "family_name": ["偽"] * 499 + ["大口"]})
    assert stored_step(taro, "basic")["basic-family_name"] == ["大口"]
    methods = ["post"] * 499 + ["mobile_phone"]
    post_step(client, "disclosure", {**FLYER_ANSWERS["disclosure"], "contact_methods": methods})
    # At most as many values as there are choices.
    assert len(stored_step(taro, "disclosure")["disclosure-contact_methods"]) == 4


def test_a_self_pr_pasted_a_little_over_its_limit_comes_back_whole_with_the_fields_message(
    client, taro
):
    complete_steps(client, up_to="career")
    pasted = "自己PRです。" * 74  # 518 characters
    response = post_step(client, "pr", {"self_pr": pasted})
    assert response.url == step_url("pr")
    page = client.get(step_url("pr"))
    assert page.context["form"]["self_pr"].value() == pasted
    assert "500文字以内で入力してください（現在518文字）。" in page_text(page)
    assert "長すぎたため" not in page_text(page)


def test_a_half_width_kana_name_is_kept_whole_as_its_limit_counts_after_conversion(client, taro):
    typed = "ｶﾞ" * 30  # 60 characters typed, 30 after conversion: ガ is one character
    response = post_step(client, "basic", {**FLYER_ANSWERS["basic"], "family_name_kana": typed})
    assert response.url == step_url("disclosure")
    assert stored_step(taro, "basic")["basic-family_name_kana"] == [typed]


def test_a_text_cut_at_twice_its_limit_is_shown_as_kept_with_the_fields_message_and_a_notice(
    client, taro
):
    complete_steps(client, up_to="career")
    response = post_step(client, "pr", {"self_pr": "あ" * 5000})
    page = client.get(response.url)
    assert page.context["form"]["self_pr"].value() == "あ" * 1000
    text = page_text(page)
    assert "「自己PR」は長すぎたため、初めの1000文字だけを保存しました。" in text
    assert "500文字以内で入力してください（現在1000文字）。" in text


# -- sizes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", WAYS)
def test_a_body_over_the_request_limit_changes_nothing_in_the_draft_and_says_so(
    client, taro, settings, how
):
    post_step(client, "basic")
    before = saved_draft(taro)
    padding = "x" * settings.DRAFT_MAX_REQUEST_BYTES
    answers = {**FLYER_ANSWERS["basic"], "family_name": "小口", "building": padding}
    response = send_step(client, how, "basic", answers)
    assert saved_draft(taro) == before
    assert_refused(client, how, response)


@pytest.mark.parametrize("how", WAYS)
def test_a_write_that_would_grow_the_draft_past_its_limit_changes_nothing_and_says_so(
    client, taro, settings, how
):
    post_step(client, "basic")
    before = saved_draft(taro)
    settings.DRAFT_MAX_BYTES = draft_size(before[0]) + 100
    answers = {**FLYER_ANSWERS["basic"], "building": "グランドハイツ大口" * 10}  # valid
    response = send_step(client, how, "basic", answers)
    assert saved_draft(taro) == before
    assert_refused(client, how, response)


def test_a_draft_already_over_its_limit_still_saves_a_step_that_does_not_make_it_larger(
    client, taro, settings
):
    """A draft bloated before the limits existed is not stuck: a step saved again as the rules
    keep it, no larger than before, is saved (and a bloated step saved again shrinks it)."""
    complete_steps(client, up_to="career")
    draft = ApplicationDraft.objects.get(user=taro)
    draft.data["step_data"]["pr"] = {"pr-evil": ["x" * settings.DRAFT_MAX_BYTES]}
    draft.save()
    response = post_step(client, "basic", {**FLYER_ANSWERS["basic"], "family_name": "口"})
    assert response.url == step_url("disclosure")
    assert stored_step(taro, "basic")["basic-family_name"] == ["口"]
    post_step(client, "pr", {"self_pr": "几帳面です"}, autosave="1")
    assert draft_size(ApplicationDraft.objects.get(user=taro).data) < settings.DRAFT_MAX_BYTES

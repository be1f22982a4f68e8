"""The tabs' states are kept in the draft, yet always say what the rules say now (issue #6).

Each step's outcome (入力済み, エラー, 確認待ち) is saved with the input it was computed from, so a
page need not check all seven steps again; these tests change what an outcome depends on
besides the step's own input and expect the tab to follow.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from .wizard_helpers import FLYER_ANSWERS, complete_steps, post_step, step_url, tab_states

pytestmark = pytest.mark.django_db


def test_a_birth_date_changed_after_the_career_step_makes_that_step_an_error(client, taro):
    """経歴's dates are checked against 基本情報's birth date, so its tab follows that date."""
    complete_steps(client, up_to="education")
    post_step(client, "career", {**FLYER_ANSWERS["career"], "job1_end_year": "2000"})
    assert tab_states(client)["career"] == "done"

    # Born after the job ended (March 2000): the career step is now wrong.
    post_step(client, "basic", {**FLYER_ANSWERS["basic"], "birth_date_year": "2001"})

    assert tab_states(client)["career"] == "error"
    assert client.get("/mypage/apply/pr/").url == step_url("career")


def test_a_contact_method_follows_the_numbers_of_the_basic_step(client, taro):
    """連絡手段 固定電話 needs a 固定電話 number in 基本情報, so its tab follows that step."""
    complete_steps(client, up_to="basic")
    by_fixed_phone = {**FLYER_ANSWERS["disclosure"], "contact_methods": ["fixed_phone"]}
    assert post_step(client, "disclosure", by_fixed_phone).url == step_url("disclosure")
    page = client.get(step_url("disclosure")).content.decode()
    assert "「固定電話」を選ぶ場合は、基本情報登録で固定電話の番号を入力してください" in page

    with_fixed = {**FLYER_ANSWERS["basic"], "phone_fixed": "0995-22-8609"}
    post_step(client, "basic", with_fixed)
    assert tab_states(client)["disclosure"] == "done"

    # The number taken out again: the choice saved in 公開 is wrong again.
    post_step(client, "basic", FLYER_ANSWERS["basic"])
    assert tab_states(client)["disclosure"] == "error"
    assert client.get(step_url("preferences")).url == step_url("disclosure")


def test_a_date_rule_is_rechecked_when_the_month_changes(client, taro):
    """A step's saved outcome depends on today: 「既退職」 in a month still to come is an error
    this month and 入力済み once that month has come, without the step being sent again."""
    now = timezone.localtime()
    next_month = datetime(now.year + now.month // 12, now.month % 12 + 1, 1, 12)
    with time_machine.travel(now, tick=False):
        complete_steps(client, up_to="education")
        post_step(
            client,
            "career",
            {
                **FLYER_ANSWERS["career"],
                "job1_end_year": str(next_month.year),
                "job1_end_month": str(next_month.month),
                "job1_status": "left",
            },
        )
        assert tab_states(client)["career"] == "error"

    with time_machine.travel(timezone.make_aware(next_month + timedelta(days=1)), tick=False):
        client.force_login(taro)  # the session of last month has expired
        assert tab_states(client)["career"] == "done"

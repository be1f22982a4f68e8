"""Each step of the 求職申込み costs at most 5 database queries (issue #6's budget).

A rush of applicants is carried by the database; a step that quietly grows a query per tab or
per field would halve the number of applicants a server takes. The benchmark (bench/run) prints
the counts of every page; these tests keep the wizard's within the budget.
"""

from contextlib import contextmanager

import pytest
from django.http import HttpResponse, QueryDict

from jobseeker.models import ApplicationDraft
from jobseeker.wizard.storage import DraftStorage

from .wizard_helpers import (
    CONFIRM_URL,
    FLYER_ANSWERS,
    STEP_NAMES,
    complete_steps,
    post_step,
    step_url,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 5


@pytest.fixture
def within_budget(django_assert_max_num_queries):
    """At most QUERY_BUDGET queries, and some: the session and the account are always read."""

    @contextmanager
    def check():
        with django_assert_max_num_queries(QUERY_BUDGET) as captured:
            yield captured
        assert len(captured) >= 2

    return check


def test_every_step_get_and_post_stays_within_the_budget(client, taro, within_budget):
    """Opening each step and pressing 次へ進む (with the 未入力 notice's second press).

    The very first opening also creates the account's draft row; it is left out of the budget.
    """
    client.get(step_url("basic"))
    for index, step in enumerate(STEP_NAMES[:-1]):
        with within_budget():
            page = client.get(step_url(step))
        assert page.status_code == 200, step
        with within_budget():
            response = post_step(client, step)
        if response.url == step_url(step):  # the 未入力 notice, then the second press
            signature = client.get(step_url(step)).context["form"].empty_signature
            with within_budget():
                response = post_step(client, step, {**FLYER_ANSWERS[step], "empty_ack": signature})
        assert response.url == step_url(STEP_NAMES[index + 1]), step


def test_an_invalid_press_and_a_tab_stay_within_the_budget(client, taro, within_budget):
    """The flyer's traps: pressing 次へ進む with an error, and following a tab, save the input."""
    client.get(step_url("basic"))
    with within_budget():
        response = post_step(client, "basic", {**FLYER_ANSWERS["basic"], "family_name": ""})
    assert response.url == step_url("basic")
    with within_budget():
        page = client.get(step_url("basic"))
    assert "姓を入力してください。" in page.content.decode()
    with within_budget():
        response = post_step(client, "basic", wizard_goto_step="basic")
    assert response.url == step_url("basic")


def test_an_autosave_stays_within_the_budget(client, taro, within_budget):
    """Sent by every page left without a button (back, reload, another app): often."""
    client.get(step_url("basic"))
    with within_budget():
        response = post_step(client, "basic", {"family_name": "大口"}, autosave="1")
    assert response.status_code == 204


def test_two_requests_that_read_the_same_draft_keep_both_steps(rf, taro):
    """The one-UPDATE save applies only while nobody saved since the read; otherwise the steps
    are merged under the row lock, so a second tab that saves at the same moment loses nothing.
    """
    request = rf.post("/")
    request.user = taro
    first_tab = DraftStorage("application_wizard", request)
    second_tab = DraftStorage("application_wizard", request)
    first_tab.set_step_data("basic", QueryDict("basic-family_name=大口"))
    second_tab.set_step_data("disclosure", QueryDict("disclosure-disclosure=private"))
    first_tab.update_response(HttpResponse())
    second_tab.update_response(HttpResponse())

    stored = ApplicationDraft.objects.get(user=taro).data["step_data"]
    assert stored["basic"] == {"basic-family_name": ["大口"]}
    assert stored["disclosure"] == {"disclosure-disclosure": ["private"]}


def test_step_7_and_the_confirm_page_stay_within_the_budget(client, taro, within_budget):
    """確認画面へ進む on step 7, and 登録内容の確認 (#17 item 1), which reads every step."""
    complete_steps(client, up_to="career")
    with within_budget():
        assert post_step(client, "pr").url == CONFIRM_URL
    with within_budget() as captured:
        page = client.get(CONFIRM_URL)
    assert page.status_code == 200, [query["sql"] for query in captured]

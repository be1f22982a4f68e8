"""A step's page left without a button (the phone's back button, a reload) keeps what was typed.

The flyer warns that the real service's back button erases everything; our pages are never
cached, so the browser cannot restore the fields either. form.js sends the form with
`autosave=1` when the page is hidden: the wizard saves it as typed and answers 204.
"""

import pytest
from django.test import Client

from jobseeker.models import ApplicationDraft

from .wizard_helpers import complete_steps, post_step, step_url

pytestmark = pytest.mark.django_db


def shown(client, step: str) -> dict:
    """What the page of `step` shows in its fields, as the server renders it now."""
    form = client.get(step_url(step)).context["form"]
    return {name.removeprefix(f"{step}-"): form.data.getlist(name) for name in form.data}


def test_an_autosave_keeps_the_input_and_answers_no_content(client, taro):
    complete_steps(client, up_to="preferences")
    response = post_step(client, "location", {"desired_city": "伊佐市"}, autosave="1")
    assert response.status_code == 204
    assert response.content == b""
    assert shown(client, "location") == {"desired_city": ["伊佐市"]}


def test_an_autosave_is_not_next_so_invalid_input_shows_no_errors(client, taro):
    post_step(client, "basic", {"family_name": "大口", "postal_code": "12"}, autosave="1")
    page = client.get(step_url("basic"))
    html = page.content.decode()
    assert 'value="大口"' in html and 'value="12"' in html
    assert "入力内容を確認してください" not in html
    assert 'aria-invalid="true"' not in html
    assert page.context["tabs"][0]["state"] == "draft"
    draft = ApplicationDraft.objects.get(user=taro)
    assert draft.data["extra_data"].get("checked", []) == []


def test_an_autosave_does_not_move_the_wizard(client, taro):
    """Only the step's input is recorded: the step the account is on stays where it was."""
    complete_steps(client, up_to="disclosure")
    client.get(step_url("disclosure"))
    post_step(client, "preferences", {"employment_type": "part_time"}, autosave="1")
    draft = ApplicationDraft.objects.get(user=taro)
    assert draft.data["step"] == "disclosure"
    assert draft.data["step_data"]["preferences"] == {"preferences-employment_type": ["part_time"]}


def test_an_autosave_without_the_csrf_token_is_refused(taro):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(taro)
    response = browser.post(
        step_url("basic"),
        {"application_wizard-current_step": "basic", "basic-family_name": "偽", "autosave": "1"},
    )
    assert response.status_code == 403
    assert not ApplicationDraft.objects.filter(user=taro, data__step_data__has_key="basic").exists()


def test_an_autosave_with_the_pages_csrf_token_is_accepted(taro):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(taro)
    token = browser.get(step_url("basic")).context["csrf_token"]
    response = browser.post(
        step_url("basic"),
        {
            "csrfmiddlewaretoken": str(token),
            "application_wizard-current_step": "basic",
            "basic-family_name": "大口",
            "autosave": "1",
        },
    )
    assert response.status_code == 204
    assert shown(browser, "basic")["family_name"] == ["大口"]


def test_an_autosave_needs_a_login(client, db):
    response = post_step(client, "basic", {"family_name": "大口"}, autosave="1")
    assert response.status_code == 302
    assert response.url.startswith("/account/login/")
    assert not ApplicationDraft.objects.exists()

"""A step sent after the login ended, without JavaScript (issue #17 item 2): what was typed comes
back when the same person logs in again, and never reaches anyone else who logs in on the phone."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.utils import timezone

from accounts.models import User
from jobseeker.models import ApplicationDraft
from jobseeker.wizard import unsent

from .conftest import PASSWORD, enter_mailed_code, log_in_with_code
from .wizard_helpers import post_step, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user(email="bob@example.jp", password=PASSWORD)


def owner_field(client, step: str) -> dict:
    """The hidden field naming whose input the step's page holds, as the page renders it."""
    page = client.get(step_url(step)).content.decode()
    return {"draft_owner": re.search(r'name="draft_owner" value="([^"]+)"', page).group(1)}


def typed_after_the_login_ended(client, clock, **owner) -> object:
    """Alice opens step 1, the login ends while she types, and she presses 次へ進む."""
    log_in_with_code(client)
    owner = owner or owner_field(client, "basic")
    clock.shift(timedelta(hours=8, seconds=1))
    return post_step(client, "basic", {"phone_mobile": "090-1234-5678"}, **owner)


def stored_basic(user) -> dict:
    draft = ApplicationDraft.objects.filter(user=user).first()
    return (draft.data.get("step_data", {}) if draft else {}).get("basic", {})


def test_the_login_page_says_the_input_comes_back(client, alice, clock):
    response = typed_after_the_login_ended(client, clock)
    assert response.url == f"/account/login/?next={step_url('basic')}"
    page = client.get(response.url).content.decode()
    assert "もう一度ログインすると、入力していた内容が戻ります。" in page


def test_logging_in_again_opens_the_step_with_what_was_typed(client, alice, clock):
    to_login = typed_after_the_login_ended(client, clock)
    assert stored_basic(alice) == {}, "nothing is written without a login"

    client.post(to_login.url, {"username": "alice@example.jp", "password": PASSWORD})
    back = enter_mailed_code(client)
    assert back.url == step_url("basic")
    page = client.get(back.url, follow=True)
    assert page.redirect_chain == [(step_url("basic"), 302)]
    html = page.content.decode()
    assert 'value="090-1234-5678"' in html
    assert "入力していた内容を戻しました。" in html
    assert stored_basic(alice)["basic-phone_mobile"] == ["090-1234-5678"]


def test_it_comes_back_once(client, alice, clock):
    typed_after_the_login_ended(client, clock)
    log_in_with_code(client)
    client.get(step_url("basic"))
    post_step(client, "basic", {"phone_mobile": "080-0000-0000"})
    # The kept input is gone: opening the step again shows what was typed since.
    assert 'value="080-0000-0000"' in client.get(step_url("basic")).content.decode()


def test_someone_else_logging_in_on_the_phone_never_gets_it(client, alice, bob, clock):
    typed_after_the_login_ended(client, clock)
    log_in_with_code(client, email="bob@example.jp")
    assert unsent.SESSION_KEY not in client.session, "Bob's login carries none of Alice's input"
    html = client.get(step_url("basic"), follow=True).content.decode()
    assert "090-1234-5678" not in html
    assert stored_basic(bob).get("basic-phone_mobile") in (None, [""])

    # Nor is it kept for Alice once Bob has logged in and out.
    client.post("/account/logout/")
    log_in_with_code(client)
    assert "090-1234-5678" not in client.get(step_url("basic"), follow=True).content.decode()
    assert stored_basic(alice) == {}


@pytest.mark.parametrize("forged", ["", "unsigned", "signed for something else"])
def test_input_naming_no_owner_by_the_pages_signature_is_not_kept(client, alice, clock, forged):
    owner = {
        "": "",
        "unsigned": str(alice.pk),
        "signed for something else": signing.dumps(alice.pk, salt="another purpose"),
    }[forged]
    typed_after_the_login_ended(client, clock, draft_owner=owner)
    log_in_with_code(client)
    assert "090-1234-5678" not in client.get(step_url("basic"), follow=True).content.decode()


def test_a_day_old_page_is_not_kept(client, alice, clock):
    log_in_with_code(client)
    owner = owner_field(client, "basic")
    clock.shift(timedelta(days=1, seconds=1))
    post_step(client, "basic", {"phone_mobile": "090-1234-5678"}, **owner)
    log_in_with_code(client)
    assert "090-1234-5678" not in client.get(step_url("basic"), follow=True).content.decode()


def test_input_kept_longer_than_an_hour_ago_is_not_restored(client, alice, clock):
    to_login = typed_after_the_login_ended(client, clock)
    clock.shift(timedelta(hours=1, seconds=1))
    client.post(to_login.url, {"username": "alice@example.jp", "password": PASSWORD})
    enter_mailed_code(client)
    assert "090-1234-5678" not in client.get(step_url("basic"), follow=True).content.decode()


def test_it_never_overwrites_what_was_saved_since_on_another_device(client, alice, clock):
    to_login = typed_after_the_login_ended(client, clock)
    clock.shift(timedelta(minutes=1))
    elsewhere = Client()
    log_in_with_code(elsewhere)
    post_step(elsewhere, "basic", {"phone_mobile": "080-0000-0000"})

    client.post(to_login.url, {"username": "alice@example.jp", "password": PASSWORD})
    enter_mailed_code(client)
    html = client.get(step_url("basic"), follow=True).content.decode()
    assert 'value="080-0000-0000"' in html
    assert stored_basic(alice)["basic-phone_mobile"] == ["080-0000-0000"]


def test_input_over_a_drafts_limits_is_not_kept(client, alice, clock, settings):
    log_in_with_code(client)
    owner = owner_field(client, "basic")
    clock.shift(timedelta(hours=8, seconds=1))
    settings.DRAFT_MAX_REQUEST_BYTES = 1_000
    post_step(client, "basic", {"phone_mobile": "090-1234-5678", "street": "x" * 2_000}, **owner)
    assert unsent.SESSION_KEY not in client.session

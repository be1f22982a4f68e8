"""The login's end (issue #17 item 2): 8 hours after its last request, stated on its pages,
rendered for the warning's script, and extended by 「ログインを延長する」."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from .conftest import enter_mailed_code, log_in_with_code
from .wizard_helpers import post_step, step_url

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 60 * 60


def rendered_seconds_left(page) -> int:
    return int(re.search(r'data-seconds-left="(\d+)"', page.content.decode()).group(1))


def asked_seconds_left(client) -> int:
    return client.get("/account/session/").json()["seconds_left"]


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_a_page_of_the_login_states_how_long_it_lasts(client, taro):
    page = client.get("/mypage/")
    assert "ログインの有効時間は、最後の操作から8時間です。" in page.content.decode()


def test_a_page_without_a_login_states_nothing_of_it(client):
    page = client.get("/account/login/")
    assert "ログインの有効時間" not in page.content.decode()
    assert "session.js" not in page.content.decode()


def test_it_renders_the_seconds_left(client, taro, clock):
    assert rendered_seconds_left(client.get("/mypage/")) == EIGHT_HOURS


def test_each_page_moves_the_end(client, taro, clock):
    client.get("/mypage/")
    clock.shift(timedelta(hours=7))
    assert rendered_seconds_left(client.get("/mypage/")) == EIGHT_HOURS
    clock.shift(timedelta(hours=7, minutes=59))
    assert client.get("/mypage/").status_code == 200


def test_asking_how_long_is_left_does_not_move_the_end(client, taro, clock):
    client.get("/mypage/")
    clock.shift(timedelta(hours=7))
    assert asked_seconds_left(client) == 60 * 60
    clock.shift(timedelta(minutes=59))
    assert asked_seconds_left(client) == 60


def test_the_login_ends_at_the_time_shown(client, taro, clock):
    seconds = rendered_seconds_left(client.get("/mypage/"))
    clock.shift(timedelta(seconds=seconds + 1))
    response = client.get("/mypage/")
    assert response.status_code == 302
    assert response.url.startswith("/account/login/")
    assert asked_seconds_left(client) == 0


def test_extending_moves_the_end(client, taro, clock):
    client.get("/mypage/")
    clock.shift(timedelta(hours=7, minutes=56))
    response = client.post("/account/session/")
    assert response.json() == {"seconds_left": EIGHT_HOURS}
    clock.shift(timedelta(hours=7, minutes=59))
    assert client.get("/mypage/").status_code == 200


def test_extending_needs_a_login(client):
    response = client.post("/account/session/")
    assert response.status_code == 401
    assert response.json() == {"seconds_left": 0}


def test_extending_needs_the_csrf_token(taro, clock):
    client = Client(enforce_csrf_checks=True)
    client.force_login(taro)
    page = client.get("/mypage/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    clock.shift(timedelta(hours=1))
    assert client.post("/account/session/").status_code == 403
    assert asked_seconds_left(client) == EIGHT_HOURS - 60 * 60
    response = client.post("/account/session/", HTTP_X_CSRFTOKEN=token)
    assert response.json() == {"seconds_left": EIGHT_HOURS}


def test_asking_is_refused_but_by_get_and_post(client, taro):
    assert client.put("/account/session/").status_code == 405


def test_the_logout_at_the_end_says_why_and_that_the_input_is_kept(client, taro):
    response = client.post("/account/logout/", {"logout": "ended"}, follow=True)
    assert "ログインの有効時間が終わるため、ログアウトしました。" in response.content.decode()


def test_after_the_login_ends_the_step_opens_again_with_its_input(client, alice, clock):
    """Without JavaScript: what the step sent is in the draft, and logging in again leads back
    to the step (the login's next), showing it."""
    log_in_with_code(client)
    post_step(client, "basic", {"family_name": "大口"})
    clock.shift(timedelta(hours=8, seconds=1))
    response = client.get(step_url("basic"))
    assert response.url == "/account/login/?next=/mypage/apply/basic/"
    client.post(response.url, {"username": "alice@example.jp", "password": "Hello-work7"})
    response = enter_mailed_code(client)
    assert response.url == step_url("basic")
    assert 'value="大口"' in client.get(step_url("basic")).content.decode()

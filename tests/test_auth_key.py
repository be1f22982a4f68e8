"""The 認証キー rules of SPEC "Rules", each seen through the password page a user submits."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.fields import normalize_auth_key
from accounts.keys import KEY_ALPHABET
from accounts.models import AuthKey, User

from .conftest import request_key, sent_key, submit_password

pytestmark = pytest.mark.django_db

WRONG_KEY = "WRONGKEY22"


def key_error(response) -> str:
    assert response.status_code == 200, "the account must not have been opened"
    return " ".join(str(e) for e in response.context["form"].errors.get("auth_key", []))


def test_keys_are_ten_characters_from_the_alphabet_and_differ_each_time(client):
    keys = set()
    for _ in range(5):
        request_key(client)
        keys.add(sent_key())
    assert len(keys) == 5
    assert all(len(k) == 10 and set(k) <= set(KEY_ALPHABET) for k in keys)


def test_only_an_hmac_of_the_key_is_stored(client):
    request_key(client)
    key = sent_key()
    stored = AuthKey.objects.get()
    assert key not in stored.key_digest
    assert len(stored.key_digest) == 64
    assert key not in str(AuthKey.objects.values_list().get())


def test_the_key_works_at_49_minutes_59_seconds(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_key(client)
        clock.shift(timedelta(minutes=49, seconds=59))
        assert submit_password(client, sent_key()).url == "/account/signup/done/"


def test_the_key_has_expired_at_50_minutes_01_second(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_key(client)
        clock.shift(timedelta(minutes=50, seconds=1))
        response = submit_password(client, sent_key())
    assert "有効期限（送信から50分）が過ぎています" in key_error(response)
    assert "認証キーを再送信する" in response.content.decode()
    assert not User.objects.exists()


def test_the_mail_states_the_expiry_time_in_japan(client):
    with time_machine.travel("2026-11-25 01:00:00+00:00", tick=False):
        request_key(client)
    assert "有効期限：2026年11月25日 10時50分まで" in mail.outbox[0].body


def test_a_used_key_cannot_open_a_second_account(client):
    request_key(client)
    key = sent_key()
    submit_password(client, key)
    client.logout()

    response = submit_password(client, key, email="taro@example.jp")
    assert "すでに使用され" in key_error(response)
    assert User.objects.count() == 1


def test_a_new_key_supersedes_the_old_one_and_names_when_it_was_sent(client):
    with time_machine.travel("2026-11-25 01:00:00+00:00", tick=False) as clock:
        request_key(client)
        old_key = sent_key()
        clock.shift(timedelta(minutes=5))
        client.post("/account/signup/resend/")
        new_key = sent_key()

        response = submit_password(client, old_key)
        assert "11月25日 10時05分に新しい認証キーを送信したため使えません" in key_error(response)
        assert submit_password(client, new_key).url == "/account/signup/done/"


def test_a_superseded_key_does_not_count_as_a_wrong_guess(client):
    request_key(client)
    old_key = sent_key()
    client.post("/account/signup/resend/")
    for _ in range(6):
        submit_password(client, old_key)
    assert submit_password(client, sent_key()).url == "/account/signup/done/"


def test_the_resend_button_needs_no_retyping_of_the_address(client):
    request_key(client, "hanako@example.jp")
    response = client.post("/account/signup/resend/")
    assert response.url == "/account/signup/password/"
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"], ["hanako@example.jp"]]
    page = client.get(response.url).content.decode()
    assert "新しい認証キーを送信しました" in page


def test_a_wrong_key_says_how_many_tries_are_left(client):
    request_key(client)
    assert "あと4回間違えると" in key_error(submit_password(client, WRONG_KEY))
    assert "あと3回間違えると" in key_error(submit_password(client, WRONG_KEY))


def test_five_wrong_tries_burn_the_key(client):
    request_key(client)
    key = sent_key()
    for _ in range(4):
        submit_password(client, WRONG_KEY)
    assert "5回間違えたため" in key_error(submit_password(client, WRONG_KEY))

    response = submit_password(client, key)
    assert "5回間違えたため" in key_error(response)
    assert not User.objects.exists()


def test_a_new_key_does_not_reset_the_failure_count_of_the_address(client):
    request_key(client)
    for _ in range(3):
        submit_password(client, WRONG_KEY)
    client.post("/account/signup/resend/")
    assert "あと1回" in key_error(submit_password(client, WRONG_KEY))
    assert "5回間違えたため" in key_error(submit_password(client, WRONG_KEY))
    # The right key still opens the account until it is burned; after that only a new key does.
    client.post("/account/signup/resend/")
    assert submit_password(client, sent_key()).url == "/account/signup/done/"


def test_the_failure_count_is_forgotten_after_a_day(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_key(client)
        for _ in range(5):
            submit_password(client, WRONG_KEY)
        clock.shift(timedelta(hours=24, minutes=1))
        request_key(client)
        assert "あと4回" in key_error(submit_password(client, WRONG_KEY))


def test_failures_of_one_address_do_not_burn_another_addresses_key(client):
    from django.test import Client

    other = Client()
    request_key(other, "hanako@example.jp")
    hanako_key = sent_key()
    request_key(client, "taro@example.jp")
    for _ in range(5):
        submit_password(client, WRONG_KEY)
    assert submit_password(other, hanako_key).url == "/account/signup/done/"


def test_key_requests_are_limited_per_address(client, settings):
    limit = settings.RATE_LIMITS["auth_key_request_per_address"][0]
    for _ in range(limit):
        assert request_key(client).status_code == 302
    response = request_key(client)
    assert "一時的に送信を停止しています" in response.content.decode()
    assert len(mail.outbox) == limit
    # Another address from the same client is still served.
    assert request_key(client, "hanako@example.jp").status_code == 302


def test_key_requests_are_limited_per_client(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "auth_key_request_per_client": (3, timedelta(hours=1)),
    }
    for n in range(3):
        assert request_key(client, f"user{n}@example.jp").status_code == 302
    response = request_key(client, "user9@example.jp")
    assert "一時的に送信を停止しています" in response.content.decode()
    # A client at another address is unaffected.
    response = client.post(
        "/account/signup/",
        {"email": "user9@example.jp", "email_confirm": "user9@example.jp", "agree": "on"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302


def test_key_requests_open_again_an_hour_after_the_first_counted_one(client, settings):
    limit = settings.RATE_LIMITS["auth_key_request_per_address"][0]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(limit):
            assert request_key(client).status_code == 302
        refused = request_key(client)
        assert refused.status_code == 200
        assert "約60分後にもう一度お試しください" in refused.content.decode()
        clock.shift(timedelta(minutes=59, seconds=59))
        assert request_key(client).status_code == 200
        clock.shift(timedelta(seconds=1))
        assert request_key(client).status_code == 302


def test_key_checks_are_limited_per_client(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "auth_key_check_per_client": (3, timedelta(hours=1)),
    }
    request_key(client)
    key = sent_key()
    for _ in range(3):
        submit_password(client, "WRONGKEY2" + "3")
    response = submit_password(client, key)
    assert "一時的に受け付けを停止しています" in key_error(response)


@pytest.mark.parametrize(
    "pasted",
    [
        "【{key}】",
        "  {key}  ",
        "「{key}」",
        "<{key}>",
        "＜{key}＞",
        "{wide}",
        "{lower}",
        "認証キー：{key} <認証キー>",
        "{key}\n",
    ],
)
def test_a_pasted_key_is_accepted_with_brackets_spaces_and_width(client, pasted):
    request_key(client)
    key = sent_key()
    wide = "".join(chr(ord(c) + 0xFEE0) for c in key)
    typed = pasted.format(key=key, wide=wide, lower=key.lower())
    assert submit_password(client, typed).url == "/account/signup/done/"


def test_a_key_of_the_wrong_length_is_explained_and_not_counted(client):
    request_key(client)
    response = submit_password(client, "ABC")
    assert "認証キーは10文字です" in key_error(response)
    assert AuthKey.objects.get().failed_attempts == 0


def test_normalize_auth_key_keeps_only_the_keys_characters():
    assert normalize_auth_key("【ａｂｃＤ２３４５６７】 ") == "ABCD234567"


def test_an_existing_account_gets_the_same_key_rows_and_messages(client, alice):
    request_key(client, alice.email)
    assert AuthKey.objects.filter(email=alice.email).count() == 1
    assert "あと4回" in key_error(submit_password(client, WRONG_KEY))


def test_a_sixth_wrong_key_repeats_that_the_key_is_burned_and_never_says_0_tries(client):
    request_key(client)
    for _ in range(5):
        submit_password(client, WRONG_KEY)
    message = key_error(submit_password(client, WRONG_KEY))
    assert "5回間違えたため" in message
    assert "あと0回" not in message


def test_the_burned_message_says_when_tries_come_back_and_whom_to_call(client, oguchi):
    """No resend loop: it names the time the oldest counted failure leaves the 24 hours."""
    with time_machine.travel("2026-11-25 00:15:00+00:00", tick=False) as clock:
        request_key(client)
        submit_password(client, WRONG_KEY)
        clock.shift(timedelta(hours=2))
        client.post("/account/signup/resend/")
        for _ in range(3):
            submit_password(client, WRONG_KEY)
        message = key_error(submit_password(client, WRONG_KEY))
    # The first key's one failure leaves the window at 09:15 JST the next day; then 4 remain.
    assert "11月26日 09時15分までは" in message
    assert oguchi.phone in message
    assert "再送信" not in message


def test_after_the_limit_the_key_page_warns_that_one_mistake_burns_the_new_key(client):
    with time_machine.travel("2026-11-25 00:15:00+00:00", tick=False):
        request_key(client)
        for _ in range(5):
            submit_password(client, WRONG_KEY)
        client.post("/account/signup/resend/")
        page = client.get("/account/signup/password/").content.decode()
        assert "11月26日 09時15分までは、1回間違えるとこの認証キーは使えなくなります" in page
        # Its first wrong try burns the new key; the message is the same, with no resend advice.
        message = key_error(submit_password(client, WRONG_KEY))
        assert "11月26日 09時15分までは" in message
        assert "再送信" not in message


def test_a_new_key_page_says_how_many_tries_are_left_when_fewer_than_five(client):
    request_key(client)
    assert "key-allowance" not in client.get("/account/signup/password/").content.decode()
    for _ in range(2):
        submit_password(client, WRONG_KEY)
    client.post("/account/signup/resend/")
    page = client.get("/account/signup/password/").content.decode()
    assert "あと3回間違えると、この認証キーは使えなくなります" in page

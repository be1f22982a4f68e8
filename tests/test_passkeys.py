"""Passkeys (issue #16 item 5, accounts.passkeys): registered from the マイページ, a login with
neither password nor code. The answers are made by tests/passkey_helpers.py, with real keys and
signatures, and checked by py_webauthn as a phone's would be."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from accounts import password_attempts
from accounts.models import Passkey, SentMail, User

from .conftest import PASSWORD
from .passkey_helpers import (
    LOGIN_URL,
    OPTIONS_URL,
    ORIGIN,
    REGISTER_URL,
    SoftAuthenticator,
    log_in,
    logged_in_as,
    login_options,
    post_json,
    register,
    registration_options,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone() -> SoftAuthenticator:
    return SoftAuthenticator(ORIGIN)


@pytest.fixture
def taros_passkey(client, taro, phone) -> Passkey:
    """Taro registered a passkey on his phone, then logged out."""
    assert register(client, phone).status_code == 200
    client.logout()
    return taro.passkeys.get()


# -- registration options ---------------------------------------------------------------------


def test_registration_asks_for_a_discoverable_credential_with_user_verification(client, taro):
    options = registration_options(client)
    assert options["rp"] == {"id": "testserver", "name": "ハローワーク 求職者マイページ"}
    assert options["authenticatorSelection"] == {
        "residentKey": "required",
        "requireResidentKey": True,
        "userVerification": "required",
    }
    assert options["user"]["name"] == "taro@example.jp"
    assert options["excludeCredentials"] == []
    assert options["timeout"] == 5 * 60 * 1000


def test_registration_excludes_the_accounts_own_passkeys_only(client, taro, alice, phone):
    register(client, phone)
    client.force_login(alice)
    register(client, SoftAuthenticator(ORIGIN))
    client.force_login(taro)
    excluded = registration_options(client)["excludeCredentials"]
    assert [item["id"] for item in excluded] == [taro.passkeys.get().credential_id]
    assert excluded[0]["transports"] == ["internal", "hybrid"]


def test_the_user_handle_is_random_and_the_same_for_all_of_an_accounts_passkeys(
    client, taro, phone
):
    handle = base64url_to_bytes(registration_options(client)["user"]["id"])
    assert len(handle) == 32
    # Neither the account's number nor its address: 32 random bytes, unlike any of them.
    assert handle not in (str(taro.pk).encode(), taro.email.encode())
    assert b"taro" not in handle
    register(client, phone, "iPhone")
    register(client, SoftAuthenticator(ORIGIN), "iPad")
    handles = {passkey.user_handle for passkey in taro.passkeys.all()}
    assert len(handles) == 1
    assert registration_options(client)["user"]["id"] == handles.pop()


def test_registration_needs_a_name(client, taro):
    response = client.post(OPTIONS_URL, {"name": "  "})
    assert response.status_code == 400
    assert response.json() == {
        "error": "パスキーの名前を入力してください（例：iPhone）。",
        "field": "name",
    }


def test_a_name_longer_than_50_characters_is_refused(client, taro):
    response = client.post(OPTIONS_URL, {"name": "あ" * 51})
    assert (
        response.json()["error"] == "パスキーの名前は50文字以内で入力してください（現在51文字）。"
    )


def test_registration_needs_a_login(client):
    assert client.post(OPTIONS_URL, {"name": "iPhone"}).status_code == 302
    assert client.get("/account/passkeys/").status_code == 302


# -- registration -------------------------------------------------------------------------------


def test_it_registers_a_named_passkey_and_mails_the_address(client, taro, phone):
    response = register(client, phone, "私のiPhone")
    assert response.json() == {"redirect": "/account/passkeys/"}
    passkey = taro.passkeys.get()
    assert passkey.name == "私のiPhone"
    assert passkey.credential_id == bytes_to_base64url(phone.credentials[0].id)
    assert (passkey.sign_count, passkey.last_used_at) == (0, None)
    assert passkey.transports == ["internal", "hybrid"]
    message = mail.outbox[-1]
    assert message.to == ["taro@example.jp"]
    assert message.subject == "【ハローワーク】パスキーを登録しました"
    assert "パスキーの名前：私のiPhone" in message.body
    assert "http://testserver/account/passkeys/" in message.body
    assert SentMail.objects.get(tag="passkey-added").user == taro
    page = client.get("/account/passkeys/").content.decode()
    assert "パスキー「私のiPhone」を登録しました。" in page


def test_a_registration_challenge_answers_once(client, taro, phone):
    credential = phone.create(registration_options(client))
    assert post_json(client, REGISTER_URL, {"credential": credential}).status_code == 200
    Passkey.objects.all().delete()
    response = post_json(client, REGISTER_URL, {"credential": credential})
    assert response.status_code == 400
    assert "もう一度お試しください" in response.json()["error"]
    assert not Passkey.objects.exists()


def test_a_registration_challenge_expires_after_five_minutes(client, taro, phone):
    credential = phone.create(registration_options(client))
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        response = post_json(client, REGISTER_URL, {"credential": credential})
    assert response.json()["error"] == (
        "時間が経ったため、パスキーを確認できませんでした。もう一度お試しください。"
    )
    assert not Passkey.objects.exists()


@pytest.mark.parametrize(
    "answer",
    [
        {"origin": "https://hellowork.example.com"},
        {"rp_id": "example.com"},
        {"verified": False},
    ],
    ids=["other-origin", "other-rp-id", "no-user-verification"],
)
def test_a_registration_answer_not_for_this_site_or_unverified_is_refused(
    client, taro, phone, answer
):
    response = register(client, phone, **answer)
    assert response.status_code == 400
    # Said to someone logged in already: no advice to log in.
    assert response.json()["error"] == "パスキーを登録できませんでした。もう一度お試しください。"
    assert not Passkey.objects.exists()


def test_registering_a_passkey_asks_for_the_current_password_first(client, taro):
    response = client.post(OPTIONS_URL, {"name": "iPhone", "password": "Wrong-pass1"})
    assert response.status_code == 400
    assert response.json() == {"error": "現在のパスワードが正しくありません。", "field": "password"}
    # No challenge was issued: nothing the phone makes now could be registered.
    assert "passkey_registration" not in client.session


def test_wrong_passwords_at_passkey_registration_end_the_session_as_elsewhere(
    client, taro, settings
):
    limit, _ = settings.RATE_LIMITS["login_failure_per_address"]
    for _ in range(limit - 1):
        password_attempts.count_failure(taro.email, "")
    response = client.post(OPTIONS_URL, {"name": "iPhone", "password": "Wrong-pass1"})
    assert response.json() == {"redirect": "/account/login/"}
    assert "_auth_user_id" not in client.session


def test_a_credential_registered_already_is_refused(client, taro, alice, phone):
    register(client, phone, credential_id=b"same-credential-id")
    client.force_login(alice)
    response = register(client, SoftAuthenticator(ORIGIN), credential_id=b"same-credential-id")
    assert response.json()["error"] == "このパスキーは、すでに登録されています。"
    assert not alice.passkeys.exists()


def test_the_relying_party_comes_from_settings_where_public_base_url_is_set(client, taro, settings):
    settings.WEBAUTHN_RP_ID = "oguchi.example.jp"
    settings.WEBAUTHN_ORIGIN = "https://oguchi.example.jp"
    options = registration_options(client)
    assert options["rp"]["id"] == "oguchi.example.jp"
    # An answer made for this request's host is not one for the configured site.
    response = register(client, SoftAuthenticator(ORIGIN), rp_id="testserver")
    assert response.status_code == 400
    assert register(client, SoftAuthenticator("https://oguchi.example.jp")).status_code == 200


# -- login --------------------------------------------------------------------------------------


def test_login_options_let_the_browser_offer_any_passkey_and_require_verification(client):
    options = login_options(client)
    assert options["rpId"] == "testserver"
    assert options.get("allowCredentials", []) == []
    assert options["userVerification"] == "required"


def test_a_passkey_logs_in_without_password_or_code(client, taros_passkey, phone):
    before = client.session.session_key
    response = log_in(client, phone)
    assert response.json() == {"redirect": "/mypage/"}
    assert logged_in_as(client) == taros_passkey.user
    assert client.session.session_key != before
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
    taros_passkey.refresh_from_db()
    assert taros_passkey.sign_count == 1
    assert taros_passkey.last_used_at is not None
    assert client.get("/mypage/").status_code == 200


def test_a_passkey_login_ends_a_password_login_waiting_for_its_code(
    client, taros_passkey, phone, alice
):
    client.post("/account/login/", {"username": alice.email, "password": PASSWORD})
    assert "pending_login" in client.session
    log_in(client, phone)
    assert logged_in_as(client) == taros_passkey.user
    assert "pending_login" not in client.session


def test_a_passkey_login_goes_to_a_safe_next_only(client, taros_passkey, phone):
    assert log_in(client, phone, "/account/passkeys/").json()["redirect"] == "/account/passkeys/"
    client.logout()
    assert log_in(client, phone, "https://evil.example/").json()["redirect"] == "/mypage/"


def test_a_login_challenge_answers_once(client, taro):
    # A passkey without a counter: only the challenge stands between a copied answer and a login.
    synced = SoftAuthenticator(ORIGIN, counts=False)
    register(client, synced)
    client.logout()
    credential = synced.get(login_options(client))
    assert post_json(client, LOGIN_URL, {"credential": credential}).status_code == 200
    # Sent again in the same session (a logout would end the challenge with the session).
    response = post_json(client, LOGIN_URL, {"credential": credential})
    assert response.status_code == 400


def test_a_login_challenge_expires_after_five_minutes(client, taros_passkey, phone):
    credential = phone.get(login_options(client))
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        response = post_json(client, LOGIN_URL, {"credential": credential})
    assert "時間が経ったため" in response.json()["error"]
    assert logged_in_as(client) is None


def test_a_registration_challenge_does_not_serve_a_login(client, taro, phone):
    register(client, phone)
    options = registration_options(client)
    client.logout()
    credential = phone.get({"rpId": "testserver", "challenge": options["challenge"]})
    assert post_json(client, LOGIN_URL, {"credential": credential}).status_code == 400


@pytest.mark.parametrize(
    "answer",
    [
        {"origin": "https://hellowork.example.com"},
        {"rp_id": "example.com"},
        {"verified": False},
    ],
    ids=["other-origin", "other-rp-id", "no-user-verification"],
)
def test_a_login_answer_not_for_this_site_or_unverified_is_refused(
    client, taros_passkey, phone, answer
):
    response = log_in(client, phone, **answer)
    assert response.status_code == 400
    assert "パスキーを確認できませんでした" in response.json()["error"]
    assert logged_in_as(client) is None


def test_an_unknown_passkey_is_refused(client, taro, phone):
    phone.create(registration_options(client))  # made on the phone, never sent to the server
    client.logout()
    response = log_in(client, phone)
    assert response.status_code == 400
    assert "このパスキーは登録されていません" in response.json()["error"]
    assert logged_in_as(client) is None


def test_a_user_handle_other_than_the_passkeys_is_refused(client, taros_passkey, alice, phone):
    response = log_in(client, phone, user_handle=b"\x00" * 32)
    assert response.status_code == 400
    assert logged_in_as(client) is None


def test_a_signature_counter_that_did_not_go_up_is_refused_and_logged(
    client, taros_passkey, phone, caplog
):
    log_in(client, phone, sign_count=7)
    client.logout()
    with caplog.at_level(logging.WARNING, logger="accounts.passkeys"):
        response = log_in(client, phone, sign_count=7)
    assert response.status_code == 400
    assert logged_in_as(client) is None
    assert "signature counter 7 is not above 7" in caplog.text
    response = log_in(client, phone, sign_count=0)
    assert response.status_code == 400
    taros_passkey.refresh_from_db()
    assert taros_passkey.sign_count == 7


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; row locks need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_one_counter_value_sent_at_the_same_moment_logs_in_once(client, taro, phone):
    """A copied authenticator used at the same moment as the original: the counter is checked
    and written under the passkey's row lock, so only one of the answers with the same value
    logs in."""
    register(client, phone)
    browsers = [Client() for _ in range(4)]
    answers = [phone.get(login_options(browser), sign_count=5) for browser in browsers]
    start = threading.Barrier(len(browsers), timeout=30)

    def send(browser, credential):
        try:
            start.wait()
            return post_json(browser, LOGIN_URL, {"credential": credential}).status_code
        finally:
            connection.close()  # left open, it would block dropping the test database

    with ThreadPoolExecutor(len(browsers)) as pool:
        statuses = list(pool.map(send, browsers, answers))
    assert sorted(statuses) == [200, 400, 400, 400]
    assert Passkey.objects.get().sign_count == 5


def test_an_authenticator_without_a_counter_logs_in_every_time(client, taro):
    synced = SoftAuthenticator(ORIGIN, counts=False)
    register(client, synced)
    for _ in range(2):
        client.logout()
        assert log_in(client, synced).status_code == 200
        assert logged_in_as(client) == taro


def test_an_inactive_accounts_passkey_logs_in_no_one(client, taros_passkey, phone):
    User.objects.filter(pk=taros_passkey.user_id).update(is_active=False)
    assert log_in(client, phone).status_code == 400
    assert logged_in_as(client) is None


def test_failed_passkey_logins_count_against_the_clients_login_limit(
    client, taros_passkey, phone, settings
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login_failure_per_client": (3, timedelta(minutes=15)),
    }
    stranger = SoftAuthenticator(ORIGIN)
    stranger.create({"user": {"id": "AAAA"}, "rp": {"id": "testserver"}, "challenge": "AAAA"})
    for _ in range(3):
        assert log_in(client, stranger).status_code == 400
    # Taro's own passkey from that client now waits too, and so does a password.
    response = log_in(client, phone)
    assert response.status_code == 429
    assert response.json()["error"].startswith(
        "ログインの失敗が続いたため、一時的にログインできません。"
    )
    assert logged_in_as(client) is None
    assert password_attempts.refused("taro@example.jp", "127.0.0.1")
    page = client.post("/account/login/", {"username": "taro@example.jp", "password": PASSWORD})
    assert "一時的にログインできません" in page.content.decode()

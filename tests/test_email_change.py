"""Changing the account's mail address from the マイページ, re-verified by a mailed 認証キー."""

import html

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User

from .conftest import PASSWORD, sent_key

pytestmark = pytest.mark.django_db


def ask_to_change(client, new="alice.new@example.jp", confirm=None, password=PASSWORD):
    data = {"email": new, "email_confirm": confirm or new, "password": password}
    return client.post("/account/email/change/", data)


def confirm(client, key):
    return client.post("/account/email/change/confirm/", {"auth_key": key})


def test_the_new_address_is_verified_by_a_key_sent_there(client, alice):
    client.force_login(alice)
    response = ask_to_change(client, "ＡＬＩＣＥ．ＮＥＷ＠ｅｘａｍｐｌｅ．ｊｐ")
    assert response.url == "/account/email/change/confirm/"
    [message] = mail.outbox
    assert message.to == ["alice.new@example.jp"]
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"

    assert confirm(client, f"【{sent_key()}】").url == "/mypage/"
    notice = mail.outbox[-1]
    assert notice.to == ["alice@example.jp"]
    assert "alice.new@example.jp" in notice.body
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.jp"
    assert Client().login(email="alice.new@example.jp", password=PASSWORD)
    assert "メールアドレスを変更しました" in client.get("/mypage/").content.decode()


def test_a_wrong_key_changes_nothing_and_says_how_many_tries_are_left(client, alice):
    client.force_login(alice)
    ask_to_change(client)
    response = confirm(client, "WRONGKEY22")
    assert "あと4回間違えると" in response.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_an_address_taken_by_a_new_account_after_the_key_was_sent_changes_nothing(client, alice):
    client.force_login(alice)
    ask_to_change(client)
    key = sent_key()
    User.objects.create_user(email="alice.new@example.jp", password=PASSWORD)
    response = confirm(client, key)
    assert response.status_code == 200
    assert "この認証キーはすでに使用され" in html.unescape(response.content.decode())
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_a_key_sent_for_another_account_does_not_work(client, alice):
    bob = User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    bobs_browser = Client()
    bobs_browser.force_login(bob)
    ask_to_change(bobs_browser, "shared@example.jp")
    bobs_key = sent_key()

    client.force_login(alice)
    ask_to_change(client, "shared@example.jp")
    mail.outbox.clear()
    confirm(client, bobs_key)
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_an_address_of_another_account_looks_the_same_and_is_told_by_mail(client, alice):
    User.objects.create_user(email="taken@example.jp", password=PASSWORD)
    client.force_login(alice)
    assert ask_to_change(client, "taken@example.jp").url == "/account/email/change/confirm/"
    [message] = mail.outbox
    assert "すでに別のアカウントで登録されています" in message.body
    assert "認証キー：" not in message.body


def test_the_current_address_is_not_a_change(client, alice):
    client.force_login(alice)
    page = ask_to_change(client, alice.email).content.decode()
    assert "今のメールアドレスと同じです" in page
    assert mail.outbox == []


def test_resending_supersedes_the_first_key(client, alice):
    client.force_login(alice)
    ask_to_change(client)
    first = sent_key()
    client.post("/account/email/change/confirm/", {"resend": "1"})
    assert (
        "新しい認証キーを送信しました"
        in client.get("/account/email/change/confirm/").content.decode()
    )
    assert "新しい認証キーを送信したため使えません" in confirm(client, first).content.decode()
    assert confirm(client, sent_key()).url == "/mypage/"


def test_the_change_pages_need_a_login(client):
    assert client.get("/account/email/change/").url.startswith("/account/login/")
    assert client.get("/account/email/change/confirm/").url.startswith("/account/login/")


def test_the_change_needs_the_current_password(client, alice):
    client.force_login(alice)
    page = ask_to_change(client, password="Wrong-pass9").content.decode()
    assert "現在のパスワードが正しくありません。" in page
    assert mail.outbox == []


def test_a_resent_key_page_says_how_many_tries_are_left_when_fewer_than_five(client, alice):
    client.force_login(alice)
    ask_to_change(client)
    confirm(client, "WRONGKEY22")
    client.post("/account/email/change/confirm/", {"resend": "1"})
    page = client.get("/account/email/change/confirm/").content.decode()
    assert "あと4回間違えると、この認証キーは使えなくなります" in page

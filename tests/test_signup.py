"""Opening a 求職者マイページ account as the flyer describes, without its traps."""

import re

import pytest
from anymail.exceptions import AnymailAPIError
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from accounts.models import AuthKey, User

from .conftest import PASSWORD, request_key, sent_key, sent_link, submit_password

pytestmark = pytest.mark.django_db


def test_entry_page_offers_the_flyers_three_links(client):
    page = client.get("/account/").content.decode()
    assert "求職者マイページ開設（ハローワークを初めて利用する方）" in page
    assert "求職者マイページ開設（アカウント登録手続きの方）" in page
    assert "求職者マイページにログイン" in page
    assert 'href="/account/signup/"' in page
    assert 'href="/account/login/"' in page


def test_a_new_user_opens_an_account_with_the_mailed_key(client):
    response = request_key(client, "taro@example.jp")
    assert response.status_code == 302
    assert response.url == "/account/signup/password/"

    [message] = mail.outbox
    assert message.to == ["taro@example.jp"]
    assert "アカウント仮登録完了通知" in message.subject
    assert "有効期限" in message.body

    page = client.get("/account/signup/password/").content.decode()
    assert "taro@example.jp" in page

    response = submit_password(client, sent_key())
    assert response.status_code == 302
    assert response.url == "/account/signup/done/"
    user = User.objects.get(email="taro@example.jp")
    assert user.check_password(PASSWORD)
    assert user.password.startswith("argon2")

    done = client.get(response.url).content.decode()
    assert "求職者マイページアカウント登録完了" in done
    assert "マイナンバーカードを使わずに求職情報を登録" in done
    assert "マイナンバーカードを使って求職情報を登録" in done
    assert "オンライン自主応募に関する注意点" in done
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_mail_puts_the_key_alone_on_its_line_and_not_in_the_link(client):
    request_key(client)
    key = sent_key()
    assert len(key) == 10
    assert key not in sent_link()


def test_the_mail_link_opens_the_password_page_in_another_browser(client, django_user_model):
    request_key(client)
    key, link = sent_key(), sent_link()

    other_browser = Client()
    page = other_browser.get(link.removeprefix("http://testserver")).content.decode()
    assert "taro@example.jp" in page
    response = submit_password(other_browser, key)
    assert response.url == "/account/signup/done/"
    assert django_user_model.objects.filter(email="taro@example.jp").exists()


def test_the_password_page_without_session_or_link_asks_for_the_address(client):
    request_key(client)
    key = sent_key()
    client.cookies.clear()

    page = client.get("/account/signup/password/").content.decode()
    assert 'name="email"' in page
    response = submit_password(client, key, email="taro@example.jp")
    assert response.url == "/account/signup/done/"


@pytest.mark.parametrize(
    "typed",
    [
        "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
        " taro@example.jp　",
        "taro @ example.jp",
        "Taro@Example.JP",
        "ｔａｒｏ@example。jp",
    ],
)
def test_full_width_and_stray_spaces_in_the_address_are_converted(client, typed):
    response = request_key(client, typed)
    assert response.status_code == 302
    assert mail.outbox[0].to == ["taro@example.jp"]


def test_an_ime_dash_in_the_address_becomes_a_hyphen(client):
    request_key(client, "taro－yamadaー2@example.jp")
    assert mail.outbox[0].to == ["taro-yamada-2@example.jp"]


def test_the_two_addresses_must_match_after_conversion(client):
    response = request_key(client, "taro@example.jp", confirm="ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ")
    assert response.status_code == 302

    response = request_key(client, "taro@example.jp", confirm="jiro@example.jp")
    assert response.status_code == 200
    assert "一致しません" in response.content.decode()
    assert len(mail.outbox) == 1


def test_a_malformed_address_gets_a_message_and_keeps_the_input(client):
    response = request_key(client, "taro.example.jp")
    page = response.content.decode()
    assert "メールアドレスの形式が正しくありません" in page
    assert 'value="taro.example.jp"' in page
    assert mail.outbox == []


def test_an_address_over_100_characters_is_refused_after_conversion(client):
    long_address = "a" * 89 + "@example.jp"  # 100 characters
    assert request_key(client, long_address).status_code == 302

    too_long = "a" * 90 + "@example.jp"
    page = request_key(client, too_long).content.decode()
    assert "100文字以内" in page
    assert "maxlength" not in page


def test_nothing_proceeds_without_agreeing(client):
    response = request_key(client, agree=False)
    page = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'id="error-summary".*?</div>', page, re.S).group(0)
    # The label says what to agree to, and the message does not say it again.
    assert (
        "「プライバシーポリシー」「利用規約」に同意します：内容をご確認のうえ、"
        "チェックを入れてください。" in summary
    )
    assert summary.count("プライバシーポリシー") == 1
    assert 'value="taro@example.jp"' in page
    assert mail.outbox == []


def test_the_agreement_states_the_high_school_exception(client):
    page = client.get("/account/signup/").content.decode()
    assert "高等学校・中等教育学校に在学中の方" in page
    assert "プライバシーポリシー" in page
    assert "利用規約" in page


def test_an_existing_address_looks_the_same_on_screen(client, alice):
    new = request_key(client, "newcomer@example.jp")
    existing = request_key(client, alice.email)

    assert (new.status_code, new.url) == (existing.status_code, existing.url)
    new_page = client.get("/account/signup/password/").content.decode()
    assert alice.email in new_page
    assert AuthKey.objects.filter(email=alice.email).count() == 1


def test_an_existing_address_is_mailed_that_the_account_exists(client, alice):
    request_key(client, alice.email)
    [message] = mail.outbox
    assert "すでに登録されています" in message.body
    assert "http://testserver/account/login/" in message.body
    assert "http://testserver/account/password/reset/" in message.body
    assert "認証キー：" not in message.body


def test_password_errors_keep_everything_typed(client):
    request_key(client)
    key = sent_key()
    response = submit_password(client, key, password="short", confirm="short")
    page = response.content.decode()
    assert "8文字以上" in page
    assert 'value="short"' in page
    assert f'value="{key}"' in page
    assert not User.objects.exists()

    # The right key was only checked, not spent: the user can fix the password and finish.
    assert submit_password(client, key).url == "/account/signup/done/"


def test_mismatched_passwords_are_told_apart(client):
    request_key(client)
    page = submit_password(client, sent_key(), confirm="Hello-work8").content.decode()
    assert "「パスワード」と「パスワード（確認用）」が一致しません" in page


class ProviderDownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise AnymailAPIError("provider down")


def test_a_mail_provider_failure_is_told_on_the_key_page_with_the_address_kept(client, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.ProviderDownBackend"}}
    response = request_key(client)
    page = client.get(response.url).content.decode()
    assert "認証キーのメールを送信できませんでした" in page
    assert "<strong>taro@example.jp</strong>" in page
    assert "認証キーを再送信する" in page
    # 「メールアドレスを入力し直す」 leads back to the address as it was typed.
    assert 'value="taro@example.jp"' in client.get("/account/signup/").content.decode()


def test_the_mynumber_choice_explains_honestly_that_it_is_not_offered(client):
    page = client.get("/account/signup/mynumber/").content.decode()
    assert "提供していません" in page
    assert "マイナンバーカードを使わずに求職情報を登録" in page


def test_every_mail_sent_is_recorded_with_the_providers_answer(client):
    from accounts.models import SentMail

    request_key(client)
    record = SentMail.objects.get()
    assert (record.to, record.tag, record.status) == ("taro@example.jp", "auth-key", "sent")
    assert record.esp_message_id != ""


def test_a_mail_that_failed_is_recorded_as_failed(client, settings):
    from accounts.models import SentMail

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.ProviderDownBackend"}}
    request_key(client)
    assert SentMail.objects.get().status == "failed"


@pytest.mark.parametrize("page", ["/account/signup/", "/account/signup/password/"])
def test_back_to_a_signup_page_after_the_account_exists_goes_on_to_the_done_page(client, page):
    """The browser's back button after 完了 does not show an empty signup form again."""
    request_key(client)
    submit_password(client, sent_key())
    assert client.get(page).url == "/account/signup/done/"


def test_back_to_a_signup_page_after_applying_goes_to_the_mypage(client, alice, oguchi):
    from django.urls import reverse

    from tests.factories import make_application

    make_application(oguchi, 1, user=alice)
    client.force_login(alice)
    assert client.get("/account/signup/password/").url == reverse("jobseeker:mypage")

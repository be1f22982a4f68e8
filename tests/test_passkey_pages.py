"""The passkeys pages (issue #16 item 5): the マイページ's list, renaming and removing one, the
login page's 「パスキーでログイン」, and the settings that turn passkeys on."""

import re
import runpy

import pytest
from django.conf import settings as site_settings
from django.core import mail

from accounts.models import Passkey

from .passkey_helpers import (
    LOGIN_OPTIONS_URL,
    OPTIONS_URL,
    ORIGIN,
    SoftAuthenticator,
    log_in,
    register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone() -> SoftAuthenticator:
    return SoftAuthenticator(ORIGIN)


@pytest.fixture
def taros_passkey(client, taro, phone) -> Passkey:
    """Taro registered a passkey on his phone, and is still logged in."""
    assert register(client, phone).status_code == 200
    return taro.passkeys.get()


# -- the list -----------------------------------------------------------------------------------


def test_the_list_shows_each_passkey_with_its_dates(client, taros_passkey, phone):
    client.logout()
    log_in(client, phone)
    Passkey.objects.create(
        user=taros_passkey.user, name="iPad", credential_id="x", public_key=b"", user_handle="y"
    )
    page = client.get("/account/passkeys/").content.decode()
    assert page.count("<h3") == 2
    assert "iPhone" in page and "iPad" in page
    assert "登録日" in page and "最終利用日時" in page
    assert page.count("未使用") == 1


def test_the_mypage_links_to_the_passkeys(client, taro):
    assert 'href="/account/passkeys/">パスキーの管理</a>' in client.get("/mypage/").content.decode()


def test_it_removes_a_passkey_which_then_logs_in_no_one(client, taros_passkey, phone):
    url = f"/account/passkeys/{taros_passkey.pk}/delete/"
    assert "パスキー「iPhone」を削除しますか？" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "パスキー「iPhone」を削除しました。" in response.content.decode()
    assert not Passkey.objects.exists()
    client.logout()
    assert "このパスキーは登録されていません" in log_in(client, phone).json()["error"]


def test_another_accounts_passkey_can_be_neither_removed_nor_renamed(client, taros_passkey, alice):
    client.force_login(alice)
    assert client.post(f"/account/passkeys/{taros_passkey.pk}/delete/").status_code == 404
    rename = client.post(f"/account/passkeys/{taros_passkey.pk}/rename/", {"name": "盗んだ"})
    assert rename.status_code == 404
    taros_passkey.refresh_from_db()
    assert taros_passkey.name == "iPhone"


def test_it_renames_a_passkey(client, taros_passkey):
    url = f"/account/passkeys/{taros_passkey.pk}/rename/"
    assert 'value="iPhone"' in client.get(url).content.decode()
    response = client.post(url, {"name": "仕事用のiPhone"}, follow=True)
    assert "パスキーの名前を変更しました。" in response.content.decode()
    taros_passkey.refresh_from_db()
    assert taros_passkey.name == "仕事用のiPhone"


def test_a_rename_to_nothing_is_refused_with_the_name_kept(client, taros_passkey):
    response = client.post(f"/account/passkeys/{taros_passkey.pk}/rename/", {"name": ""})
    assert "パスキーの名前を入力してください（例：iPhone）。" in response.content.decode()
    taros_passkey.refresh_from_db()
    assert taros_passkey.name == "iPhone"


def test_the_passkey_mail_is_in_the_language_of_the_page_it_was_added_from(client, taro):
    client.cookies[site_settings.LANGUAGE_COOKIE_NAME] = "en"
    register(client, SoftAuthenticator(ORIGIN), "iPhone")
    message = mail.outbox[-1]
    assert message.subject == "[Hello Work] A passkey was added"
    assert not re.search(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uffef]", message.body)
    assert "Passkey name: iPhone" in message.body


# -- the login page and the settings -------------------------------------------------------------


def test_the_login_page_offers_passkeys_hidden_until_the_script_finds_support(client):
    page = client.get("/account/login/?next=/account/passkeys/").content.decode()
    assert page.index('id="page-form"') < page.index('id="passkey-login"')
    assert '<div class="passkey-login" id="passkey-login" hidden' in page
    assert 'data-next="/account/passkeys/"' in page
    assert "パスキーでログイン" in page


def test_without_passkeys_the_pages_offer_none(client, taro, settings):
    settings.PASSKEYS_ENABLED = False
    client.logout()
    assert "passkey-login" not in client.get("/account/login/").content.decode()
    assert client.post(LOGIN_OPTIONS_URL).status_code == 404
    client.force_login(taro)
    page = client.get("/account/passkeys/").content.decode()
    assert "現在、パスキーは利用できません。" in page
    assert "passkey-register" not in page
    assert client.post(OPTIONS_URL, {"name": "iPhone"}).status_code == 404


def settings_with(monkeypatch, **env) -> dict:
    """hellowork/settings.py as a process started with `env` would read it."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(site_settings.BASE_DIR / "hellowork" / "settings.py"))


def test_the_relying_party_is_the_host_of_public_base_url(monkeypatch):
    site = settings_with(monkeypatch, PUBLIC_BASE_URL="https://oguchi.example.jp:8443/")
    assert site["WEBAUTHN_RP_ID"] == "oguchi.example.jp"
    assert site["WEBAUTHN_ORIGIN"] == "https://oguchi.example.jp:8443"
    assert site["PASSKEYS_ENABLED"]


def test_passkeys_are_off_in_production_without_public_base_url(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    site = settings_with(
        monkeypatch,
        DEBUG="false",
        SECRET_KEY="x" * 50,
        MAIL_BACKEND="anymail.backends.test.EmailBackend",
    )
    assert (site["WEBAUTHN_RP_ID"], site["PASSKEYS_ENABLED"]) == ("", False)

"""What every page promises a phone user and a screen reader (issue #2, base template)."""

import re

import pytest
from django import forms

from .conftest import request_key

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/account/",
    "/account/signup/",
    "/account/signup/password/",
    "/account/signup/mynumber/",
    "/account/counter/",
    "/account/login/",
    "/account/password/reset/",
    "/account/password/reset/sent/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_pages_are_japanese_mobile_and_self_contained(client, url):
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    for asset in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page):
        assert asset.startswith("/static/"), f"{asset} is not served by us"
    assert "<script>" not in page and " style=" not in page
    assert "placeholder=" not in page


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_pages_send_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize(
    "url", ["/account/signup/", "/account/signup/password/", "/account/login/"]
)
def test_forms_leave_validation_to_the_server(client, url):
    page = client.get(url).content.decode()
    assert re.search(r"<form method=\"post\" novalidate[ >]", page)


def test_required_fields_are_marked_and_hints_are_visible_text(client):
    page = client.get("/account/signup/").content.decode()
    assert page.count("※必須") == 3
    assert '<p id="id_email_helptext">' in page
    input_tag = re.search(r'<input[^>]+id="id_email"[^>]*>', page).group(0)
    assert 'aria-describedby="id_email_helptext"' in input_tag


def test_optional_fields_are_marked_optional():
    class Form(forms.Form):
        building = forms.CharField(label="建物名・部屋番号", required=False)

    assert "※任意" in str(Form()["building"].as_field_group())


def test_an_invalid_form_has_a_summary_linking_to_each_field(client):
    response = client.post("/account/signup/", {"email": "taro.example.jp"})
    page = response.content.decode()
    summary = page[
        page.index('id="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert 'href="#id_email"' in summary
    assert 'href="#id_email_confirm"' in summary
    assert 'href="#id_agree"' in summary
    assert "入力内容を確認してください" in summary


def test_each_field_error_is_announced_with_its_field(client):
    page = client.post("/account/signup/", {"email": "taro.example.jp"}).content.decode()
    # One message is a paragraph, not a list of one (fewer bytes, and no "list, 1 item").
    assert '<p id="id_email_error">' in page
    input_tag = re.search(r'<input[^>]+id="id_email"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in input_tag
    assert 'aria-describedby="id_email_helptext id_email_error"' in input_tag


def test_several_errors_of_one_field_are_a_list_under_its_label():
    class Form(forms.Form):
        code = forms.CharField(label="コード")

        def clean_code(self):
            raise forms.ValidationError(["一つ目の理由。", "二つ目の理由。"])

    page = str(Form({"code": "x"})["code"].as_field_group())
    assert '<ul id="id_code_error"><li>一つ目の理由。</li><li>二つ目の理由。</li></ul>' in page
    assert 'aria-describedby="id_code_error"' in page


def test_the_signup_page_names_the_sender_to_allow(client, settings):
    settings.DEFAULT_FROM_EMAIL = "ハローワーク大口 <noreply@oguchi.example.jp>"
    assert "noreply@oguchi.example.jp" in client.get("/account/signup/").content.decode()


def test_the_password_page_is_never_cached(client):
    request_key(client)
    assert "no-store" in client.get("/account/signup/password/")["Cache-Control"]

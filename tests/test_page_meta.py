"""What Lighthouse (mobile) asked of every page (issue #17 item 5): a description, and an
answer at /favicon.ico."""

import re

import pytest

pytestmark = pytest.mark.django_db


def description(page) -> str:
    return re.search(r'<meta name="description" content="([^"]+)">', page.content.decode())[1]


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url == "/static/img/favicon.svg"


@pytest.mark.parametrize("url", ["/", "/account/", "/account/signup/", "/account/login/"])
def test_a_page_describes_itself(client, url):
    assert "ハローワーク大口" in description(client.get(url)) or "求職者マイページ" in description(
        client.get(url)
    )


def test_a_page_of_a_login_has_the_sites_description(client, taro):
    assert description(client.get("/mypage/")).startswith("ハローワーク大口の求職者マイページ。")


def test_the_description_is_in_english_too(client):
    client.cookies["django_language"] = "en"
    assert description(client.get("/account/login/")).startswith("Log in to the job seeker")

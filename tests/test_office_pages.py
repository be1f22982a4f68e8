"""The office's top page with the flyer's menu, leading to the signup (issue #5 item 1)."""

import re

import pytest

from jobseeker.models import Office

pytestmark = pytest.mark.django_db

FLYER_MENU = [
    "新着情報", "求人情報", "雇用保険受給手続き", "仕事をお探しの方", "事業主の方へ", "イベント",
    "広報紙・業務統計", "公式SNSアカウント", "所在地", "その他お役立ち情報", "関連リンク",
]  # fmt: skip


def test_the_top_page_shows_the_flyers_menu_in_its_order(client):
    page = client.get("/").content.decode()
    menu = page[page.index('<ul class="menu">') : page.index("</ul>")]
    assert re.findall(r">([^<>]+)</a>", menu) == FLYER_MENU
    assert "<h1>ハローワーク大口</h1>" in page


def test_every_menu_item_is_a_page(client):
    page = client.get("/").content.decode()
    for href in re.findall(r'href="(/office/[^"]+/)"', page):
        assert client.get(href).status_code == 200


def test_jobseekers_leads_to_opening_a_mypage(client):
    page = client.get("/office/jobseekers/").content.decode()
    assert 'href="/account/"' in page
    assert "マイページを開設して求職申込み" in page


def test_access_shows_the_office_record(client):
    Office.objects.filter(code="74601").update(
        address="鹿児島県伊佐市大口里1-1", opening_hours="平日 9時〜17時", phone="0995-00-1111"
    )
    page = client.get("/office/access/").content.decode()
    assert "鹿児島県伊佐市大口里1-1" in page
    assert "平日 9時〜17時" in page
    assert 'href="tel:0995-00-1111"' in page


def test_an_unknown_section_is_not_found(client):
    assert client.get("/office/nothing/").status_code == 404


def test_the_help_page_answers_the_flyers_five_questions(client, settings):
    settings.DEFAULT_FROM_EMAIL = "ハローワーク大口 <noreply@oguchi.example.jp>"
    page = client.get("/help/").content.decode()
    for question in ("Q1", "Q2", "Q3", "Q4", "Q5"):
        assert f'<h2 id="{question.lower()}">{question} ' in page
    assert "50分間有効" in page
    assert "noreply@oguchi.example.jp" in page


def test_the_help_page_is_linked_from_every_page(client):
    assert 'href="/help/"' in client.get("/account/signup/").content.decode()


def test_the_flyer_code_scans_to_the_public_signup_start(client, settings):
    import zxingcpp

    from .test_qr import rasterise

    settings.PUBLIC_BASE_URL = "https://oguchi.example.jp"
    page = client.get("/flyer/").content.decode()
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    [code] = zxingcpp.read_barcodes(rasterise(svg))
    assert code.text == "https://oguchi.example.jp/account/"
    for text in ("スマホで求職登録！", "いつでも", "時短", "便利", "①", "②", "③", "④"):
        assert text in page


def test_the_flyer_without_a_public_address_uses_this_sites(client):
    page = client.get("/flyer/").content.decode()
    assert "http://testserver/account/" in page


@pytest.mark.parametrize("url", ["/", "/flyer/", "/account/login/", "/no-such-page/"])
def test_every_page_names_its_icon_so_no_browser_asks_for_favicon_ico(client, url):
    """Without a named icon a browser asks for /favicon.ico on every fresh page: a 404 in the
    log each time (QA of #14, finding 9)."""
    from django.contrib.staticfiles import finders

    page = client.get(url).content.decode()
    icon = re.search(r'<link rel="icon" href="/static/([^"]+)" type="image/svg\+xml">', page)
    assert icon, f"{url} names no icon"
    assert finders.find(icon.group(1)), f"{icon.group(1)} is not one of our static files"


def test_the_flyer_in_english_offers_japanese_again(client):
    """The flyer has the language switch of the other pages (QA of #14, finding 10)."""
    page = client.get("/flyer/").content.decode()
    assert re.search(r'<button name="language" value="en" lang="en">English</button>', page)
    response = client.post(
        "/language/?next=/flyer/", {"language": "en"}, HTTP_REFERER="http://testserver/flyer/"
    )
    assert response.status_code == 302 and response.url == "/flyer/"
    page = client.get("/flyer/").content.decode()
    assert '<button name="language" value="ja" lang="ja">日本語</button>' in page

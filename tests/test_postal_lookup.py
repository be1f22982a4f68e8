"""住所検索 as the script asks it (/mypage/postal/?code=): JSON the 基本情報 step fills itself from.

Without the script the same button reloads the step (tests/test_wizard.py); both say the same.
"""

import pytest

from .wizard_helpers import post_step, step_url

pytestmark = pytest.mark.django_db

URL = "/mypage/postal/"


def test_it_gives_the_fields_the_address_fills(client, taro):
    response = client.get(URL, {"code": "895-2511"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "address": {"prefecture": "鹿児島県", "city": "伊佐市大口里"},
        "message": "住所を入力しました。番地と建物名・部屋番号を続けて入力してください。",
        "kind": "success",
        "focus": "street",  # where typing goes on
    }


@pytest.mark.parametrize("typed", ["８９５－２５１１", "〒895 2511", "8952511", "895ー2511"])
def test_it_takes_the_code_as_a_phone_types_it(client, taro, typed):
    response = client.get(URL, {"code": typed})
    assert response.json()["address"]["city"] == "伊佐市大口里"


def test_an_unknown_code_is_a_404_with_the_message_of_the_reload(client, taro):
    response = client.get(URL, {"code": "000-0000"})
    assert response.status_code == 404
    assert response.json() == {
        "message": "郵便番号に当てはまる住所が見つかりませんでした。郵便番号を確認してください。",
        "kind": "error",
        "focus": "postal_code",
    }


def test_a_code_of_two_prefectures_fills_nothing_and_says_why(client, taro):
    # 498-0000 is 愛知県弥富市 and 三重県桑名郡木曽岬町: any choice would be a guess.
    response = client.get(URL, {"code": "498-0000"})
    assert response.status_code == 200
    assert response.json()["address"] == {}
    assert "複数の都道府県にまたがる" in response.json()["message"]
    assert response.json()["kind"] == "warning"
    assert response.json()["focus"] == "prefecture"


def test_the_reload_says_the_same_for_a_code_of_two_prefectures(client, taro):
    post_step(client, "basic", {"postal_code": "498-0000", "city": "弥富市"}, address_lookup="1")
    page = client.get(step_url("basic"))
    assert "複数の都道府県にまたがる" in page.content.decode()
    assert page.context["form"].data["basic-city"] == "弥富市"


PREFECTURE_ONLY = (
    "この郵便番号は複数の市区町村にまたがるため、都道府県だけを入力しました。"
    "市区町村と番地を入力してください。"
)


def test_a_code_of_two_cities_fills_the_prefecture_and_asks_for_the_city(client, taro):
    # 035-0000 is むつ市 and 下北郡東通村 (青森県): 市区町村 stays to be typed, and it says so.
    response = client.get(URL, {"code": "035-0000"})
    assert response.json() == {
        "address": {"prefecture": "青森県"},
        "message": PREFECTURE_ONLY,
        "kind": "warning",
        "focus": "city",
    }


def test_the_reload_says_the_same_for_a_code_of_two_cities(client, taro):
    post_step(client, "basic", {"postal_code": "035-0000"}, address_lookup="1")
    page = client.get(step_url("basic"))
    assert PREFECTURE_ONLY in page.content.decode()
    assert page.context["form"].data["basic-prefecture"] == "青森県"
    assert page.context["form"].data.get("basic-city", "") == ""


@pytest.mark.parametrize(
    "code",
    [
        "",
        "895-251",
        "895-25111",
        "abcdefg",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "895\x002511",
        "\U0001f3e0895-2511",
        "1" * 10_000,
        "８９５－２５１１５",
    ],
)
def test_malformed_and_hostile_codes_get_the_fields_message(client, taro, code):
    response = client.get(URL, {"code": code})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message in {
        "郵便番号を入力してください。",
        "郵便番号は7桁の数字で入力してください（例：895-2511）。",
    }


@pytest.mark.parametrize(
    "query", ["", "code=%ff%fe", "code=%ed%a0%80", "code=%", "code[]=1&code=x", "code=%00"]
)
def test_broken_query_strings_are_a_400_not_a_500(client, taro, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json()["message"]


def test_it_needs_a_login(client, db):
    response = client.get(URL, {"code": "895-2511"})
    assert response.status_code == 401
    assert response.json() == {"message": "ログインしてください。"}
    assert "no-store" in response["Cache-Control"]


def test_an_answer_is_kept_only_by_this_browser(client, taro):
    cache_control = client.get(URL, {"code": "895-2511"})["Cache-Control"]
    assert "private" in cache_control and "max-age=3600" in cache_control
    assert "public" not in cache_control


def test_it_answers_only_get(client, taro):
    assert client.post(URL, {"code": "895-2511"}).status_code == 405

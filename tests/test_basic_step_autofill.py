"""基本情報登録 on a phone: the browser's autofill fills the name, address and contact boxes."""

import re

import pytest

from .wizard_helpers import step_url

pytestmark = pytest.mark.django_db

# The HTML autofill token of each box (フリガナ has none: browsers would put the 漢字 there).
AUTOFILL = {
    "family_name": "family-name",
    "given_name": "given-name",
    "birth_date_year": "bday-year",
    "birth_date_month": "bday-month",
    "birth_date_day": "bday-day",
    "postal_code": "postal-code",
    "prefecture": "address-level1",
    "city": "address-level2",
    "street": "address-line1",
    "building": "address-line2",
    "phone_fixed": "home tel",
    "phone_mobile": "mobile tel",
    "email": "email",
}


def autocomplete_of(page: str, name: str) -> str | None:
    tag = re.search(rf'<(?:input|select)[^>]*\sname="basic-{name}"[^>]*>', page)
    assert tag, f"no box named basic-{name}"
    token = re.search(r'\sautocomplete="([^"]*)"', tag.group(0))
    return token and token.group(1)


def test_the_basic_step_offers_each_box_to_the_browsers_autofill(client, taro):
    page = client.get(step_url("basic")).content.decode()
    assert {name: autocomplete_of(page, name) for name in AUTOFILL} == AUTOFILL


def test_the_furigana_boxes_are_left_out_of_name_autofill(client, taro):
    page = client.get(step_url("basic")).content.decode()
    assert autocomplete_of(page, "family_name_kana") is None
    assert autocomplete_of(page, "given_name_kana") is None

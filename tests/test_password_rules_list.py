"""A new password's rules as a list for a page without JavaScript (issue #17 item 5): each rule
before a submit, and after one whether the password sent met it, in words."""

import re

import pytest

from .conftest import request_key, sent_key

pytestmark = pytest.mark.django_db


def rules_list(page: str) -> list[str]:
    found = re.search(r'<noscript><ul class="([\w-]+)" id="id_password1_rules">(.*?)</ul>', page)
    assert found, "no list of rules"
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li.*?</li>", found[2])]


def test_the_rules_are_a_list_before_typing(client):
    request_key(client)
    page = client.get("/account/signup/password/").content.decode()
    assert rules_list(page)[:5] == [
        "全角文字・スペースなし",
        "8文字以上",
        "半角の英字",
        "半角の数字",
        "半角の記号",
    ]
    assert 'aria-describedby="id_password1_helptext id_password1_rules"' in page


def test_after_a_submit_each_rule_says_whether_it_was_met(client):
    request_key(client)
    response = client.post(
        "/account/signup/password/",
        {"password1": "abc12", "password2": "abc12", "auth_key": sent_key()},
        follow=True,
    )
    assert rules_list(response.content.decode())[:5] == [
        "✓ 全角文字・スペースなし（満たしています）",
        "✗ 8文字以上（満たしていません）",
        "✓ 半角の英字（満たしています）",
        "✓ 半角の数字（満たしています）",
        "✗ 半角の記号（満たしていません）",
    ]


def test_the_yen_sign_counts_as_the_symbol_it_is_typed_for(client):
    request_key(client)
    response = client.post(
        "/account/signup/password/",
        {"password1": "abc¥", "password2": "x", "auth_key": sent_key()},
        follow=True,
    )
    assert "✓ 半角の記号（満たしています）" in rules_list(response.content.decode())

"""The password rules are ticked off while the password is typed (with JavaScript; without it
the same rules stand as the field's hint and the server names each one unmet)."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import field

pytestmark = pytest.mark.parametrize("device", ["android"])


def test_each_rule_is_ticked_off_as_it_is_met(page, shoot):
    page.goto("/account/signup/password/")
    rules = page.locator("#id_password1_rules li")
    expect(rules).to_have_text(
        ["全角文字・スペースなし", "8文字以上", "半角の英字", "半角の数字", "半角の記号"]
    )
    met = page.locator("#id_password1_rules li.met")
    expect(met).to_have_count(0)

    field(page, "パスワード").press_sequentially("abc¥1")  # the yen key types the backslash
    expect(met).to_have_text(["全角文字・スペースなし", "半角の英字", "半角の数字", "半角の記号"])
    field(page, "パスワード").press_sequentially("234")
    expect(met).to_have_count(5)
    shoot("all-met")

    field(page, "パスワード").fill("ａｂｃ１２３４５！")
    expect(met).to_have_text(["8文字以上"])
    expect(field(page, "パスワード")).to_have_accessible_description(
        re.compile("全角文字・スペースなし")
    )

"""The password rules are ticked off while the password is typed (with JavaScript; without it
the same rules stand as the field's hint and the server names each one unmet)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.mail import signup_password_url

from .conftest import field

pytestmark = pytest.mark.parametrize("device", ["android"])


def test_each_rule_is_ticked_off_as_it_is_met(page, shoot):
    page.goto("/account/signup/password/")
    rules = page.locator("#id_password1_rules li")
    expect(rules).to_have_text(
        [
            "全角文字・スペースなし",
            "8文字以上",
            "半角の英字",
            "半角の数字",
            "半角の記号",
            "メールアドレスに似ていない",
        ]
    )
    met = page.locator("#id_password1_rules li.met")
    expect(met).to_have_count(0)

    field(page, "パスワード").press_sequentially("abc¥1")  # the yen key types the backslash
    expect(met).to_have_text(
        [
            "全角文字・スペースなし",
            "半角の英字",
            "半角の数字",
            "半角の記号",
            "メールアドレスに似ていない",
        ]
    )
    field(page, "パスワード").press_sequentially("234")
    expect(met).to_have_count(6)
    shoot("all-met")

    field(page, "パスワード").fill("ａｂｃ１２３４５！")
    expect(met).to_have_text(["8文字以上", "メールアドレスに似ていない"])
    expect(field(page, "パスワード")).to_have_accessible_description(
        re.compile("全角文字・スペースなし")
    )


def test_the_mail_address_rule_follows_the_address_typed_in_the_form(page):
    page.goto("/account/signup/password/")
    mail_rule = page.locator("#id_password1_rules li", has_text="メールアドレスに似ていない")
    field(page, "パスワード").fill("Taroyamada1!")
    expect(mail_rule).to_have_class("met")

    # The server refuses the local part's words joined, whatever the separator between them.
    field(page, "メールアドレス").fill("Taro.Yamada@example.jp")
    expect(mail_rule).not_to_have_class("met")
    field(page, "パスワード").fill("Hello-work7")
    expect(mail_rule).to_have_class("met")
    field(page, "パスワード").fill("example.jp1")  # the domain, as Django's own check sees it
    expect(mail_rule).not_to_have_class("met")


def test_the_mail_address_rule_checks_the_address_the_page_was_opened_for(page):
    page.goto(signup_password_url("", "hanako_sato@example.jp"))
    mail_rule = page.locator("#id_password1_rules li", has_text="メールアドレスに似ていない")
    field(page, "パスワード").fill("Sato-hanako1")
    expect(mail_rule).not_to_have_class("met")
    field(page, "パスワード").fill("Hello-work7")
    expect(mail_rule).to_have_class("met")

"""The script shows only texts the page gives it, so every one of them is translated (issue #5).

static/js/ enhances: live character counters (form.js), the password checklist (password.js) and
住所検索 without reload (lookup.js). Their words come from data- attributes and from the lookup
URL's answers, both rendered through gettext.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import User

from .wizard_helpers import step_url

pytestmark = pytest.mark.django_db

SCRIPTS = sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))
# Kana, CJK ideographs, full-width forms and Japanese punctuation.
JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
def basic_step(client, db) -> str:
    """The 基本情報 step as the server renders it for a logged-in job seeker."""
    user = User.objects.create_user(email="taro@example.jp", password="Hello-work7")
    client.force_login(user)
    return client.get(step_url("basic")).content.decode()


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_the_script_has_no_text_of_its_own(script):
    code = "\n".join(line.split("//")[0] for line in script.read_text().splitlines())
    assert not JAPANESE.findall(code), f"a text in {script.name} cannot be translated"


def test_a_counters_text_comes_from_the_page(basic_step):
    city = re.search(r'<input[^>]+name="basic-city"[^>]*>', basic_step).group(0)
    assert 'data-counter="50"' in city
    script = re.search(r"<script[^>]+js/form\.js[^>]*>", basic_step).group(0)
    assert 'data-counter-text="{count} / {limit}文字"' in script


def test_the_address_lookup_button_names_its_url_and_where_it_speaks(basic_step):
    button = re.search(r'<button[^>]+name="address_lookup"[^>]*>', basic_step).group(0)
    assert 'data-lookup="/mypage/postal/"' in button
    assert 'data-lookup-prefix="basic-"' in button
    assert 'aria-describedby="address-lookup-status"' in button
    assert '<p class="lookup-status" id="address-lookup-status" role="status"></p>' in basic_step


@pytest.mark.parametrize(
    ("url", "name"),
    [("/account/signup/password/", "password1"), ("/account/password/change/", "new_password1")],
)
def test_the_password_rules_the_script_ticks_off_come_from_the_page(client, db, url, name):
    if url != "/account/signup/password/":  # the signup pages send a signed-in user on
        user = User.objects.create_user(email="taro@example.jp", password="Hello-work7")
        client.force_login(user)
    page = client.get(url).content.decode()
    box = re.search(rf'<input[^>]+name="{name}"[^>]*>', page).group(0)
    assert 'data-rule-min="8"' in box
    assert 'data-rule-length="8文字以上"' in box
    assert 'data-rule-symbol="半角の記号"' in box
    confirmation = re.search(rf'<input[^>]+name="{name[:-1]}2"[^>]*>', page).group(0)
    assert "data-rule" not in confirmation


def test_the_mail_address_rule_names_the_address_the_page_knows(client, db):
    """The script checks the password against the account's address (MailAddressSimilarity-
    Validator); where the page asks for the address, it reads the box instead."""
    page = client.get("/account/signup/password/").content.decode()
    box = re.search(r'<input[^>]+name="password1"[^>]*>', page).group(0)
    assert 'data-rule-mail="メールアドレスに似ていない"' in box
    assert "data-rule-mail-address" not in box

    client.force_login(User.objects.create_user(email="taro@example.jp", password="Hello-work7"))
    page = client.get("/account/password/change/").content.decode()
    box = re.search(r'<input[^>]+name="new_password1"[^>]*>', page).group(0)
    assert 'data-rule-mail-address="taro@example.jp"' in box


@pytest.mark.parametrize(
    ("url", "scripts"),
    [
        # 「パスキーでログイン」 (static/js/passkeys.js).
        ("/account/login/", ["form.js", "passkeys.js"]),
        # A page of a login warns before it ends (static/js/session.js, issue #17).
        ("/account/passkeys/", ["form.js", "session.js", "passkeys.js"]),
        ("/account/signup/password/", ["form.js", "password.js"]),
        ("/account/password/change/", ["form.js", "password.js", "session.js"]),
        ("/mypage/apply/basic/", ["form.js", "lookup.js", "session.js"]),
        ("/help/", ["session.js"]),
    ],
)
def test_a_page_links_only_the_scripts_it_uses(client, db, url, scripts):
    """Each script weighs only on the pages it enhances (the 14 KB a page, issue #14)."""
    # The login and signup pages send a signed-in user on.
    if url not in ("/account/login/", "/account/signup/password/"):
        client.force_login(
            User.objects.create_user(email="taro@example.jp", password="Hello-work7")
        )
    page = client.get(url).content.decode()
    assert re.findall(r'<script src="/static/js/([\w.]+)"', page) == scripts

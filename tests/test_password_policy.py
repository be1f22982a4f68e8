"""The password policy: half-width letters, digits and symbols, ¥ = \\, plus Django's checks."""

import html
import re
import string

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User

from .conftest import PASSWORD, enter_mailed_code, log_in, request_key, sent_key, submit_password

pytestmark = pytest.mark.django_db

TOO_SHORT = "8文字以上にしてください（現在%d文字）。"
NO_LETTER = "半角の英字（a〜z、A〜Z）を1文字以上入れてください。"
NO_DIGIT = "半角の数字（0〜9）を1文字以上入れてください。"
NO_SYMBOL = "半角の記号（@ # ; , . / \\ - ! \" $ % & ' ( ) < など）を1文字以上入れてください。"
FULL_WIDTH = (
    "全角文字は使えません。英字・数字・記号はすべて半角で入力してください"
    "（入力モードを「英数」や「ABC」に切り替えてください）。"
)
SPACE = "スペース（空白）は使えません。"
TOO_LONG = "128文字以内にしてください。"
COMMON = "このパスワードは一般的すぎます。"
SIMILAR = "パスワードがメールアドレスと似すぎています。"
SIMILAR_TO_LOCAL_PART = (
    "メールアドレスの「@」より前の部分（%s）に似たパスワードは使えません。"
    "推測されにくい別のパスワードにしてください。"
)

SIGNUP_ADDRESS = "taro@example.jp"


def messages_for(password: str, email: str = SIGNUP_ADDRESS) -> list[str]:
    """What validate_password says about `password` for an account of `email` ([] if fine)."""
    try:
        validate_password(password, User(email=email))
    except ValidationError as error:
        return error.messages
    return []


def signup_with(client, password: str):
    """Asks for a key for taro@example.jp and sends the password page with `password`."""
    request_key(client, SIGNUP_ADDRESS)
    return submit_password(client, sent_key(), password=password)


def refused_on_the_signup_page(client, password: str) -> list[str]:
    """The password page's messages for `password`, each checked to be shown on the page."""
    response = signup_with(client, password)
    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP_ADDRESS).exists()
    errors = list(response.context["form"].errors["password1"])
    page = html.unescape(response.content.decode())
    for error in errors:
        assert error in page
    return errors


def logs_in(password: str, email: str = SIGNUP_ADDRESS) -> bool:
    """Whether the login page, in a fresh browser, lets `email` in with `password`."""
    client = Client()
    if log_in(client, email, password).status_code != 302:
        return False
    return enter_mailed_code(client).url == "/mypage/"


def test_a_too_short_password_is_told_its_current_length(client):
    assert messages_for("Ab1!") == [TOO_SHORT % 4]
    assert messages_for("Ab1!xyz") == [TOO_SHORT % 7]
    assert messages_for("Ab1!xyzw") == []

    assert refused_on_the_signup_page(client, "Ab1!x") == [TOO_SHORT % 5]


def test_a_password_without_a_letter_is_refused():
    assert messages_for("2468-1357") == [NO_LETTER]


def test_a_password_without_a_digit_is_refused():
    assert messages_for("Hello-work") == [NO_DIGIT]


def test_a_password_without_a_symbol_is_refused():
    assert messages_for("Hellowork7") == [NO_SYMBOL]


def test_full_width_characters_get_their_own_message(client):
    # Only that message: to the other rules a full-width "Ｈ" is not a letter at all.
    assert messages_for("Ｈｅｌｌｏ－ｗｏｒｋ７") == [FULL_WIDTH]
    assert messages_for("Hello-work7ａ") == [FULL_WIDTH]
    assert messages_for("ｈｅｌｌｏ") == [FULL_WIDTH]

    assert refused_on_the_signup_page(client, "Ｈｅｌｌｏ－ｗｏｒｋ７") == [FULL_WIDTH]


def test_a_space_gets_its_own_message(client):
    assert messages_for("Hello work7!") == [SPACE]
    assert messages_for("Hello-work7\u3000") == [FULL_WIDTH, SPACE]

    assert refused_on_the_signup_page(client, "Hello work7!") == [SPACE]


def test_several_unmet_rules_give_several_messages_at_once(client):
    expected = [TOO_SHORT % 5, NO_DIGIT, NO_SYMBOL]
    assert messages_for("Hxqzk") == expected

    assert refused_on_the_signup_page(client, "Hxqzk") == expected


@pytest.mark.parametrize("symbol", list(string.punctuation))
def test_every_printable_ascii_symbol_counts_as_a_symbol(client, symbol):
    password = f"Hello{symbol}work7"
    assert messages_for(password) == []

    # It survives the page round trip too (HTML escaping, %, quotes, backslash …).
    response = signup_with(client, password)
    assert response.status_code == 302
    assert response.url == "/account/signup/done/"
    assert User.objects.get(email=SIGNUP_ADDRESS).check_password(password)
    assert logs_in(password)


def test_the_yen_sign_counts_as_the_backslash_symbol():
    assert messages_for("Hello\u00a5work7") == []
    assert messages_for("Hello\\work7") == []


@pytest.mark.parametrize(
    ("set_with", "log_in_with"),
    [("Hello\u00a5work7", "Hello\\work7"), ("Hello\\work7", "Hello\u00a5work7")],
    ids=["set-with-yen", "set-with-backslash"],
)
def test_yen_and_backslash_are_the_same_key(client, set_with, log_in_with):
    response = signup_with(client, set_with)
    assert response.url == "/account/signup/done/"

    assert logs_in(log_in_with)
    assert logs_in(set_with)
    assert User.objects.get(email=SIGNUP_ADDRESS).check_password("Hello\\work7")


def test_a_64_character_password_is_accepted(client):
    password = "Hello-work7-" + "x" * 52
    assert len(password) == 64
    assert messages_for(password) == []

    response = signup_with(client, password)
    assert response.url == "/account/signup/done/"
    assert logs_in(password)


def test_the_maximum_is_128_characters():
    assert messages_for("Hello-work7-" + "x" * 116) == []
    assert messages_for("Hello-work7-" + "x" * 117) == [TOO_LONG]


def test_a_common_password_that_meets_our_rules_is_refused(client):
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" in [
        validator["NAME"] for validator in settings.AUTH_PASSWORD_VALIDATORS
    ]
    # "password1!" is in Django's list; the check ignores case.
    assert messages_for("Password1!") == [COMMON]

    assert refused_on_the_signup_page(client, "Password1!") == [COMMON]


def test_a_password_like_the_mail_address_is_refused(client):
    assert messages_for("Alice@example.jp1", email="alice@example.jp") == [SIMILAR]
    assert messages_for("Alice@example.jp1", email="jiro@mail.test") == []

    assert refused_on_the_signup_page(client, "Taro@example.jp1") == [SIMILAR]


def test_a_password_joining_the_words_of_the_mail_address_is_refused(client):
    # Django's own check measures 'taro' and 'yamada' apart and let this one through.
    refused = SIMILAR_TO_LOCAL_PART % "taro.yamada"
    assert messages_for("taroyamada1!", email="taro.yamada@example.jp") == [refused]
    assert messages_for("TaroYamada1!", email="taro.yamada@example.jp") == [refused]
    assert messages_for("Yamada-1985#", email="taro_yamada@example.jp") == [
        SIMILAR_TO_LOCAL_PART % "taro_yamada"
    ]
    assert messages_for("taroyamada1!", email="hanako+jobs@example.jp") == []
    # Pieces shorter than four characters ('a', 'jp') are in too many good passwords.
    assert messages_for("Kappa-sushi7", email="a.jp@example.jp") == []

    request_key(client, "taro.yamada@example.jp")
    response = submit_password(client, sent_key(), password="taroyamada1!")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == [refused]
    assert refused in html.unescape(response.content.decode())
    assert not User.objects.filter(email="taro.yamada@example.jp").exists()


def test_the_mail_address_rule_is_said_under_the_box_before_anything_is_typed(client):
    """Not only after a refusal: the new password's hint names every rule one can follow."""
    request_key(client, "taro.yamada@example.jp")
    page = client.get("/account/signup/password/").content.decode()
    hint = re.search(r'<[^>]+id="id_password1_helptext"[^>]*>(.*?)</', page, re.S)
    assert hint, "the password box has no hint"
    assert "半角の英字・数字・記号" in hint.group(1)
    assert "メールアドレスの一部や、メールアドレスに似たパスワードは使えません。" in hint.group(1)


def test_a_random_strong_password_is_accepted_for_a_dotted_address(client):
    assert messages_for("q7#Vm!2zLp9w", email="taro.yamada@example.jp") == []

    request_key(client, "taro.yamada@example.jp")
    response = submit_password(client, sent_key(), password="q7#Vm!2zLp9w")
    assert response.status_code == 302
    assert logs_in("q7#Vm!2zLp9w", email="taro.yamada@example.jp")


def test_passwords_are_stored_with_argon2(client):
    signup_with(client, PASSWORD)
    stored = User.objects.get(email=SIGNUP_ADDRESS).password
    assert stored.startswith("argon2$argon2id$")
    assert PASSWORD not in stored


def test_an_older_pbkdf2_hash_is_upgraded_to_argon2_at_login():
    user = User.objects.create_user(email=SIGNUP_ADDRESS)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()

    assert logs_in(PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$")

"""A form refused by the CSRF check: cookie advice for visitors, the way home for the logged in."""

import html
import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User

from .conftest import PASSWORD, enter_mailed_code, sent_key

pytestmark = pytest.mark.django_db

COOKIE_ADVICE = "Cookie（クッキー）が使えないため"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def form_token(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_login_form_sent_again_after_logging_in_opens_the_mypage(alice):
    client = browser()
    token = form_token(client.get("/account/login/"))
    wrong = {"username": alice.email, "password": "Wrong-pass1", "csrfmiddlewaretoken": token}
    retry = client.post("/account/login/", wrong)
    assert retry.status_code == 200  # the page that says the password was wrong
    right = {**wrong, "password": PASSWORD, "csrfmiddlewaretoken": form_token(retry)}
    assert client.post("/account/login/", right).url == "/account/login/code/"
    assert enter_mailed_code(client).url == "/mypage/"

    # The back button: the browser sends the wrong-password form again, its token now stale.
    again = client.post("/account/login/", wrong)

    assert again.status_code == 303
    assert again.url == "/mypage/"
    mypage = client.get(again.url)
    assert mypage.status_code == 200
    assert "ログイン済みです。" in page_text(mypage)
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_the_signup_password_form_sent_again_after_the_account_is_opened_goes_home():
    client = browser()
    signup = {"email": "taro@example.jp", "email_confirm": "taro@example.jp", "agree": "on"}
    token = form_token(client.get("/account/signup/"))
    client.post("/account/signup/", {**signup, "csrfmiddlewaretoken": token})
    page = client.get("/account/signup/password/")
    mistyped = {
        "password1": PASSWORD,
        "password2": "Other-pass9",
        "auth_key": sent_key(mail.outbox[-1]),
        "csrfmiddlewaretoken": form_token(page),
    }
    error_page = client.post("/account/signup/password/", mistyped)
    assert error_page.status_code == 200
    done = client.post(
        "/account/signup/password/",
        {**mistyped, "password2": PASSWORD, "csrfmiddlewaretoken": form_token(error_page)},
    )
    assert done.url == "/account/signup/done/"

    again = client.post("/account/signup/password/", mistyped)

    assert again.status_code == 303
    assert again.url == "/mypage/"
    assert User.objects.filter(email="taro@example.jp").count() == 1


def test_a_logged_in_job_seekers_refused_form_elsewhere_links_to_the_mypage(alice):
    client = browser()
    client.force_login(alice)
    response = client.post("/account/email/change/", {"email": "new@example.jp"})
    assert response.status_code == 403
    text = page_text(response)
    assert COOKIE_ADVICE not in text
    assert "ログイン中です。" in text
    assert '<a href="/mypage/">マイページへ</a>' in text
    assert User.objects.get(pk=alice.pk).email == "alice@example.jp"


def test_a_visitors_refused_login_still_explains_cookies(alice):
    response = browser().post("/account/login/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 403
    text = page_text(response)
    assert COOKIE_ADVICE in text
    assert "マイページを開設して求職申込み" in text


def test_a_logged_in_staff_members_re_sent_admin_login_opens_the_admin(staff):
    client = browser()
    client.force_login(staff)
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 303
    assert response.url == "/admin/"


def test_a_logged_in_staff_members_refused_admin_form_links_to_the_admin(staff, oguchi):
    client = browser()
    client.force_login(staff)
    response = client.post("/admin/jobseeker/application/add/", {})
    assert response.status_code == 403
    assert '<a href="/admin/">管理サイトのトップへ</a>' in page_text(response)


def logged_in_holding_a_stale_login_token(user) -> tuple[Client, str]:
    """A browser that opened the login page, then logged in as `user` from a second copy of
    it: the first page's token is stale (the login renewed it)."""
    client = browser()
    stale_token = form_token(client.get("/account/login/"))
    token = form_token(client.get("/account/login/"))
    login = {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post("/account/login/", login).url == "/account/login/code/"
    assert enter_mailed_code(client).url == "/mypage/"
    return client, stale_token


def test_someone_elses_stale_login_form_does_not_open_the_logged_in_persons_mypage(alice):
    """A shared phone: B's login page was open before A logged in; B's form must not land B
    on A's マイページ, and it says how to log in as B."""
    client, stale_token = logged_in_holding_a_stale_login_token(alice)
    stale = {"username": "hanako@example.jp", "password": PASSWORD}

    refused = client.post("/account/login/", {**stale, "csrfmiddlewaretoken": stale_token})

    assert refused.status_code == 403
    assert "別のメールアドレスでログイン中です" in page_text(refused)
    assert 'action="/account/logout/"' in refused.content.decode()


def test_the_same_account_typed_in_full_width_still_goes_home(alice):
    client, stale_token = logged_in_holding_a_stale_login_token(alice)
    full_width = alice.email.upper().translate({code: code + 0xFEE0 for code in range(0x21, 0x7F)})
    again = {"username": full_width, "password": PASSWORD, "csrfmiddlewaretoken": stale_token}
    assert client.post("/account/login/", again).url == "/mypage/"


def test_a_next_address_in_the_resent_login_form_is_never_followed(alice):
    client, stale_token = logged_in_holding_a_stale_login_token(alice)
    again = client.post(
        "/account/login/?next=https://evil.example/",
        {
            "username": alice.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": stale_token,
            "next": "https://evil.example/",
        },
    )
    assert (again.status_code, again.url) == (303, "/mypage/")

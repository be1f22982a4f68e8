"""The pages that ask a logged-in person for their current password count wrong ones against
the login's limit, and end the session when it closes (the security probe's finding 1)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import User

from .conftest import PASSWORD, log_in_with_code
from .factories import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fresh-start42"
PAGES = {
    "password change": (
        "/account/password/change/",
        lambda password: {
            "old_password": password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    "mail address change": (
        "/account/email/change/",
        lambda password: {
            "email": "alice.new@example.jp",
            "email_confirm": "alice.new@example.jp",
            "password": password,
        },
    ),
    "account deletion": ("/account/delete/", lambda password: {"password": password}),
}


@pytest.fixture(autouse=True)
def three_tries(settings):
    """Three wrong passwords per address in 15 minutes, with a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login_failure_per_address": (3, timedelta(minutes=15)),
    }


def page_text(response) -> str:
    return response.content.decode()


def use_up_the_limit(client, url, answers) -> None:
    """Three wrong current passwords: the third logs the session out."""
    for guess in ("Wrong-guess1", "Wrong-guess2", "Wrong-guess3"):
        client.post(url, answers(guess))


@pytest.mark.parametrize("page", PAGES)
def test_a_wrong_current_password_is_said_next_to_the_field(client, alice, page):
    url, answers = PAGES[page]
    client.force_login(alice)
    response = client.post(url, answers("Wrong-guess1"))
    assert response.status_code == 200
    assert "現在のパスワードが正しくありません。" in page_text(response)


@pytest.mark.parametrize("page", PAGES)
def test_wrong_current_passwords_use_up_the_login_limit_and_end_the_session(client, alice, page):
    url, answers = PAGES[page]
    client.force_login(alice)
    with time_machine.travel(timezone.now(), tick=False):
        for guess in ("Wrong-guess1", "Wrong-guess2"):
            assert client.post(url, answers(guess)).status_code == 200
        locked = client.post(url, answers("Wrong-guess3"), follow=True)

        assert locked.redirect_chain == [("/account/login/", 302)]
        assert "_auth_user_id" not in client.session
        said = page_text(locked)
        assert "現在のパスワードの入力を続けて間違えたため、安全のためログアウトしました" in said
        assert "約15分後に、もう一度ログインしてください" in said
        # The right password does not open the account from elsewhere either, for now.
        elsewhere = Client(REMOTE_ADDR="198.51.100.9")
        login = elsewhere.post("/account/login/", {"username": alice.email, "password": PASSWORD})
        assert "パスワードの誤りが続いたため" in page_text(login)
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize("page", PAGES)
def test_while_the_limit_is_closed_not_even_the_right_password_is_checked(client, alice, page):
    """Wrong passwords typed at the login page close it for the current-password pages too."""
    url, answers = PAGES[page]
    client.force_login(alice)
    with time_machine.travel(timezone.now(), tick=False):
        guesser = Client(REMOTE_ADDR="203.0.113.5")
        for guess in ("Wrong-guess1", "Wrong-guess2", "Wrong-guess3"):
            guesser.post("/account/login/", {"username": alice.email, "password": guess})
        response = client.post(url, answers(PASSWORD))
    assert response.status_code == 200
    assert "一時的に受け付けを停止しています" in page_text(response)
    assert User.objects.filter(email="alice@example.jp").exists()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_limit_opens_again_fifteen_minutes_after_the_first_wrong_password(client, alice):
    url, answers = PAGES["password change"]
    client.force_login(alice)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        use_up_the_limit(client, url, answers)
        assert "_auth_user_id" not in client.session
        clock.shift(timedelta(minutes=15))
        assert log_in_with_code(client).url == "/mypage/"
        assert client.post(url, answers(PASSWORD)).url == "/mypage/"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_the_admins_password_change_counts_wrong_passwords_and_ends_the_session(client, staff):
    answers = {
        "old_password": "Wrong-guess1",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(2):
            wrong = client.post("/admin/password_change/", answers)
            assert "現在のパスワードが正しくありません。" in page_text(wrong)
        locked = client.post("/admin/password_change/", answers, follow=True)
        assert locked.redirect_chain[0] == ("/admin/login/", 302)
        assert "安全のためログアウトしました" in page_text(locked)
        assert "_auth_user_id" not in client.session
    staff.refresh_from_db()
    assert staff.check_password(STAFF_PASSWORD)


def test_the_admins_password_change_still_changes_the_password(client, staff):
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": STAFF_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.url == "/admin/password_change/done/"
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)


def test_a_superuser_changes_their_own_password_only_where_the_current_one_is_asked(
    client, django_user_model
):
    """The admin's page of an account's password asks for no current password: for one's own
    account it leads to the page that does, and counts wrong ones."""
    root = django_user_model.objects.create_superuser("root@example.jp", STAFF_PASSWORD)
    client.force_login(root)
    own = f"/admin/accounts/user/{root.pk}/password/"
    assert client.get(own).url == "/admin/password_change/"
    response = client.post(own, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.url == "/admin/password_change/"
    root.refresh_from_db()
    assert root.check_password(STAFF_PASSWORD)


def test_the_last_wrong_passwords_before_the_logout_are_counted_down(client, alice, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login_failure_per_address": (5, timedelta(minutes=15)),
    }
    url, answers = PAGES["password change"]
    client.force_login(alice)
    said = [page_text(client.post(url, answers(f"Wrong-guess{n}"))) for n in range(1, 5)]
    assert "あと" not in said[0]
    assert "あと3回間違えると、安全のためログアウトします。" in said[1]
    assert "あと2回間違えると" in said[2]
    assert "あと1回間違えると" in said[3]


def test_the_reason_for_the_logout_stays_on_the_login_page_in_either_language(client, alice):
    url, answers = PAGES["password change"]
    client.force_login(alice)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        use_up_the_limit(client, url, answers)
        client.get("/account/login/")  # read once, as messages would be
        switched = client.post("/language/?next=/account/login/", {"language": "en"}, follow=True)
        assert "you have been logged out for your safety" in page_text(switched)
        assert "in about 15 minutes" in page_text(switched)
        clock.shift(timedelta(minutes=15))
        assert "logged out for your safety" not in page_text(client.get("/account/login/"))


def test_a_new_password_from_the_reset_mail_opens_the_login_at_once(client, alice):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    url, answers = PAGES["password change"]
    client.force_login(alice)
    use_up_the_limit(client, url, answers)
    uid = urlsafe_base64_encode(force_bytes(alice.pk))
    link = client.get(
        f"/account/password/reset/{uid}/{default_token_generator.make_token(alice)}/"
    ).url
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    login = elsewhere.post("/account/login/", {"username": alice.email, "password": NEW_PASSWORD})
    # The password is taken at once: what follows is the login's code, not the limit's page.
    assert login.url == "/account/login/code/"


def test_staff_logged_out_for_wrong_passwords_are_not_sent_to_a_reset_page_they_lack(client, staff):
    answers = {
        "old_password": "Wrong-guess1",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    for _ in range(3):
        locked = client.post("/admin/password_change/", answers, follow=True)
    said = page_text(locked)
    assert "システム管理者にお問い合わせください" in said
    assert "パスワードを忘れた方" not in said

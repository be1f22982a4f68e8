"""求職者マイページ開設（アカウント登録手続きの方）: an account linked to a counter application.

Issue #4 item 8.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.views.signup import SIGNUP_LINK
from jobseeker.counter_link import services
from jobseeker.models import Application
from jobseeker.numbers import format_number
from jobseeker.services import valid_until

from .conftest import request_key, sent_key, submit_password
from .factories import demo_office, make_application

pytestmark = pytest.mark.django_db

NUMBER = "74601-00000018"  # serial 1 of the demo office
BIRTH_DATE = date(1985, 4, 2)
MISMATCH = (
    "求職番号または生年月日が一致しません。窓口でお渡しした求職番号と、生年月日を確かめてください。"
)
RATE_LIMITED = "一時的に受け付けを停止しています"
# Inside one fixed window of the hourly limits, so a test never straddles two.
MID_WINDOW = "2025-06-02 10:20:00+09:00"


def counter_application(serial: int = 1, birth_date: date = BIRTH_DATE, **fields) -> Application:
    """An application staff registered at the counter: a 求職番号 and no account."""
    return make_application(
        demo_office(),
        serial,
        birth_date=birth_date,
        given_name="花子",
        given_name_kana="ハナコ",
        gender="female",
        submitted_at=timezone.now(),
        valid_until=valid_until(timezone.localdate()),
        **fields,
    )


@pytest.fixture
def hanako_application(db) -> Application:
    return counter_application()


def enter_number(client, number=NUMBER, birth_date=BIRTH_DATE):
    return client.post(
        "/account/counter/",
        {
            "number": number,
            "birth_date_year": str(birth_date.year),
            "birth_date_month": str(birth_date.month),
            "birth_date_day": str(birth_date.day),
        },
    )


def open_linked_account(client, email="hanako@example.jp", number=NUMBER):
    """The three screens after the number matched: mail address, then key and password."""
    response = enter_number(client, number)
    assert response.url == "/account/signup/"
    request_key(client, email)
    return submit_password(client, sent_key())


def errors(response) -> str:
    """The error summary's text, which is what the person reads."""
    page = response.content.decode()
    summary = re.search(r'<div [^>]*id="error-summary".*?</div>', page, re.S).group(0)
    return re.sub(r"<[^>]+>|\s+", "", summary)


def test_the_page_asks_for_the_number_and_the_birth_date(client):
    page = client.get("/account/counter/").content.decode()
    assert 'name="number"' in page
    assert 'name="birth_date_year"' in page
    assert "準備中" not in page


def test_a_counter_applicant_opens_an_account_linked_to_their_number(client, hanako_application):
    response = enter_number(client)
    assert response.status_code == 302
    assert response.url == "/account/signup/"
    assert f'求職番号 <strong class="nowrap">{NUMBER}</strong> と結び付けます' in (
        client.get("/account/signup/").content.decode()
    )

    request_key(client, "hanako@example.jp")
    assert NUMBER in client.get("/account/signup/password/").content.decode()

    response = submit_password(client, sent_key())
    assert response.status_code == 302
    assert response.url == "/mypage/"
    user = User.objects.get(email="hanako@example.jp")
    hanako_application.refresh_from_db()
    assert hanako_application.user == user
    assert SIGNUP_LINK not in client.session

    mypage = client.get("/mypage/").content.decode()
    assert f'id="jobseeker-number">{NUMBER}<' in mypage
    assert "<svg" in mypage
    assert f"求職番号 {NUMBER} と結び付けました" in mypage


def test_unknown_number_wrong_birth_date_and_linked_application_answer_alike(
    client, hanako_application, alice
):
    linked = counter_application(serial=2, user=alice)
    unknown_number = format_number("74601", 3)

    answers = [
        enter_number(Client(), unknown_number),
        enter_number(Client(), NUMBER, date(1985, 4, 3)),
        enter_number(Client(), linked.number),
    ]

    for response in answers:
        assert response.status_code == 200
        assert errors(response) == errors(answers[0])
        assert MISMATCH in response.content.decode()
        assert SIGNUP_LINK not in response.wsgi_request.session
    linked.refresh_from_db()
    assert linked.user == alice


def test_a_mismatch_keeps_what_was_typed(client, hanako_application):
    page = enter_number(client, "74601-00000026", date(1985, 4, 3)).content.decode()
    assert 'value="74601-00000026"' in page
    assert 'value="1985"' in page and 'value="3"' in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("7460100018", "求職番号は、数字5桁・ハイフン・数字8桁の13桁です"),
        ("74601-0000001X", "求職番号は、数字5桁・ハイフン・数字8桁の13桁です"),
        ("74601-00000019", "求職番号の数字に誤りがあります"),  # wrong check digit
    ],
)
def test_a_malformed_number_gets_its_own_message(client, hanako_application, typed, message):
    response = enter_number(client, typed)
    page = response.content.decode()
    assert message in page
    assert MISMATCH not in page
    assert f'value="{typed}"' in page


@pytest.mark.parametrize(
    "typed",
    ["７４６０１－００００００１８", "7460100000018", "74601ー00000018", " 74601 00000018 "],
)
def test_the_number_is_accepted_in_any_width_with_or_without_hyphen(
    client, hanako_application, typed
):
    response = enter_number(client, typed)
    assert response.url == "/account/signup/"
    assert client.session[SIGNUP_LINK] == {"id": hanako_application.pk, "number": NUMBER}


@time_machine.travel(MID_WINDOW, tick=False)
def test_tries_are_limited_per_client(settings, hanako_application):
    limit = settings.RATE_LIMITS["counter_link_per_client"][0]
    client = Client(REMOTE_ADDR="203.0.113.7")
    for serial in range(2, limit + 2):
        response = enter_number(client, format_number("74601", serial))
        assert MISMATCH in response.content.decode()

    refused = enter_number(client, NUMBER, BIRTH_DATE)
    assert RATE_LIMITED in refused.content.decode()
    assert SIGNUP_LINK not in client.session

    assert enter_number(Client(REMOTE_ADDR="198.51.100.1")).status_code == 302


@time_machine.travel(MID_WINDOW, tick=False)
def test_the_limit_message_is_the_same_for_an_unknown_number(settings, hanako_application):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "counter_link_per_client": (1, timedelta(hours=1)),
    }
    client = Client(REMOTE_ADDR="203.0.113.7")
    enter_number(client)
    known = enter_number(client)
    unknown = enter_number(client, format_number("74601", 3))
    assert RATE_LIMITED in errors(known)
    assert errors(known) == errors(unknown)


def test_an_application_is_linked_to_one_account_only(hanako_application):
    # Both browsers matched before either opened an account.
    first, second = Client(), Client()
    assert enter_number(first).status_code == 302
    assert enter_number(second).status_code == 302

    assert open_linked_account(first, "hanako@example.jp").url == "/mypage/"
    request_key(second, "someone@example.jp")
    response = submit_password(second, sent_key())

    assert response.url == "/mypage/"
    hanako_application.refresh_from_db()
    assert hanako_application.user.email == "hanako@example.jp"
    someone = User.objects.get(email="someone@example.jp")
    assert not Application.objects.filter(user=someone).exists()
    page = second.get("/mypage/").content.decode()
    assert "ほかのアカウントと結び付けられているため" in page
    assert "窓口でお問い合わせください" in page
    assert 'id="jobseeker-number"' not in page


def test_a_linked_number_cannot_be_matched_again(client, hanako_application):
    open_linked_account(client)
    response = enter_number(Client())
    assert MISMATCH in response.content.decode()


def test_an_account_opened_without_the_session_is_linked_from_the_page(client, hanako_application):
    # The mail's link may open another browser: the account is opened there, unlinked.
    enter_number(client)
    request_key(client, "hanako@example.jp")
    other_browser = Client()
    submit_password(other_browser, sent_key(), email="hanako@example.jp")
    hanako_application.refresh_from_db()
    assert hanako_application.user is None

    response = enter_number(other_browser)
    assert response.url == "/mypage/"
    hanako_application.refresh_from_db()
    assert hanako_application.user.email == "hanako@example.jp"


def test_an_account_with_an_application_is_sent_to_its_mypage(client, alice, hanako_application):
    counter_application(serial=2, user=alice)
    client.force_login(alice)
    assert client.get("/account/counter/").url == "/mypage/"
    assert enter_number(client).url == "/mypage/"
    hanako_application.refresh_from_db()
    assert hanako_application.user is None


def test_the_link_can_be_cancelled_before_the_account_is_opened(client, hanako_application):
    enter_number(client)
    response = client.post("/account/counter/cancel/")
    assert response.url == "/account/"
    assert "と結び付けます" not in client.get("/account/signup/").content.decode()

    request_key(client, "someone@example.jp")
    assert submit_password(client, sent_key()).url == "/account/signup/done/"
    hanako_application.refresh_from_db()
    assert hanako_application.user is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; row locks need PostgreSQL"
)
def test_concurrent_links_give_the_application_to_one_account():
    application = counter_application()
    threads = 8
    users = [User.objects.create_user(email=f"u{n}@example.jp") for n in range(threads)]
    start = threading.Barrier(threads, timeout=30)

    def link(user):
        try:
            start.wait()
            return services.link_counter_application(user, application.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(link, users))

    assert results.count(NUMBER) == 1
    assert results.count(None) == threads - 1
    application.refresh_from_db()
    assert application.user == users[results.index(NUMBER)]

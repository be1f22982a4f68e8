"""求職番号 + 生年月日: online linking of a number stops after repeated mismatches, for good,
until staff of its office unlock it at the counter.

Mismatches are counted per number over its lifetime, whatever the client address, and for
every well-formed number, so that an unknown number answers exactly as a real one does.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client

from accounts.models import User
from accounts.views.signup import SIGNUP_LINK
from jobseeker.counter_link import services
from jobseeker.models import AuditRecord, CounterLinkLock
from jobseeker.numbers import format_number

from .conftest import request_key, sent_key, submit_password
from .factories import make_fukuoka_office, staff_of
from .test_counter_account import (
    BIRTH_DATE,
    MISMATCH,
    NUMBER,
    counter_application,
    enter_number,
    errors,
)

pytestmark = pytest.mark.django_db

# Fewer than the setting's 5, to keep each test short; what is counted does not change.
MAX_FAILURES = 3
WRONG_DATE = date(1985, 4, 3)
UNKNOWN_NUMBER = format_number("74601", 3)
LOCKED = "オンラインでの結び付けを停止しています"
CHANGELIST = "/admin/jobseeker/application/"
JST = ZoneInfo("Asia/Tokyo")


@pytest.fixture(autouse=True)
def max_failures(settings):
    settings.COUNTER_LINK_MAX_FAILURES = MAX_FAILURES


@pytest.fixture
def hanako_application(db):
    return counter_application()


def from_address(n: int) -> Client:
    """A browser at its own IPv6 address, each in another /64 (as a patient attacker has)."""
    return Client(REMOTE_ADDR=f"2001:db8:0:{n:x}::1")


def wrong_tries(number: str, times: int, first_address: int = 0) -> list:
    """`times` wrong birth dates for `number`, each from its own client address."""
    return [enter_number(from_address(first_address + n), number, WRONG_DATE) for n in range(times)]


def lock(number: str = NUMBER) -> None:
    wrong_tries(number, MAX_FAILURES)


# -- the applicant's page --------------------------------------------------------------------------


def test_after_the_mismatches_the_right_birth_date_is_refused(hanako_application):
    lock()

    response = enter_number(from_address(100), NUMBER, BIRTH_DATE)

    assert response.status_code == 200
    assert SIGNUP_LINK not in response.wsgi_request.session
    message = errors(response)
    assert LOCKED in message
    assert "正しい生年月日を入力しても結び付けられません" in message
    # Where to go instead: the office the number belongs to, with its phone number.
    assert "求職番号と本人確認書類" in message
    assert "ハローワーク大口の窓口" in message and "0995-22-8609" in message
    hanako_application.refresh_from_db()
    assert hanako_application.user is None


def test_each_mismatch_says_how_many_tries_are_left(hanako_application):
    answers = [errors(response) for response in wrong_tries(NUMBER, MAX_FAILURES)]

    assert MISMATCH in answers[0] and "あと2回一致しないと" in answers[0]
    assert MISMATCH in answers[1] and "あと1回一致しないと" in answers[1]
    # The last mismatch stops linking at once: never "0 tries left".
    assert LOCKED in answers[2] and MISMATCH not in answers[2]


def test_an_unknown_number_locks_after_the_same_tries_with_the_same_messages(hanako_application):
    known = wrong_tries(NUMBER, MAX_FAILURES + 1)
    unknown = wrong_tries(UNKNOWN_NUMBER, MAX_FAILURES + 1, first_address=50)

    assert [errors(r) for r in known] == [errors(r) for r in unknown]
    assert LOCKED in errors(unknown[-1])


def test_tries_from_many_addresses_over_many_days_still_lock_the_number(hanako_application):
    start = datetime(2025, 6, 2, 10, 0, tzinfo=JST)
    for day in range(MAX_FAILURES):
        with time_machine.travel(start + timedelta(days=day), tick=False):
            wrong_tries(NUMBER, 1, first_address=day)

    with time_machine.travel(start + timedelta(days=30), tick=False):
        response = enter_number(from_address(99), NUMBER, BIRTH_DATE)

    assert LOCKED in errors(response)
    assert SIGNUP_LINK not in response.wsgi_request.session


def test_a_match_forgives_the_mismatches_before_it(hanako_application):
    wrong_tries(NUMBER, MAX_FAILURES - 1)

    assert enter_number(from_address(10)).url == "/account/signup/"

    again = enter_number(from_address(11), NUMBER, WRONG_DATE)
    assert f"あと{MAX_FAILURES - 1}回一致しないと" in errors(again)


def test_a_successful_link_leaves_the_number_unlocked(client, hanako_application):
    assert enter_number(client).url == "/account/signup/"
    # Meanwhile someone else runs through birth dates for the same number.
    lock()
    request_key(client, "hanako@example.jp")

    assert submit_password(client, sent_key()).url == "/mypage/"

    hanako_application.refresh_from_db()
    assert hanako_application.user.email == "hanako@example.jp"
    assert not CounterLinkLock.objects.filter(number=NUMBER, locked_at__isnull=False).exists()
    assert CounterLinkLock.objects.get(number=NUMBER).failures == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; row locks need PostgreSQL"
)
def test_concurrent_mismatches_compare_no_more_birth_dates_than_allowed():
    counter_application()
    tries = 4 * MAX_FAILURES
    start = threading.Barrier(tries, timeout=30)

    def guess(n):
        try:
            start.wait()
            return services.match_counter_application(
                number=NUMBER, birth_date=date(1985, 1, 1) + timedelta(days=n), client=f"c{n}"
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(tries) as pool:
        answers = list(pool.map(guess, range(tries)))

    # Each mismatch compared is counted, under the number's row lock: exactly MAX_FAILURES.
    assert CounterLinkLock.objects.get(number=NUMBER).failures == MAX_FAILURES
    assert sorted(a.remaining_attempts for a in answers if not a.locked) == list(
        range(1, MAX_FAILURES)
    )
    assert sum(a.locked for a in answers) == tries - (MAX_FAILURES - 1)


# -- the counter ----------------------------------------------------------------------------------


def listed_as_locked(client) -> set[str]:
    response = client.get(CHANGELIST, {"counter_link": "locked"})
    assert response.status_code == 200
    return {a.number for a in response.context["cl"].result_list}


def unlock_url(application) -> str:
    return f"{CHANGELIST}{application.pk}/unlock-counter-link/"


def test_staff_find_locked_numbers_with_the_list_filter(client, staff, hanako_application):
    unlocked = counter_application(serial=2)
    fukuoka_locked = counter_application(serial=4)
    fukuoka_locked.office = make_fukuoka_office()
    fukuoka_locked.save()
    lock()
    lock(fukuoka_locked.number)
    wrong_tries(unlocked.number, MAX_FAILURES - 1)

    page = client.get(CHANGELIST).content.decode()
    assert "オンライン結び付け" in page and "停止中" in page
    assert listed_as_locked(client) == {NUMBER}


def test_the_change_page_shows_the_lock_and_the_unlock_button(client, staff, hanako_application):
    change_page = f"{CHANGELIST}{hanako_application.pk}/change/"
    wrong_tries(NUMBER, MAX_FAILURES - 1)
    assert "オンライン結び付けの停止を解除" not in client.get(change_page).content.decode()

    with time_machine.travel(datetime(2025, 6, 2, 10, 20, tzinfo=JST), tick=False):
        wrong_tries(NUMBER, 1, first_address=10)
    page = client.get(change_page).content.decode()

    assert "オンライン結び付けを停止中" in page
    assert "2025-06-02 10:20" in page
    assert f"不一致{MAX_FAILURES}回" in page
    assert f'action="{unlock_url(hanako_application)}"' in page
    assert 'value="オンライン結び付けの停止を解除"' in page


def test_staff_unlock_the_number_audited_and_the_applicant_links_it(
    client, staff, hanako_application
):
    lock()

    response = client.post(unlock_url(hanako_application))

    assert response.status_code == 302
    assert response.url == f"{CHANGELIST}{hanako_application.pk}/change/"
    notices = [str(m) for m in get_messages(response.wsgi_request)]
    assert notices == [f"{NUMBER} のオンライン結び付けの停止を解除しました。"
                       "申込者は、求職番号と生年月日でマイページを開設できます。"]  # fmt: skip
    record = AuditRecord.objects.get(action=AuditRecord.Action.UNLOCK)
    assert (record.staff, record.application) == (staff, hanako_application)
    assert record.changes == {"counter_link_failures": [MAX_FAILURES, 0]}
    assert listed_as_locked(client) == set()

    applicant = Client()
    assert enter_number(applicant).url == "/account/signup/"
    request_key(applicant, "hanako@example.jp")
    assert submit_password(applicant, sent_key()).url == "/mypage/"
    hanako_application.refresh_from_db()
    assert hanako_application.user.email == "hanako@example.jp"


def test_after_an_unlock_the_mismatches_are_counted_from_zero(client, staff, hanako_application):
    lock()
    client.post(unlock_url(hanako_application))

    answer = errors(enter_number(from_address(70), NUMBER, WRONG_DATE))

    assert f"あと{MAX_FAILURES - 1}回一致しないと" in answer


def test_staff_of_another_office_cannot_unlock(client, hanako_application):
    lock()
    client.force_login(staff_of(make_fukuoka_office(), "staff@fukuoka.example.jp"))

    assert client.post(unlock_url(hanako_application)).status_code == 404

    assert CounterLinkLock.objects.get(number=NUMBER).locked_at is not None
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.UNLOCK).exists()


def test_staff_without_the_change_permission_cannot_unlock(client, oguchi, hanako_application):
    lock()
    viewer = User.objects.create_user(email="viewer@oguchi.example.jp", is_staff=True)
    viewer.office = oguchi
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(viewer)

    page = client.get(f"{CHANGELIST}{hanako_application.pk}/change/").content.decode()
    assert "オンライン結び付けを停止中" in page
    assert "オンライン結び付けの停止を解除" not in page
    assert client.post(unlock_url(hanako_application)).status_code == 403
    assert CounterLinkLock.objects.get(number=NUMBER).locked_at is not None


def test_a_superuser_unlocks_any_office(client, hanako_application):
    lock()
    client.force_login(User.objects.create_superuser("root@example.jp", "Super-user9"))

    assert client.post(unlock_url(hanako_application)).status_code == 302

    assert CounterLinkLock.objects.get(number=NUMBER).locked_at is None


def test_unlocking_needs_a_post(client, staff, hanako_application):
    lock()
    assert client.get(unlock_url(hanako_application)).status_code == 405
    assert CounterLinkLock.objects.get(number=NUMBER).locked_at is not None


def test_unlocking_twice_says_it_was_not_locked_and_audits_once(client, staff, hanako_application):
    lock()
    client.post(unlock_url(hanako_application))

    response = client.post(unlock_url(hanako_application), follow=True)

    assert "は、オンライン結び付けを停止していません" in response.content.decode()
    assert AuditRecord.objects.filter(action=AuditRecord.Action.UNLOCK).count() == 1

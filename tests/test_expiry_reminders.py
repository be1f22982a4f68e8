"""The 有効期限 reminders (issue #17 item 3): mailed 14 days before the 有効期限 and after it
lapses, once each per 有効期限, by a daily command that is safe to run twice."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import SentMail, User
from jobseeker import services
from jobseeker.models import Application, ExpiryReminder
from jobseeker.services.reminders import due_kind

from .factories import make_application, make_fukuoka_office

pytestmark = pytest.mark.django_db

SITE = "https://oguchi.example.jp"
SOON = ExpiryReminder.Kind.SOON
LAPSED = ExpiryReminder.Kind.LAPSED


@pytest.fixture
def hanako(oguchi) -> Application:
    """An applicant with a マイページ whose registration is valid to 2027年7月31日."""
    user = User.objects.create_user(email="hanako@example.jp", password="Hello-work7")
    return make_application(
        oguchi, 80, user=user, family_name="大口", valid_until=date(2027, 7, 31)
    )


def run_on(day: str) -> str:
    """The command as cron runs it at 06:00 in Japan on `day`; what it printed."""
    out = StringIO()
    with time_machine.travel(f"{day} 06:00+09:00", tick=False):
        call_command("send_expiry_reminders", site_url=SITE, stdout=out)
    return out.getvalue()


def reminders_of(application) -> list[tuple[str, date]]:
    return sorted(
        ExpiryReminder.objects.filter(application=application).values_list("kind", "valid_until")
    )


# -- when each is due ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_until", "first_day"),
    [
        (date(2027, 7, 31), date(2027, 7, 17)),
        (date(2027, 2, 28), date(2027, 2, 14)),
        (date(2028, 2, 29), date(2028, 2, 15)),  # a leap year's February
        (date(2027, 4, 30), date(2027, 4, 16)),
        (date(2027, 12, 31), date(2027, 12, 17)),
    ],
)
def test_the_14_day_reminder_is_due_from_14_days_before_through_the_last_valid_day(
    valid_until, first_day
):
    assert due_kind(valid_until, first_day.replace(day=first_day.day - 1)) is None
    assert due_kind(valid_until, first_day) == SOON
    assert due_kind(valid_until, valid_until) == SOON


def test_the_lapsed_reminder_is_due_from_the_day_after_for_two_weeks():
    assert due_kind(date(2027, 12, 31), date(2028, 1, 1)) == LAPSED
    assert due_kind(date(2027, 12, 31), date(2028, 1, 14)) == LAPSED
    assert due_kind(date(2027, 12, 31), date(2028, 1, 15)) is None


def test_nothing_is_sent_before_14_days(hanako):
    run_on("2027-07-16")
    assert mail.outbox == []


def test_the_reminder_goes_14_days_before(hanako):
    output = run_on("2027-07-17")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert mail.outbox[0].subject == "【ハローワーク】求職登録の有効期限が近づいています"
    assert reminders_of(hanako) == [("soon", date(2027, 7, 31))]
    assert "1  soon reminders sent" in output


def test_running_twice_the_same_day_sends_once(hanako):
    run_on("2027-07-17")
    run_on("2027-07-17")
    run_on("2027-07-18")
    assert len(mail.outbox) == 1


def test_a_missed_day_is_caught_up(hanako):
    run_on("2027-07-20")
    assert [m.subject for m in mail.outbox] == [
        "【ハローワーク】求職登録の有効期限が近づいています"
    ]
    assert "あと11日" in mail.outbox[0].body


def test_the_lapsed_reminder_goes_the_day_after(hanako):
    run_on("2027-07-17")
    run_on("2027-07-31")
    assert len(mail.outbox) == 1
    run_on("2027-08-01")
    run_on("2027-08-02")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "【ハローワーク】求職登録の有効期限が切れました"
    assert reminders_of(hanako) == [("lapsed", date(2027, 7, 31)), ("soon", date(2027, 7, 31))]


def test_no_before_reminder_once_the_date_has_passed(hanako):
    """The command did not run in the last two weeks: only the lapsed one goes."""
    run_on("2027-08-03")
    assert [m.subject for m in mail.outbox] == ["【ハローワーク】求職登録の有効期限が切れました"]


def test_a_registration_lapsed_long_ago_is_not_mailed(hanako):
    run_on("2027-09-01")
    assert mail.outbox == []


def test_a_renewed_registration_gets_reminders_for_its_new_date(hanako):
    run_on("2027-07-17")
    Application.objects.filter(pk=hanako.pk).update(valid_until=date(2027, 9, 30))
    run_on("2027-07-18")
    assert len(mail.outbox) == 1
    run_on("2027-09-16")
    run_on("2027-10-01")
    assert len(mail.outbox) == 3
    assert reminders_of(hanako) == [
        ("lapsed", date(2027, 9, 30)),
        ("soon", date(2027, 7, 31)),
        ("soon", date(2027, 9, 30)),
    ]


def test_a_registration_renewed_before_it_lapsed_gets_no_lapsed_reminder(hanako):
    run_on("2027-07-17")
    Application.objects.filter(pk=hanako.pk).update(valid_until=date(2027, 9, 30))
    run_on("2027-08-01")
    assert len(mail.outbox) == 1


def test_an_application_without_an_account_is_not_mailed(oguchi):
    make_application(oguchi, 81, valid_until=date(2027, 7, 31))
    run_on("2027-07-17")
    assert mail.outbox == []


def test_a_deactivated_account_is_not_mailed(hanako):
    User.objects.filter(pk=hanako.user_id).update(is_active=False)
    run_on("2027-07-17")
    assert mail.outbox == []


def test_the_command_needs_the_public_address(settings, hanako):
    settings.PUBLIC_BASE_URL = ""
    with pytest.raises(CommandError, match="PUBLIC_BASE_URL"):
        call_command("send_expiry_reminders")


def test_the_command_links_to_public_base_url_by_default(settings, hanako):
    settings.PUBLIC_BASE_URL = "https://hw.example.jp"
    with time_machine.travel("2027-07-17 06:00+09:00", tick=False):
        call_command("send_expiry_reminders", stdout=StringIO())
    assert "https://hw.example.jp/mypage/" in mail.outbox[0].body


# -- what the mail says -------------------------------------------------------------------------


def test_the_14_day_mail_says_the_date_what_stops_and_how_to_renew(hanako):
    run_on("2027-07-17")
    body = mail.outbox[0].body
    assert "大口 様" in body
    assert "有効期限：2027年7月31日（あと14日）" in body
    assert f"求職番号：{hanako.number}" in body
    assert "2027年8月1日から次のことができなくなります" in body
    assert "求人の紹介" in body and "職業相談" in body
    assert "「有効期限を延長する」" in body
    assert f"{SITE}/mypage/" in body
    assert "ハローワーク大口の窓口" in body
    office = hanako.office
    assert office.address in body and office.phone in body and office.opening_hours in body


def test_the_lapsed_mail_says_what_stopped_and_the_way_back(hanako):
    run_on("2027-08-01")
    body = mail.outbox[0].body
    assert "求職登録の有効期限（2027年7月31日）が過ぎました" in body
    assert "2027年8月1日から、次のことができなくなっています" in body
    assert "「有効期限を延長する」" in body and f"{SITE}/mypage/" in body
    assert hanako.office.phone in body


def test_the_mail_is_recorded_for_the_account_with_its_kind(hanako):
    run_on("2027-07-17")
    reminder = ExpiryReminder.objects.get()
    assert reminder.sent_mail.user == hanako.user
    assert reminder.sent_mail.tag == SentMail.Kind.EXPIRY_SOON
    assert reminder.sent_mail.get_tag_display() == "有効期限の14日前のお知らせ"


def test_the_mail_is_japanese_whatever_language_is_active(hanako):
    from django.utils import translation

    with translation.override("en"):
        run_on("2027-07-17")
    assert "求職登録の有効期限が近づいています" in mail.outbox[0].body


# -- two runs at once ---------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database is one connection; concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_runs_at_the_same_moment_send_each_reminder_once():
    office = make_fukuoka_office()
    applications = [
        make_application(
            office,
            90 + n,
            user=User.objects.create_user(email=f"person{n}@example.jp"),
            valid_until=date(2027, 7, 31),
        )
        for n in range(5)
    ]
    start = threading.Barrier(4, timeout=30)

    def run(_):
        try:
            start.wait()
            return services.send_expiry_reminders(date(2027, 7, 17), SITE)["soon"]
        finally:
            connection.close()  # left open, it would block dropping the test database

    with ThreadPoolExecutor(4) as pool:
        sent = list(pool.map(run, range(4)))
    assert sum(sent) == len(applications)
    assert ExpiryReminder.objects.count() == len(applications)
    assert SentMail.objects.filter(tag=SentMail.Kind.EXPIRY_SOON).count() == len(applications)


# -- what staff see -----------------------------------------------------------------------------


def test_staff_see_the_reminders_sent_on_the_application_page(client, staff, hanako):
    run_on("2027-07-17")
    run_on("2027-08-01")
    page = client.get(f"/admin/jobseeker/application/{hanako.pk}/change/").content.decode()
    assert "有効期限のお知らせメール" in page
    assert "2027年8月1日 06:00 有効期限（2027年7月31日）の期限切れのお知らせを送信：" in page
    assert "2027年7月17日 06:00 有効期限（2027年7月31日）の14日前のお知らせを送信：" in page
    assert page.index("期限切れのお知らせを送信") < page.index("14日前のお知らせを送信")


def test_staff_are_told_when_no_reminder_was_sent(client, staff, hanako):
    page = client.get(f"/admin/jobseeker/application/{hanako.pk}/change/").content.decode()
    assert "送信なし（有効期限の14日前と、期限が切れた翌日にメールでお知らせします）" in page


# -- the マイページ once it has lapsed ---------------------------------------------------------


def test_the_mypage_says_what_stopped_working_and_the_way_back(client, hanako):
    with time_machine.travel("2027-08-01 09:00+09:00", tick=False):
        client.force_login(hanako.user)
        page = client.get("/mypage/").content.decode()
    assert "有効期限切れ" in page
    assert "求人の紹介（求人に応募するための紹介状の発行）と職業相談を受けられません" in page
    assert "「有効期限を延長する」" in page and "窓口で手続き" in page

"""職業相談 at the counter: one in the last month of validity extends the 有効期限 by a month.

SPEC "Rules" (有効期限): valid_until is always a month end; a consultation staff record in its
month, before it has passed, moves it to the end of the next month, once.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection

from accounts.lifecycle import delete_account
from accounts.models import User
from jobseeker import services
from jobseeker.models import Application, AuditRecord, Consultation

from .factories import make_application, make_fukuoka_office, staff_of

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/jobseeker/application/"
# 10:00 in Japan on 2027-07-10: "today" for the counter, whatever TIME_ZONE the server has.
JULY_10 = "2027-07-10 10:00+09:00"


def consultation_url(application: Application) -> str:
    return f"{CHANGELIST}{application.pk}/consultation/"


@pytest.fixture
def valid_to_july(oguchi) -> Application:
    """An applicant of ハローワーク大口 whose registration is valid to 2027年7月31日."""
    return make_application(oguchi, 70, valid_until=date(2027, 7, 31))


def record(application, staff, on, note=""):
    """Records a consultation held today, `on`."""
    with time_machine.travel(f"{on} 10:00+09:00", tick=False):
        return services.record_consultation(application, staff, on=on, note=note)


def valid_until_of(application) -> date:
    application.refresh_from_db()
    return application.valid_until


# -- the rule -------------------------------------------------------------------------------------


def test_a_consultation_in_the_last_month_extends_to_the_end_of_the_next(valid_to_july, staff):
    consultation = record(valid_to_july, staff, date(2027, 7, 10), note="求人紹介")
    assert valid_until_of(valid_to_july) == date(2027, 8, 31)
    assert consultation.extended_until == date(2027, 8, 31)
    stored = Consultation.objects.get()
    assert (stored.application, stored.held_on, stored.staff, stored.note) == (
        valid_to_july, date(2027, 7, 10), staff, "求人紹介"
    )  # fmt: skip
    audit = AuditRecord.objects.get(action=AuditRecord.Action.CONSULT)
    assert (audit.staff, audit.application) == (staff, valid_to_july)
    assert audit.changes["valid_until"] == ["2027-07-31", "2027-08-31"]


def test_the_last_day_of_validity_still_counts(valid_to_july, staff):
    record(valid_to_july, staff, date(2027, 7, 31))
    assert valid_until_of(valid_to_july) == date(2027, 8, 31)


@pytest.mark.parametrize(
    ("valid_until", "held_on", "extended"),
    [
        (date(2026, 12, 31), date(2026, 12, 5), date(2027, 1, 31)),  # into the next year
        (date(2027, 1, 31), date(2027, 1, 20), date(2027, 2, 28)),  # to a shorter month's end
        (date(2028, 1, 31), date(2028, 1, 20), date(2028, 2, 29)),  # a leap year's February
        (date(2027, 2, 28), date(2027, 2, 1), date(2027, 3, 31)),
    ],
)
def test_the_extension_ends_on_the_next_months_last_day(
    oguchi, staff, valid_until, held_on, extended
):
    application = make_application(oguchi, 71, valid_until=valid_until)
    record(application, staff, held_on)
    assert valid_until_of(application) == extended


def test_a_consultation_before_the_last_month_does_not_extend(valid_to_july, staff):
    consultation = record(valid_to_july, staff, date(2027, 6, 30))
    assert valid_until_of(valid_to_july) == date(2027, 7, 31)
    assert consultation.extended_until is None
    assert Consultation.objects.count() == 1
    assert "valid_until" not in AuditRecord.objects.get(action="consult").changes


def test_a_consultation_after_expiry_does_not_extend(valid_to_july, staff):
    consultation = record(valid_to_july, staff, date(2027, 8, 2))
    assert valid_until_of(valid_to_july) == date(2027, 7, 31)
    assert consultation.extended_until is None


def test_a_second_consultation_in_the_same_month_does_not_extend_again(valid_to_july, staff):
    record(valid_to_july, staff, date(2027, 7, 10))
    second = record(valid_to_july, staff, date(2027, 7, 20))
    assert valid_until_of(valid_to_july) == date(2027, 8, 31)
    assert second.extended_until is None
    # In the new last month, the next consultation extends again.
    record(valid_to_july, staff, date(2027, 8, 3))
    assert valid_until_of(valid_to_july) == date(2027, 9, 30)


def test_the_service_refuses_a_future_day(valid_to_july, staff):
    with time_machine.travel(JULY_10, tick=False), pytest.raises(ValueError):
        services.record_consultation(valid_to_july, staff, on=date(2027, 7, 11))
    assert not Consultation.objects.exists()
    assert valid_until_of(valid_to_july) == date(2027, 7, 31)


needs_row_locks = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; row locks need PostgreSQL"
)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_desks_recording_at_the_same_moment_extend_once():
    application = make_application(make_fukuoka_office(), 72, valid_until=date(2027, 7, 31))
    desks = [User.objects.create_user(email=f"desk{n}@example.jp", is_staff=True) for n in range(4)]
    start = threading.Barrier(len(desks), timeout=30)

    def record_at(desk):
        try:
            start.wait()
            return services.record_consultation(application, desk, on=date(2027, 7, 10))
        finally:
            connection.close()  # left open, it would block dropping the test database

    with time_machine.travel(JULY_10, tick=False), ThreadPoolExecutor(len(desks)) as pool:
        recorded = list(pool.map(record_at, desks))
    assert valid_until_of(application) == date(2027, 8, 31)
    assert sum(1 for c in recorded if c.extended_until) == 1
    assert Consultation.objects.count() == len(desks)


def recorded_at_the_counter(client, staff, application, day: str) -> str:
    """The page after `staff` records a consultation held today, `day`, from the admin."""
    with time_machine.travel(f"{day} 10:00+09:00", tick=False):
        client.force_login(staff)
        response = client.post(consultation_url(application), {"held_on": day}, follow=True)
    return response.content.decode()


# -- at the counter (the admin) ---------------------------------------------------------------


def test_staff_record_a_consultation_from_the_application_page(client, staff, valid_to_july):
    taro = User.objects.create_user(email="taro@example.jp", password="Hello-work7")
    Application.objects.filter(pk=valid_to_july.pk).update(user=taro)
    change_url = f"{CHANGELIST}{valid_to_july.pk}/change/"
    with time_machine.travel(JULY_10, tick=False):
        client.force_login(staff)
        page = client.get(change_url).content.decode()
        assert f'href="{consultation_url(valid_to_july)}"' in page
        form_page = client.get(consultation_url(valid_to_july))
        assert form_page.status_code == 200
        assert 'value="2027-07-10"' in form_page.content.decode()  # today, ready to confirm
        response = client.post(
            consultation_url(valid_to_july),
            {"held_on": "2027-07-10", "note": "介護職の求人を紹介"},
            follow=True,
        )
        assert response.redirect_chain == [(change_url, 302)]
        page = response.content.decode()
        assert (
            "2027年7月10日の職業相談を記録しました。有効期限を2027年8月31日まで延長しました。"
            in page
        )
        assert "2027年7月10日 staff@oguchi.example.jp（有効期限を2027年8月31日まで延長）" in page
        assert "：介護職の求人を紹介" in page

        client.force_login(taro)
        mypage = client.get("/mypage/").content.decode()
    assert "2027年8月31日" in mypage
    assert "有効期限の月に窓口で職業相談を受けると、有効期限が1か月延びます。" in mypage
    consultation = Consultation.objects.get()
    assert (consultation.staff, consultation.application) == (staff, valid_to_july)


def test_a_correction_saved_while_a_colleague_extends_keeps_the_extension(
    client, staff, valid_to_july, monkeypatch
):
    """A colleague's consultation commits while this desk's correction is being saved (after
    the application was read for the save): the correction changes the corrected field and
    leaves the extended 有効期限 alone."""
    from jobseeker.admin import ApplicationAdminForm

    from .test_counter_admin import change_data

    def clean_while_a_colleague_records(form):
        cleaned = original_clean(form)
        record(valid_to_july, staff, date(2027, 7, 10))
        return cleaned

    original_clean = ApplicationAdminForm.clean
    monkeypatch.setattr(ApplicationAdminForm, "clean", clean_while_a_colleague_records)
    change_url = f"{CHANGELIST}{valid_to_july.pk}/change/"
    with time_machine.travel(JULY_10, tick=False):
        client.force_login(staff)
        version = client.get(change_url).context["adminform"].form["answers_version"].value()
        data = change_data(valid_to_july, city="大口市", answers_version=version)
        response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    valid_to_july.refresh_from_db()
    assert valid_to_july.city == "大口市"
    assert valid_to_july.valid_until == date(2027, 8, 31)


def test_the_counter_is_told_why_an_early_consultation_did_not_extend(client, staff, valid_to_july):
    page = recorded_at_the_counter(client, staff, valid_to_july, "2027-06-30")
    assert "有効期限（2027年7月31日）の月の相談ではないため、有効期限は変わりません。" in page
    assert valid_until_of(valid_to_july) == date(2027, 7, 31)


def test_a_second_consultation_in_the_month_is_told_the_extension_was_made_already(
    client, staff, valid_to_july
):
    """Not "not the month of the 有効期限": until the first one it was, which puzzles the clerk."""
    record(valid_to_july, staff, date(2027, 7, 10))
    page = recorded_at_the_counter(client, staff, valid_to_july, "2027-07-20")
    assert (
        "2027年7月20日の職業相談を記録しました。同じ月の職業相談（2027年7月10日）ですでに"
        "有効期限を延長済みのため、延長しませんでした（有効期限：2027年8月31日）。"
    ) in page
    assert "の月の相談ではないため" not in page
    assert valid_until_of(valid_to_july) == date(2027, 8, 31)


def test_the_counter_is_told_an_expired_registration_needs_renewing(client, staff, valid_to_july):
    page = recorded_at_the_counter(client, staff, valid_to_july, "2027-08-02")
    assert (
        "有効期限（2027年7月31日）が過ぎているため、延長されません。登録内容の更新が必要です。"
        in page
    )
    assert valid_until_of(valid_to_july) == date(2027, 7, 31)


def test_a_future_date_is_refused_in_japanese(client, staff, valid_to_july):
    with time_machine.travel(JULY_10, tick=False):
        client.force_login(staff)
        response = client.post(consultation_url(valid_to_july), {"held_on": "2027-07-11"})
    assert response.status_code == 200
    assert (
        "相談日に今日（2027年7月10日）より後の日付は指定できません。" in response.content.decode()
    )
    assert not Consultation.objects.exists()
    assert valid_until_of(valid_to_july) == date(2027, 7, 31)


def test_dates_in_the_counters_messages_follow_the_pages_language(client, staff, valid_to_july):
    """Written by Django's date formatting, as the admin's own dates are: an English page says
    "10 July 2027", not 2027年7月10日 in an English sentence."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = recorded_at_the_counter(client, staff, valid_to_july, "2027-07-10")
    assert (
        "The consultation of 10 July 2027 was recorded. The registration now expires on "
        "31 August 2027." in page
    )
    with time_machine.travel(JULY_10, tick=False):
        refused = client.post(consultation_url(valid_to_july), {"held_on": "2027-07-11"})
    assert "cannot be after today (10 July 2027)." in refused.content.decode()


def test_a_refused_date_is_marked_as_the_admins_change_forms_mark_errors(
    client, staff, valid_to_july
):
    """The error stands out (a summary at the top linking to the field, errorlist in the
    field's red row) and a screen reader hears it with the field, not as a hint in plain text."""
    with time_machine.travel(JULY_10, tick=False):
        client.force_login(staff)
        page = client.post(consultation_url(valid_to_july), {"held_on": "2027-07-11"})
    page = page.content.decode()
    assert (
        '<li><a href="#id_held_on">相談日に今日（2027年7月10日）より後の日付は'
        "指定できません。</a></li>"
    ) in page
    assert (
        '<ul class="errorlist" id="id_held_on_error">'
        "<li>相談日に今日（2027年7月10日）より後の日付は指定できません。</li></ul>"
    ) in page
    row = page[page.index('<div class="form-row field-held_on">') :]
    row = row[: row.index('<div class="form-row field-note">')]
    assert '<div class="flex-container errors">' in row
    field = row[row.index("<input") :]
    field = field[: field.index(">")]
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_held_on_error"' in field
    assert "admin/css/forms.css" in page


def test_a_note_longer_than_200_characters_is_refused(client, staff, valid_to_july):
    with time_machine.travel(JULY_10, tick=False):
        client.force_login(staff)
        response = client.post(
            consultation_url(valid_to_july), {"held_on": "2027-07-10", "note": "あ" * 201}
        )
    assert "全角200文字以内で入力してください（現在201文字）。" in response.content.decode()
    assert not Consultation.objects.exists()


def test_staff_of_another_office_can_neither_see_nor_add_consultations(
    client, staff, valid_to_july
):
    record(valid_to_july, staff, date(2027, 6, 15), note="個人的な相談内容")
    fukuoka_staff = staff_of(make_fukuoka_office(), "staff@fukuoka.example.jp")
    with time_machine.travel(JULY_10, tick=False):
        client.force_login(fukuoka_staff)
        assert client.get(f"{CHANGELIST}{valid_to_july.pk}/change/").status_code == 404
        assert client.get(consultation_url(valid_to_july)).status_code == 404
        response = client.post(consultation_url(valid_to_july), {"held_on": "2027-07-10"})
        assert response.status_code == 404
        # No list of consultations outside an application's page, for any office.
        assert client.get("/admin/jobseeker/consultation/").status_code == 404
    assert Consultation.objects.count() == 1
    assert valid_until_of(valid_to_july) == date(2027, 7, 31)


def test_staff_without_the_permission_cannot_record(client, oguchi, valid_to_july):
    clerk = User.objects.create_user(email="viewer@oguchi.example.jp", is_staff=True)
    clerk.office = oguchi
    clerk.save()
    clerk.user_permissions.add(Permission.objects.get(codename="view_application"))
    with time_machine.travel(JULY_10, tick=False):
        client.force_login(clerk)
        page = client.get(f"{CHANGELIST}{valid_to_july.pk}/change/").content.decode()
        assert consultation_url(valid_to_july) not in page
        response = client.post(consultation_url(valid_to_july), {"held_on": "2027-07-10"})
    assert response.status_code == 403
    assert not Consultation.objects.exists()


def test_an_applicant_deleting_their_account_takes_the_consultation_notes_along(
    staff, valid_to_july
):
    taro = User.objects.create_user(email="taro@example.jp", password="Hello-work7")
    Application.objects.filter(pk=valid_to_july.pk).update(user=taro)
    record(valid_to_july, staff, date(2027, 7, 10), note="個人的な相談内容")
    assert delete_account(taro)
    assert not Consultation.objects.exists()
    # The audit trail stays, without the values (accounts.lifecycle).
    audit = AuditRecord.objects.get(action=AuditRecord.Action.CONSULT)
    assert audit.application is None
    assert "2027-07-10" not in str(audit.changes)

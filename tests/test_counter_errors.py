"""Errors a clerk can find on an application's page in the counter (#15 item 4): a summary at
the top links each message to its field; 希望賃金 and 勤務時間 are read as the applicant's step
reads them."""

import re
from datetime import time

import pytest

from jobseeker.models import Application

from .factories import make_application
from .test_counter_admin import CHANGELIST, change_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(oguchi) -> Application:
    return make_application(oguchi, 18)


def post(client, application, **changes):
    return client.post(f"{CHANGELIST}{application.pk}/change/", change_data(application, **changes))


def summary(page: str) -> list[tuple[str, str]]:
    """The error summary's lines as (anchor, text)."""
    box = re.search(r'<div role="alert"[^>]*id="error-summary".*?</div>', page, re.S)
    assert box, "no error summary"
    return re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', box.group(0))


def test_the_summary_links_each_error_to_its_field(client, staff, application):
    page = post(client, application, family_name="", wage_amount="たくさん").content.decode()
    lines = summary(page)
    assert ("#id_family_name", "姓を入力してください。") in lines
    assert ("#id_wage_amount", "希望賃金は数字で入力してください（例：200000）。") in [
        (href, text.removeprefix("希望賃金（円）：")) for href, text in lines
    ]
    # Each anchor leads to an input of the page.
    for href, _text in lines:
        assert f'id="{href[1:]}"' in page


def test_the_summary_comes_before_the_first_fieldset(client, staff, application):
    page = post(client, application, self_pr="x" * 501).content.decode()
    assert page.index('id="error-summary"') < page.index("1 基本情報登録")
    assert [href for href, _text in summary(page)] == ["#id_self_pr"]


def test_an_error_in_a_row_of_an_inline_names_the_row(client, staff, application):
    rows = {
        "qualifications-TOTAL_FORMS": "2",
        "qualifications-0-name": "普通自動車第一種運転免許",
        "qualifications-1-name": "",
        "qualifications-1-year": "2010",
    }
    page = client.post(
        f"{CHANGELIST}{application.pk}/change/", {**change_data(application), **rows}
    ).content.decode()
    assert ("#id_qualifications-1-name", "資格・免許 2：資格・免許を入力してください。") in summary(
        page
    )


def test_a_page_without_errors_has_no_summary(client, staff, application):
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert 'id="error-summary"' not in page


def test_the_clerk_types_the_wage_as_the_applicant_does(client, staff, application):
    response = post(client, application, wage_type="monthly", wage_amount="18万")
    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.wage_amount == 180_000


def test_the_clerks_wage_is_the_applicants_field(client, staff, application):
    """One field class, not two: the step's conversions and message, and its help."""
    from jobseeker.admin.forms import ApplicationAdminForm
    from jobseeker.forms import LocationWageForm

    counter = ApplicationAdminForm.base_fields["wage_amount"]
    assert type(counter) is type(LocationWageForm.base_fields["wage_amount"])
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert "「20万」のような書き方でも構いません" in page


@pytest.mark.parametrize(
    ("start", "end", "stored"),
    [
        ("8:30", "17:15", (time(8, 30), time(17, 15))),  # the office's own hours
        ("８時４５分", "1710", (time(8, 45), time(17, 10))),
    ],
)
def test_the_clerk_enters_any_minute_a_schedule_uses(
    client, staff, application, start, end, stored
):
    response = post(
        client, application, work_hours="specified", work_start=start, work_end=end, work_break="60"
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert (application.work_start, application.work_end) == stored


def test_the_times_are_a_plain_time_box_without_djangos_now_and_clock(client, staff, application):
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert re.search(r'<input type="time" name="work_start"[^>]*id="id_work_start"', page)
    assert "vTimeField" not in page


def test_the_applicants_step_takes_the_same_minutes(client, taro):
    """SPEC asks 勤務時間 from–to, nothing about half hours: the step takes 17:15 too."""
    from jobseeker.forms import PreferencesForm

    form = PreferencesForm(
        {
            "employment_type": "full_time",
            "employment_period": "indefinite",
            "desired_occupation": "undecided",
            "work_hours": "specified",
            "work_start": "8:30",
            "work_end": "17:15",
            "work_break": "60",
            "holidays": "none",
            "empty_ack": "desired_occupation_second,desired_job_detail",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["work_end"] == time(17, 15)


def test_an_error_in_a_work_history_names_the_entry(client, staff, application):
    rows = {
        "work_histories-TOTAL_FORMS": "1",
        "work_histories-0-job_description": "",
        "work_histories-0-end_year": "2024",
        "work_histories-0-end_month": "3",
        "work_histories-0-status": "left",
    }
    page = client.post(
        f"{CHANGELIST}{application.pk}/change/", {**change_data(application), **rows}
    ).content.decode()
    assert ("#id_work_histories-0-job_description", "経歴 1：仕事内容を入力してください。") in (
        summary(page)
    )

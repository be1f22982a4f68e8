"""The record's 履歴 in the counter tells the truth (#15 item 7): acceptance, consultations,
counter edits and the applicant's own changes, each with who and when."""

import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.test import Client

from accounts.models import User
from jobseeker import services
from jobseeker.models import Application, AuditRecord

from .conftest import PASSWORD, sent_key
from .factories import make_application
from .test_counter_admin import CHANGELIST, change_data

pytestmark = pytest.mark.django_db


ICHIRO = "窓口 一郎（staff@oguchi.example.jp）"


@pytest.fixture
def ichiro(staff) -> User:
    """The 大口 clerk, with their name, logged in."""
    staff.name = "窓口 一郎"
    staff.save(update_fields=["name"])
    return staff


@pytest.fixture
def application(oguchi, alice) -> Application:
    return make_application(oguchi, 18, user=alice)


def history(client, application) -> list[list[str]]:
    """The history's rows, newest first, as [when, who, what and its details]."""
    page = client.get(f"{CHANGELIST}{application.pk}/history/")
    assert page.status_code == 200
    pattern = r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>'
    rows = re.findall(pattern, page.content.decode(), re.S)
    return [[re.sub(r"<[^>]+>", " ", cell).split() for cell in row] for row in rows]


def flat(row) -> list[str]:
    return [" ".join(cell) for cell in row]


def test_an_acceptance_shows_who_accepted_and_when(client, ichiro, application):
    # Read at the same moment: the clerk's login slides from the press (accounts.session_end),
    # so a session sent back in time would have ended by the real clock.
    with time_machine.travel("2026-12-06 10:05+09:00", tick=False):
        client.post(
            f"{CHANGELIST}{application.pk}/change/", {**change_data(application), "_accept": "1"}
        )
        rows = history(client, application)
        page = client.get(f"{CHANGELIST}{application.pk}/history/").content.decode()
    [row] = [flat(r) for r in rows if "受付完了" in flat(r)[2]]
    assert row[0] == "2026年12月6日 10:05"
    assert row[1] == ICHIRO
    assert row[2].startswith("窓口で受付完了にしました（利用登録者）")
    assert "変更はありませんでした" not in page


def test_a_counter_edit_names_each_item_with_before_and_after(client, ichiro, application):
    data = change_data(application, given_name="次郎", desired_occupation="care")
    client.post(f"{CHANGELIST}{application.pk}/change/", data)
    [row] = [flat(r) for r in history(client, application) if "登録内容を変更" in flat(r)[2]]
    assert row[1] == ICHIRO
    assert "名：太郎 → 次郎" in row[2]
    assert "希望する仕事：検討中 → 介護、福祉" in row[2]


def test_a_consultation_shows_its_day_and_the_extension(client, ichiro, application):
    application.valid_until = application.valid_until.replace(year=2026, month=12, day=31)
    application.save()
    with time_machine.travel("2026-12-06 11:00+09:00", tick=False):
        client.post(f"{CHANGELIST}{application.pk}/consultation/", {"held_on": "2026-12-06"})
        rows = history(client, application)
    [row] = [flat(r) for r in rows if "職業相談" in flat(r)[2]]
    assert row[1] == ICHIRO
    assert "相談日：2026年12月6日" in row[2]
    assert "有効期限：2026年12月31日 → 2027年1月31日" in row[2]


def test_the_applicants_new_login_address_is_in_the_history(client, ichiro, application, alice):
    applicant = Client()
    applicant.force_login(alice)
    applicant.post(
        "/account/email/change/",
        {"email": "alice.new@example.jp", "email_confirm": "alice.new@example.jp",
         "password": PASSWORD},
    )  # fmt: skip
    applicant.post("/account/email/change/confirm/", {"auth_key": sent_key()})
    [row] = [flat(r) for r in history(client, application) if "メールアドレス" in flat(r)[2]]
    assert row[1] == "本人（マイページ）"
    assert "ログイン用メールアドレス：alice@example.jp → alice.new@example.jp" in row[2]


def test_the_applicants_correction_is_in_the_history(client, ichiro, application, alice):
    answers = {
        "basic": {"given_name": "次郎", "phone_mobile": "090-1234-5678"},
        "education": {"qualifications": []},
        "career": {"work_histories": []},
    }
    services.submit_application(alice, answers, site_url="http://testserver")
    [row] = [flat(r) for r in history(client, application) if "マイページで登録" in flat(r)[2]]
    assert row[1] == "本人（マイページ）"
    assert "名：太郎 → 次郎" in row[2]
    assert "携帯電話" not in row[2]  # unchanged items are not listed


def test_the_online_submission_opens_the_history(client, ichiro, oguchi):
    from django.utils import timezone

    application = make_application(oguchi, 19, submitted_at=timezone.now())
    [row] = [flat(r) for r in history(client, application)]
    assert row[2] == f"オンラインで求職申込みをしました（求職番号 {application.number} を発行）"


def test_opening_a_record_is_not_history(client, ichiro, application):
    client.get(f"{CHANGELIST}{application.pk}/change/")
    assert AuditRecord.objects.filter(action=AuditRecord.Action.VIEW).exists()
    page = client.get(f"{CHANGELIST}{application.pk}/history/").content.decode()
    assert "まだ記録がありません。" in page


def test_another_offices_history_is_not_found(client, ichiro, fukuoka):
    other = make_application(fukuoka, 5)
    assert client.get(f"{CHANGELIST}{other.pk}/history/").status_code == 404


def test_djangos_log_says_what_happened_instead_of_nothing(client, ichiro, application):
    client.post(
        f"{CHANGELIST}{application.pk}/change/", {**change_data(application), "_accept": "1"}
    )
    messages = [entry.get_change_message() for entry in LogEntry.objects.all()]
    assert messages == [f"{application.number} を窓口で受付完了にしました（利用登録者）。"]


def test_deleting_the_account_takes_the_applicants_own_records_with_it(
    client, ichiro, application, alice
):
    from accounts.lifecycle import delete_account

    AuditRecord.objects.create(
        staff=None, action=AuditRecord.Action.EMAIL, application=application,
        changes={"account_email": ["alice@example.jp", "alice.new@example.jp"]},
    )  # fmt: skip
    AuditRecord.objects.create(
        staff=ichiro, action=AuditRecord.Action.PRINT, application=application
    )
    delete_account(alice)
    assert not User.objects.filter(pk=alice.pk).exists()
    assert list(AuditRecord.objects.values_list("action", flat=True)) == ["print"]


def test_a_counter_edit_of_the_qualifications_is_in_the_history(client, ichiro, application):
    rows = {"qualifications-TOTAL_FORMS": "1", "qualifications-0-name": "介護福祉士"}
    response = client.post(
        f"{CHANGELIST}{application.pk}/change/",
        {**change_data(application, given_name="次郎"), **rows},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    [row] = [flat(r) for r in history(client, application) if "登録内容を変更" in flat(r)[2]]
    assert "名：太郎 → 次郎" in row[2]
    assert "資格・免許：（空欄） → 介護福祉士" in row[2]


def test_rows_changed_alone_are_recorded_and_reach_the_applicants_draft(
    client, ichiro, application
):
    rows = {"qualifications-TOTAL_FORMS": "1", "qualifications-0-name": "介護福祉士"}
    client.post(f"{CHANGELIST}{application.pk}/change/", {**change_data(application), **rows})
    [row] = [flat(r) for r in history(client, application) if "登録内容を変更" in flat(r)[2]]
    assert row[2].endswith("資格・免許：（空欄） → 介護福祉士")
    application.refresh_from_db()
    assert application.answers_changed_at is not None


def test_the_applicants_new_qualification_is_in_the_history(client, ichiro, application, alice):
    answers = {
        "basic": {},
        "education": {"qualifications": [{"name": "介護福祉士", "year": 2020}]},
        "career": {"work_histories": []},
    }
    services.submit_application(alice, answers, site_url="http://testserver")
    [row] = [flat(r) for r in history(client, application) if "マイページで登録" in flat(r)[2]]
    assert row[2].endswith("資格・免許：（空欄） → 介護福祉士")


def test_an_acceptance_on_the_english_screen_reads_in_japanese_in_the_history(
    client, ichiro, application
):
    """What is stored is the status, not the words of the screen it was pressed on."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(
        f"{CHANGELIST}{application.pk}/change/", {**change_data(application), "_accept": "1"}
    )
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)

    [row] = [flat(r) for r in history(client, application) if "受付完了" in flat(r)[2]]
    assert "オンライン登録者（仮登録） → 利用登録者" in row[2]


def test_the_history_says_the_print_page_was_opened_not_that_it_was_printed(
    client, ichiro, application
):
    """The server sees the page opened; whether it reached a printer, it cannot know."""
    client.get(f"{CHANGELIST}{application.pk}/print/")

    [row] = [flat(r) for r in history(client, application) if "印刷" in flat(r)[2]]
    assert row[2] == "求職申込書（印刷用）を開きました"


def test_a_renamed_staff_members_past_lines_still_say_whose_work_they_are(
    client, ichiro, application
):
    client.post(
        f"{CHANGELIST}{application.pk}/change/", {**change_data(application), "_accept": "1"}
    )
    ichiro.name = "窓口 次郎"
    ichiro.save(update_fields=["name"])
    [row] = [flat(r) for r in history(client, application) if "受付完了" in flat(r)[2]]
    assert "staff@oguchi.example.jp" in row[1]

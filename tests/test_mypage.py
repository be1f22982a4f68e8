"""The 求職者マイページ: the 求職番号 under its code, status, office and what was registered."""

import re
from datetime import date

import pytest
import time_machine
import zxingcpp
from django.utils import timezone

from accounts.models import User
from jobseeker.choices import Status
from jobseeker.models import Application
from jobseeker.services import valid_until

from .test_qr import rasterise
from .wizard_helpers import FLYER_ANSWERS, STEP_NAMES, complete_steps, post_step, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client, db) -> User:
    """A job seeker logged in who has completed the seven steps with the flyer's answers."""
    user = User.objects.create_user(email="taro@example.jp", password="Hello-work7")
    client.force_login(user)
    complete_steps(client)
    return user


def test_the_mypage_needs_a_login(client):
    assert client.get("/mypage/").url.startswith("/account/login/")


def test_before_applying_the_mypage_leads_to_the_application(client, alice):
    client.force_login(alice)
    page = client.get("/mypage/").content.decode()
    assert "求職申込みをする" in page
    assert 'href="/mypage/apply/"' in page


def test_an_unfinished_application_is_offered_to_continue(client, alice):
    client.force_login(alice)
    client.get(step_url("basic"))
    assert "求職申込みの続きを入力" in client.get("/mypage/").content.decode()


def test_the_number_is_shown_under_a_code_that_scans_back_to_it(client, applicant):
    page = client.get("/mypage/").content.decode()
    number = Application.objects.get(user=applicant).number
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    [barcode] = zxingcpp.read_barcodes(rasterise(svg))
    assert barcode.text == number
    assert page.index("<svg") < page.index(f'id="jobseeker-number">{number}<')


def test_the_mypage_shows_status_office_and_the_flyers_request_to_visit(client, applicant):
    page = client.get("/mypage/").content.decode()
    assert "オンライン登録者（仮登録）" in page
    assert "求職登録完了後、ハローワーク大口へお越しください。" in page
    assert "鹿児島県伊佐市大口里768-1" in page
    assert "8時30分〜17時15分" in page


def test_an_accepted_application_reads_riyou_tourokusha(client, applicant):
    Application.objects.filter(user=applicant).update(status=Status.ACCEPTED)
    page = client.get("/mypage/").content.decode()
    assert "利用登録者" in page
    assert "へお越しください" not in page


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        (date(2026, 5, 15), date(2026, 7, 31)),
        (date(2026, 11, 30), date(2027, 1, 31)),
        (date(2026, 12, 1), date(2027, 2, 28)),
        (date(2027, 12, 31), date(2028, 2, 29)),
    ],
)
def test_a_registration_is_valid_to_the_end_of_the_month_after_next(submitted, expected):
    assert valid_until(submitted) == expected


def test_the_expiry_date_is_shown_and_then_says_expired(client, applicant):
    application = Application.objects.get(user=applicant)
    assert f"{application.valid_until:%Y年%-m月%-d日}" in client.get("/mypage/").content.decode()
    last_day = application.valid_until
    with time_machine.travel(f"{last_day.isoformat()} 23:00+09:00"):
        client.force_login(applicant)
        assert "有効期限切れ" not in client.get("/mypage/").content.decode()
    next_day = date.fromordinal(last_day.toordinal() + 1)
    with time_machine.travel(f"{next_day.isoformat()} 09:00+09:00"):
        client.force_login(applicant)
        page = client.get("/mypage/").content.decode()
    assert "有効期限切れ" in page


def test_what_was_registered_is_shown_by_step_with_a_change_link_each(client, applicant):
    page = client.get("/mypage/").content.decode()
    assert "大口 太郎" in page
    assert "オオクチ タロウ" in page
    assert "1990年（平成2年）5月1日" in page
    assert "機械組立作業" in page
    for step in STEP_NAMES:
        assert f'href="{step_url(step)}"' in page


def test_the_mypage_links_to_password_change_and_offers_logout(client, applicant):
    page = client.get("/mypage/").content.decode()
    assert 'href="/account/password/change/"' in page
    assert 'formaction="/account/logout/?from=/mypage/"' in page


def test_an_application_without_work_history_says_so_under_keireki(client, applicant):
    Application.objects.get(user=applicant).work_histories.all().delete()
    page = client.get("/mypage/").content.decode()
    career = re.search(r'id="section-career">.*?</dl>', page, re.S).group(0)
    assert "<dt>経歴</dt><dd>—</dd>" in career


# -- a correction left unsaved ----------------------------------------------------------------

UNSAVED_WITH_ERRORS = "訂正中の内容がまだ保存されていません（エラーがあります）。"
UNSAVED_NOTICE = "訂正中の内容がまだ保存されていません"


def leave_basic_with_an_error(client):
    """Corrects 基本情報 with the 姓 erased, presses 変更を保存, and leaves for the マイページ."""
    corrected = {**FLYER_ANSWERS["basic"], "family_name": ""}
    assert post_step(client, "basic", corrected, save_changes="1").url == step_url("basic")
    return client.get("/mypage/").content.decode()


def test_a_correction_left_with_errors_is_said_with_a_link_to_its_step(client, applicant):
    page = leave_basic_with_an_error(client)
    assert UNSAVED_WITH_ERRORS in page
    notice = re.search(r'id="unsaved-correction">.*?</p>', page, re.S).group(0)
    assert f'<a href="{step_url("basic")}">「1 基本情報登録」の訂正を続ける</a>' in notice
    # What is shown below it is still what is registered.
    assert "大口 太郎" in page


def test_a_correction_waiting_on_the_empty_items_notice_is_said_too(client, applicant):
    corrected = {"desired_prefecture": "鹿児島県", "empty_ack": "desired_prefecture,wage_amount"}
    assert post_step(client, "location", corrected, save_changes="1").url == step_url("location")
    page = client.get("/mypage/").content.decode()
    assert "訂正中の内容がまだ保存されていません（未入力の項目があります）。" in page
    assert "「4 希望勤務地・賃金登録」の訂正を続ける" in page


def test_the_notice_goes_once_the_correction_is_saved(client, applicant):
    leave_basic_with_an_error(client)
    corrected = {**FLYER_ANSWERS["basic"], "family_name": "大山"}
    assert post_step(client, "basic", corrected, save_changes="1").url == "/mypage/"
    page = client.get("/mypage/").content.decode()
    assert UNSAVED_NOTICE not in page
    assert "大山 太郎" in page


def test_no_notice_after_applying_or_opening_every_step_without_a_change(client, applicant):
    assert UNSAVED_NOTICE not in client.get("/mypage/").content.decode()
    for step in STEP_NAMES:
        assert client.get(step_url(step)).status_code == 200
    assert UNSAVED_NOTICE not in client.get("/mypage/").content.decode()


def test_no_notice_once_a_change_at_the_counter_replaces_the_draft(client, applicant):
    """The wizard then opens with what the counter registered: nothing of the draft is left."""
    leave_basic_with_an_error(client)
    application = Application.objects.get(user=applicant)
    application.phone_mobile = "080-1111-2222"
    application.answers_changed_at = timezone.now()
    application.save()
    assert UNSAVED_NOTICE not in client.get("/mypage/").content.decode()


def test_the_mypage_with_a_number_and_the_notice_stays_within_five_queries(
    client, applicant, django_assert_max_num_queries
):
    leave_basic_with_an_error(client)
    with django_assert_max_num_queries(5):
        page = client.get("/mypage/").content.decode()
    assert UNSAVED_WITH_ERRORS in page

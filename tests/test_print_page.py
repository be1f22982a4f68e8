"""申込内容の印刷 (issue #17 item 4): from the マイページ, an A4 page of what is registered, with
the 求職番号 under its 2次元コード and the office, to bring to the counter."""

import re
from datetime import date

import pytest
import time_machine
import zxingcpp
from django.utils import timezone

from accounts.models import User
from jobseeker import summary
from jobseeker.models import Application

from .test_qr import rasterise
from .wizard_helpers import complete_steps

pytestmark = pytest.mark.django_db

PRINT = "/mypage/print/"


@pytest.fixture
def applicant(client, db) -> User:
    """A job seeker logged in who has completed the seven steps with the flyer's answers."""
    user = User.objects.create_user(email="taro@example.jp", password="Hello-work7")
    client.force_login(user)
    complete_steps(client)
    return user


def test_the_mypage_offers_printing_once_registered(client, applicant):
    page = client.get("/mypage/").content.decode()
    assert f'<a href="{PRINT}">申込内容を印刷する</a>' in page


def test_the_mypage_does_not_offer_printing_before_registration(client, taro):
    assert PRINT not in client.get("/mypage/").content.decode()


def test_before_registration_the_page_leads_back_to_the_mypage(client, taro):
    response = client.get(PRINT)
    assert response.status_code == 302
    assert response["Location"] == "/mypage/"


def test_the_page_needs_a_login(client):
    response = client.get(PRINT)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_the_page_shows_only_the_logged_in_persons_own_application(client, applicant):
    number = Application.objects.get(user=applicant).number
    hanako = User.objects.create_user(email="hanako@example.jp", password="Hello-work7")
    client.force_login(hanako)
    response = client.get(PRINT, follow=True)
    assert number not in response.content.decode()


def test_every_registered_answer_is_printed_by_step(client, applicant):
    page = client.get(PRINT).content.decode()
    application = Application.objects.get(user=applicant)
    for section in summary.sections(application):
        assert f"{section.number} {section.title}</h2>" in page
        for label, value in section.rows:
            assert f'<th scope="row">{label}</th>' in page
            if value:
                assert value.split("\n")[0] in page
    assert "大口 太郎" in page and "機械組立作業" in page


def test_the_number_is_printed_under_a_code_that_scans_back_to_it(client, applicant):
    page = client.get(PRINT).content.decode()
    number = Application.objects.get(user=applicant).number
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    [barcode] = zxingcpp.read_barcodes(rasterise(svg))
    assert barcode.text == number
    assert f'id="jobseeker-number">{number}<' in page


def test_the_office_and_the_date_printed_are_on_the_sheet(client, applicant):
    office = Application.objects.get(user=applicant).office
    with time_machine.travel("2027-03-05 10:00+09:00", tick=False):
        client.force_login(applicant)
        page = client.get(PRINT).content.decode()
    assert "ハローワーク大口の窓口にお持ちください。" in page
    for value in (office.address, office.phone, office.opening_hours):
        assert value in page
    assert "<dt>印刷日</dt><dd>2027年3月5日</dd>" in page


def test_the_status_and_validity_are_printed(client, applicant):
    application = Application.objects.get(user=applicant)
    day = application.valid_until
    page = client.get(PRINT).content.decode()
    assert f"<dt>有効期限</dt><dd>{day.year}年{day.month}月{day.day}日</dd>" in page
    assert "<dt>状態</dt><dd>オンライン登録者（仮登録）</dd>" in page


def test_an_expired_registration_prints_as_expired(client, applicant):
    Application.objects.filter(user=applicant).update(valid_until=date(2020, 1, 31))
    page = client.get(PRINT).content.decode()
    assert "<dt>状態</dt><dd>有効期限切れ</dd>" in page


def test_the_print_button_needs_the_script_and_the_page_says_how_to_print_without_it(
    client, applicant
):
    page = client.get(PRINT).content.decode()
    assert re.search(r"<button[^>]*data-print hidden>印刷する</button>", page)
    assert "ブラウザのメニュー（共有など）の「印刷」から印刷できます" in page
    assert '<script src="/static/js/print.js" defer></script>' in page
    assert "<script>" not in page and " style=" not in page and "onclick" not in page


def test_the_page_is_laid_out_for_print_by_its_stylesheet(client, applicant):
    page = client.get(PRINT).content.decode()
    assert '<link rel="stylesheet" href="/static/css/mypage-print.css">' in page


def test_the_date_printed_is_the_day_in_japan(client, applicant):
    """23:30 UTC is already the next day in Japan."""
    with time_machine.travel("2027-03-04 23:30+00:00", tick=False):
        client.force_login(applicant)
        page = client.get(PRINT).content.decode()
        assert timezone.localdate() == date(2027, 3, 5)
    assert "<dd>2027年3月5日</dd>" in page

"""Words a clerk reads in the counter (#15 item 8): no Django stock phrasing, people and
dates in plain Japanese, a 403 and a 404 that say what happened and lead back."""

import re
from datetime import date

import pytest
import time_machine

from accounts.models import SentMail, User
from jobseeker import services
from jobseeker.models import Application

from .factories import make_application
from .test_counter_admin import CHANGELIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(oguchi) -> Application:
    return make_application(oguchi, 18)


def breadcrumbs(page: str) -> list[str]:
    nav = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', page, re.S).group(1)
    items = re.findall(r"<li.*?</li>", nav, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


def test_the_list_is_titled_as_a_list_not_a_choice_to_change(client, staff, application):
    page = client.get(CHANGELIST).content.decode()
    assert "<h1>求職申込みの一覧</h1>" in page
    assert "変更する 求職申込み を選択" not in page
    assert "求職申込み を追加" not in page
    assert "窓口で求職申込みを登録" in page
    assert breadcrumbs(page) == ["求職申込みの一覧"]


def test_the_record_is_titled_by_what_it_is_for_and_the_tab_names_the_person(
    client, staff, application
):
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert "<h1>求職申込みの確認と窓口受付</h1>" in page
    assert f"<title>大口 太郎さん（{application.number}） | 求職申込みの確認と窓口受付" in page
    assert "求職申込み を変更" not in page
    assert breadcrumbs(page) == ["求職申込みの一覧", str(application)]


def test_the_record_has_no_save_and_add_another(client, staff, application):
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert "保存してもう一つ追加" not in page
    assert 'name="_save"' in page


def test_pages_under_a_record_lead_back_through_it(client, staff, application):
    for path, here in [("history/", "履歴"), ("consultation/", "職業相談を記録")]:
        page = client.get(f"{CHANGELIST}{application.pk}/{path}").content.decode()
        assert breadcrumbs(page) == ["求職申込みの一覧", str(application), here]


def test_a_consultation_reads_with_the_staff_members_name_and_a_written_date(
    client, staff, application
):
    staff.name = "窓口 一郎"
    staff.save(update_fields=["name"])
    application.valid_until = date(2027, 7, 31)
    application.save()
    with time_machine.travel("2027-07-10 10:00+09:00", tick=False):
        services.record_consultation(application, staff, note="求人を2件紹介")
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert (
        "<li>2027年7月10日 窓口 一郎（staff@oguchi.example.jp）"
        "（有効期限を2027年8月31日まで延長）：求人を2件紹介</li>" in page
    )


def test_a_mail_state_reads_as_a_sentence(client, staff, oguchi):
    taro = User.objects.create_user(email="taro@example.jp")
    application = make_application(oguchi, 60, user=taro)
    with time_machine.travel("2026-12-06 15:24+09:00", tick=False):
        SentMail.objects.create(
            to="taro@example.jp", user=taro, tag="registration-complete", status="delivered"
        )
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert (
        "2026年12月6日 15:24 「求職登録完了のお知らせ」を taro@example.jp へ送信：配信済み" in page
    )


def test_the_admin_header_greets_the_staff_member_by_name(client, staff):
    staff.name = "窓口 一郎"
    staff.save(update_fields=["name"])
    assert "窓口 一郎" in client.get(CHANGELIST).content.decode()


def test_statistics_write_days_as_people_do(client, staff):
    page = client.get(f"{CHANGELIST}statistics/", {"from": "2026-11-24", "to": "2026-11-24"})
    assert "2026年11月24日（火）" in page.content.decode()


def test_the_selection_counts_records_in_ken(client, staff, application):
    assert "1件中 0件を選択" in client.get(CHANGELIST).content.decode()


def test_a_forbidden_page_says_so_in_japanese_with_the_way_back(client, staff):
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>この画面は開けません</h1>" in page
    assert '<a href="/admin/">窓口のトップ（求職申込みの一覧）に戻る</a>' in page
    assert "Forbidden" not in page


def test_another_offices_record_is_not_found_with_the_way_back(client, staff, fukuoka):
    other = make_application(fukuoka, 5)
    response = client.get(f"{CHANGELIST}{other.pk}/change/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "他のハローワークの求職申込みは表示されません" in page
    assert '<a href="/admin/">窓口のトップ（求職申込みの一覧）に戻る</a>' in page


def test_a_job_seeker_keeps_the_sites_own_pages(client, taro):
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302  # to the admin's login, not the counter's 403
    page = client.get("/mypage/no-such-page/").content.decode()
    assert "ページが見つかりません" in page
    assert "窓口のトップ" not in page


def test_the_sites_403_is_japanese_with_a_way_back(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from hellowork.errors import permission_denied

    request = rf.get("/mypage/")
    request.user = AnonymousUser()
    page = permission_denied(request, PermissionDenied()).content.decode()
    assert "このページは開けません" in page
    assert 'href="/account/login/"' in page


def test_statistics_align_each_days_figures_with_the_total(client, staff):
    """Figures right-aligned in their column, the total under them (static/css/admin.css)."""
    from pathlib import Path

    from django.conf import settings

    page = client.get(f"{CHANGELIST}statistics/").content.decode()
    assert "css/admin.css" in page
    total = re.search(r'<tr id="total">(.*?)</tr>', page, re.S).group(1)
    assert total.count("<td>") == 2  # under 申込み and 窓口受付, as each day's figures
    css = (Path(settings.BASE_DIR) / "static/css/admin.css").read_text()
    rule = re.search(r"#statistics td \{(.*?)\}", css, re.S).group(1)
    assert "text-align: right" in rule and "tabular-nums" in rule


def test_an_accepted_record_is_titled_for_checking_and_changing(client, staff, application):
    services.accept_at_counter(application, staff)
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert "<h1>求職申込みの確認と変更</h1>" in page

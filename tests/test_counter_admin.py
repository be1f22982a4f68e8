"""The counter in the Django admin: find, check, complete and accept (issue #4)."""

import json
import re
from datetime import date
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command

from accounts.models import User
from jobseeker import numbers
from jobseeker.choices import Status
from jobseeker.models import Application, AuditRecord

from .factories import make_application

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/jobseeker/application/"


@pytest.fixture
def taro_application(oguchi) -> Application:
    return make_application(oguchi, 18)


@pytest.fixture
def fukuoka_application(fukuoka) -> Application:
    return make_application(
        fukuoka, 5, family_name="博多", family_name_kana="ハカタ", phone_mobile="080-1111-2222"
    )


def search(client, term) -> list[str]:
    """The 求職番号 the search finds: the list's, or the one whose record it opened."""
    response = client.get(CHANGELIST, {"q": term})
    if response.status_code == 302:
        opened = re.fullmatch(rf"{CHANGELIST}(\d+)/change/", response.url)
        return [Application.objects.get(pk=opened[1]).number]
    assert response.status_code == 200
    return [a.number for a in response.context["cl"].result_list]


def test_the_counter_group_has_exactly_what_the_counter_needs():
    codenames = set(
        Group.objects.get(name="窓口職員").permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        "add_application", "change_application", "view_application",
        "add_qualification", "change_qualification", "view_qualification",
        "add_workhistory", "change_workhistory", "view_workhistory",
        "add_consultation", "view_consultation",
        "view_office",
    }  # fmt: skip
    assert not any(c.startswith("delete_") for c in codenames)
    assert not Permission.objects.filter(group__name="窓口職員", content_type__app_label="auth")
    assert not Permission.objects.filter(group__name="窓口職員", content_type__app_label="accounts")


def test_staff_cannot_open_user_or_group_admin(client, staff):
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_staff_see_only_their_own_office_in_the_list(
    client, staff, taro_application, fukuoka_application
):
    assert search(client, "") == [taro_application.number]


def test_search_finds_what_the_scanner_types(client, staff, taro_application):
    assert search(client, f"{taro_application.number}\r\n") == [taro_application.number]


def test_search_finds_a_number_without_its_hyphen_or_in_full_width(client, staff, taro_application):
    digits = taro_application.number.replace("-", "")
    assert search(client, digits) == [taro_application.number]
    wide = "".join(chr(ord(c) + 0xFEE0) for c in digits)
    assert search(client, wide) == [taro_application.number]


def test_a_scanned_number_opens_its_record_directly(client, staff, taro_application):
    response = client.get(CHANGELIST, {"q": f"{taro_application.number}\r\n"})
    assert response.status_code == 302
    assert response.url == f"{CHANGELIST}{taro_application.pk}/change/"
    page = client.get(response.url)
    assert page.status_code == 200
    assert taro_application.number in page.content.decode()


def test_a_name_that_finds_one_application_stays_a_list(client, staff, taro_application):
    response = client.get(CHANGELIST, {"q": "大口"})
    assert response.status_code == 200
    assert [a.number for a in response.context["cl"].result_list] == [taro_application.number]


def test_a_number_scanned_into_a_picker_popup_stays_a_list_to_pick_from(
    client, staff, taro_application
):
    """In the admin's popup (choosing an application for another record) opening the record
    instead of listing it would leave nothing to pick."""
    response = client.get(CHANGELIST, {"q": taro_application.number, "_popup": "1"})
    assert response.status_code == 200
    assert [a.number for a in response.context["cl"].result_list] == [taro_application.number]


def test_an_exact_number_of_another_office_opens_nothing(
    client, staff, taro_application, fukuoka_application
):
    response = client.get(CHANGELIST, {"q": fukuoka_application.number})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_the_admin_index_says_nashi_for_no_recent_actions(client, db):
    # Counter staff open on the list (test_counter_list.py); superusers keep the index.
    client.force_login(User.objects.create_superuser("root@example.jp", "Super-user9"))
    page = client.get("/admin/").content.decode()
    assert "最近行った操作" in page
    assert "<p>なし</p>" in page
    assert "利用不可" not in page


def test_a_mistyped_check_digit_finds_the_number_and_says_so(client, staff, taro_application):
    number = taro_application.number
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = client.get(CHANGELIST, {"q": typo})
    assert [a.number for a in response.context["cl"].result_list] == [number]
    assert "チェックディジットが一致しません" in response.content.decode()


def test_a_typo_in_the_middle_is_caught_too(client, staff, taro_application):
    number = taro_application.number
    typo = number[:8] + str((int(number[8]) + 3) % 10) + number[9:]
    assert search(client, typo) == [number]


@pytest.mark.parametrize("term", ["おおくち", "オオクチ", "ｵｵｸﾁ", "大口", "大口 太郎", "タロウ"])
def test_search_finds_a_name_and_kana_in_either_script(client, staff, taro_application, term):
    assert search(client, term) == [taro_application.number]


@pytest.mark.parametrize("term", ["09012345678", "０９０－１２３４－５６７８", "090-1234-5678"])
def test_search_finds_a_phone_number_in_any_width(client, staff, taro_application, term):
    assert search(client, term) == [taro_application.number]


def test_search_finds_the_mail_address(client, staff, oguchi):
    application = make_application(oguchi, 20, email="taro@example.jp")
    assert search(client, "taro@example.jp") == [application.number]


def test_search_never_reaches_anfukuoka(client, staff, taro_application, fukuoka_application):
    assert search(client, fukuoka_application.number) == []
    assert search(client, "ハカタ") == []
    assert search(client, "08011112222") == []


def test_anfukuokas_record_is_not_found_by_url(client, staff, fukuoka_application):
    url = f"{CHANGELIST}{fukuoka_application.pk}/change/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"_accept": "1"}).status_code == 404
    fukuoka_application.refresh_from_db()
    assert fukuoka_application.status == Status.ONLINE


def test_a_superuser_sees_every_office(client, taro_application, fukuoka_application):
    client.force_login(User.objects.create_superuser("root@example.jp", "Super-user9"))
    assert sorted(search(client, "")) == sorted(
        [taro_application.number, fukuoka_application.number]
    )


def test_the_change_page_groups_fields_by_the_seven_steps(client, staff, taro_application):
    page = client.get(f"{CHANGELIST}{taro_application.pk}/change/").content.decode()
    for title in (
        "1 基本情報登録",
        "2 求職情報提供等登録",
        "3 希望職種・時間等登録",
        "5 学歴／資格登録",
    ):
        assert title in page
    assert "経歴" in page and "資格・免許" in page
    assert "窓口で受付完了" in page


def test_the_change_page_follows_the_wizards_step_order(client, staff, taro_application):
    """6 経歴 (an inline) comes between 5 学歴／資格 and 7 自己PR, as in the wizard."""
    page = client.get(f"{CHANGELIST}{taro_application.pk}/change/").content.decode()
    headings = [" ".join(h.split()) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
    steps = ["5 学歴／資格登録", "資格・免許", "6 経歴登録", "7 自己PR登録"]
    assert [h for h in headings if h in steps] == steps
    assert 'name="self_pr"' in page


def test_opening_a_record_is_audited(client, staff, taro_application):
    client.get(f"{CHANGELIST}{taro_application.pk}/change/")
    record = AuditRecord.objects.get()
    assert (record.staff, record.action, record.application) == (
        staff, AuditRecord.Action.VIEW, taro_application
    )  # fmt: skip


def change_data(application: Application, **changes) -> dict:
    data = {
        name: getattr(application, name)
        for name in [
            "family_name", "given_name", "family_name_kana", "given_name_kana", "gender",
            "postal_code", "prefecture", "city", "street", "building", "phone_fixed",
            "phone_mobile", "email", "nearest_line", "nearest_station", "disclosure",
            "info_provision", "contact_allowed", "employment_type", "employment_period",
            "desired_occupation", "desired_occupation_second", "desired_job_detail",
            "work_hours", "work_break", "holidays", "desired_prefecture", "desired_city",
            "wage_type", "education", "education_status", "school_name", "self_pr",
        ]
    }  # fmt: skip
    birth = application.birth_date
    data.update(birth_date_year=birth.year, birth_date_month=birth.month, birth_date_day=birth.day)
    data["wage_amount"] = application.wage_amount or ""
    for prefix in ("qualifications", "work_histories"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_staff_fill_in_the_counter_items_and_the_change_is_audited(client, staff, taro_application):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    data = change_data(
        taro_application, desired_occupation="care", wage_type="hourly", wage_amount="1000"
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    taro_application.refresh_from_db()
    assert taro_application.desired_occupation == "care"
    assert taro_application.wage_amount == 1000
    change = AuditRecord.objects.get(action=AuditRecord.Action.CHANGE)
    assert change.staff == staff
    assert change.changes["desired_occupation"] == ["undecided", "care"]


def test_the_counter_gets_the_wizards_rules(client, staff, taro_application):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    data = change_data(
        taro_application,
        employment_type="part_time",
        work_hours="specified",
        work_start="09:00",
        work_end="18:00",
        phone_fixed="090-9999-8888",
    )
    page = client.post(url, data).content.decode()
    assert "パートは休憩を除いて1日8時間未満の働き方です" in page
    assert "休憩なし、勤務9時間" in page
    # With the break staff note, the same hours are part-time at the counter as in the wizard.
    response = client.post(url, {**data, "work_break": "90", "phone_fixed": ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    taro_application.refresh_from_db()
    assert (taro_application.work_end.isoformat(), taro_application.work_break) == ("18:00:00", 90)
    assert "携帯電話の番号です。「携帯電話」の欄に入力してください。" in page


def test_accepting_at_the_counter_makes_a_riyou_tourokusha(client, staff, taro_application):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    response = client.post(url, {**change_data(taro_application), "_accept": "1"})
    assert response.status_code == 302
    taro_application.refresh_from_db()
    assert taro_application.status == Status.ACCEPTED
    assert taro_application.accepted_by == staff
    assert taro_application.accepted_at is not None
    assert AuditRecord.objects.filter(action=AuditRecord.Action.ACCEPT).count() == 1


def test_accepting_again_from_a_page_opened_before_is_refused_with_a_message(
    client, staff, taro_application
):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    data = {**change_data(taro_application), "_accept": "1"}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "すでに「利用登録者」です" in response.content.decode()
    assert AuditRecord.objects.filter(action=AuditRecord.Action.ACCEPT).count() == 1


def test_the_applicants_mypage_says_riyou_tourokusha_after_acceptance(client, staff, oguchi):
    taro = User.objects.create_user(email="taro@example.jp", password="Hello-work7")
    application = make_application(oguchi, 30, user=taro)
    client.post(
        f"{CHANGELIST}{application.pk}/change/", {**change_data(application), "_accept": "1"}
    )
    client.force_login(taro)
    page = client.get("/mypage/").content.decode()
    assert '<strong class="status">利用登録者</strong>' in page


def test_nothing_can_be_deleted_from_the_admin(client, staff, taro_application):
    assert client.get(f"{CHANGELIST}{taro_application.pk}/delete/").status_code == 403


def test_the_audit_trail_is_for_superusers_only_and_read_only(client, staff, taro_application):
    client.get(f"{CHANGELIST}{taro_application.pk}/change/")
    assert client.get("/admin/jobseeker/auditrecord/").status_code == 403
    client.force_login(User.objects.create_superuser("root@example.jp", "Super-user9"))
    record = AuditRecord.objects.get()
    assert client.get("/admin/jobseeker/auditrecord/").status_code == 200
    response = client.post(
        f"/admin/jobseeker/auditrecord/{record.pk}/change/", {"action": "change"}
    )
    assert response.status_code == 403


def test_staff_register_an_application_for_a_person_without_an_account(client, staff, oguchi):
    template = make_application(oguchi, 40)
    data = change_data(template, family_name="伊佐", family_name_kana="いさ")
    data.update(birth_date_year="1985", birth_date_month="4", birth_date_day="1")
    response = client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    application = Application.objects.get(family_name="伊佐")
    assert application.user is None
    assert application.office == oguchi
    assert numbers.is_valid(application.number)
    assert application.family_name_kana == "イサ"
    assert AuditRecord.objects.filter(action=AuditRecord.Action.ADD, application=application)


def test_the_changelist_query_count_does_not_grow_with_rows(
    client, staff, oguchi, django_assert_max_num_queries
):
    make_application(oguchi, 1)
    with django_assert_max_num_queries(50) as few:
        client.get(CHANGELIST)
    for serial in range(2, 30):
        make_application(oguchi, serial)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 29


def test_the_demo_staff_login_is_a_counter_clerk_of_the_demo_office(capsys):
    call_command("setup_demo")
    staff = User.objects.get(email="staff@oguchi.example.jp")
    assert staff.is_staff and not staff.is_superuser
    assert staff.office.code == "74601"
    assert staff.groups.filter(name="窓口職員").exists()
    output = capsys.readouterr().out
    password = output.split("パスワード: ")[1].split()[0]
    assert staff.check_password(password)


def test_the_demo_applicant_is_found_by_the_demo_staff_as_a_scanner_types_it(client, capsys):
    call_command("setup_demo")
    call_command("setup_demo")  # running again makes no second application
    number = capsys.readouterr().out.split("求職番号: ")[-1].split()[0]
    application = Application.objects.get(user__email="kyushoku@oguchi.example.jp")
    assert application.number == number and numbers.is_valid(number)
    client.force_login(User.objects.get(email="staff@oguchi.example.jp"))
    assert search(client, number + "\n") == [number]


def demo_completion_mail(django_capture_on_commit_callbacks, *args) -> str:
    """The body of the completion mail setup_demo sends for the demo applicant's application."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("setup_demo", *args)
    [message] = [m for m in mail.outbox if m.subject == "【ハローワーク】求職登録完了のお知らせ"]
    return message.body


def test_the_demo_applicants_completion_mail_links_to_the_local_server(
    db, django_capture_on_commit_callbacks
):
    """bin/run prints the mail: its link must open the マイページ, not a bare path."""
    body = demo_completion_mail(django_capture_on_commit_callbacks)
    assert "http://127.0.0.1:8000/mypage/" in body.splitlines()


def test_the_demo_mail_links_to_the_public_address_or_the_one_given(
    db, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "https://oguchi.example.jp"
    body = demo_completion_mail(django_capture_on_commit_callbacks)
    assert "https://oguchi.example.jp/mypage/" in body.splitlines()

    Application.objects.all().delete()
    mail.outbox.clear()
    body = demo_completion_mail(
        django_capture_on_commit_callbacks, "--site-url", "http://127.0.0.1:8001/"
    )
    assert "http://127.0.0.1:8001/mypage/" in body.splitlines()


def test_a_counter_page_opened_before_the_applicants_correction_cannot_overwrite_it(
    client, staff, taro_application
):
    from django.utils import timezone

    url = f"{CHANGELIST}{taro_application.pk}/change/"
    opened = client.get(url).context["adminform"].form["answers_version"].value()
    Application.objects.filter(pk=taro_application.pk).update(
        phone_mobile="080-9999-0000", answers_changed_at=timezone.now()
    )
    data = change_data(taro_application, answers_version=opened, given_name="次郎")
    page = client.post(url, data).content.decode()
    assert "この画面を開いた後に、登録内容が変更されました" in page
    taro_application.refresh_from_db()
    assert (taro_application.phone_mobile, taro_application.given_name) == ("080-9999-0000", "太郎")


def test_a_counter_change_marks_the_answers_changed_for_the_applicants_draft(
    client, staff, taro_application
):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    client.post(url, change_data(taro_application, given_name="次郎"))
    taro_application.refresh_from_db()
    assert taro_application.answers_changed_at is not None


def test_the_counter_checks_the_birth_date_like_the_wizard(client, staff, taro_application):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    data = change_data(taro_application, birth_date_year="1850")
    page = client.post(url, data).content.decode()
    assert "生年月日を確認してください（100歳を超えています）。" in page
    taro_application.refresh_from_db()
    assert taro_application.birth_date.year == 1990


def test_the_counter_needs_a_contact_method_when_contact_is_allowed(
    client, staff, taro_application
):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    page = client.post(url, change_data(taro_application, contact_allowed="yes")).content.decode()
    assert "連絡を「可」にした場合は、連絡手段を1つ以上選んでください。" in page


def test_the_counter_refuses_a_contact_method_without_its_number_like_the_wizard(
    client, staff, taro_application
):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    by_fixed_phone = change_data(
        taro_application, contact_allowed="yes", contact_methods=["fixed_phone"]
    )
    page = client.post(url, by_fixed_phone).content.decode()
    assert "「固定電話」を選ぶ場合は、基本情報登録で固定電話の番号を入力してください" in page
    # The number given, and the 番地 typed with かな mode's ー for the hyphen.
    with_number = {**by_fixed_phone, "phone_fixed": "0995-22-8609", "street": "７６８ー１"}
    response = client.post(url, with_number)
    assert response.status_code == 302, response.context["adminform"].form.errors
    taro_application.refresh_from_db()
    assert taro_application.contact_methods == ["fixed_phone"]
    assert taro_application.street == "７６８－１"


def test_staff_filter_by_validity(client, staff, oguchi):
    valid = make_application(oguchi, 50, valid_until=date(2027, 1, 31))
    ending = make_application(oguchi, 51, valid_until=date(2026, 11, 30))
    expired = make_application(oguchi, 52, valid_until=date(2026, 10, 31))
    with time_machine.travel("2026-11-25 10:00+09:00", tick=False):
        client.force_login(staff)

        def listed(value):
            response = client.get(CHANGELIST, {"validity": value})
            return {a.number for a in response.context["cl"].result_list}

        assert listed("valid") == {valid.number, ending.number}
        assert listed("ending") == {ending.number}
        assert listed("expired") == {expired.number}


def test_the_change_page_shows_what_is_known_of_the_accounts_mail_delivery(client, staff, oguchi):
    from accounts.models import SentMail

    taro = User.objects.create_user(email="taro@example.jp")
    application = make_application(oguchi, 60, email="taro@example.jp", user=taro)
    SentMail.objects.create(
        to="taro@example.jp", user=taro, tag="registration-complete", status="bounced"
    )
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert "メール配信状況" in page
    assert "不達（宛先不明など）" in page


def test_staff_never_see_the_mails_of_another_offices_applicant_through_a_typed_address(
    client, staff, oguchi, fukuoka
):
    """An 大口 applicant types a 福岡 applicant's address as contact address in step 1."""
    from accounts.models import SentMail

    hanako = User.objects.create_user(email="hanako@example.jp")
    make_application(fukuoka, 7, email="hanako@example.jp", user=hanako)
    SentMail.objects.create(
        to="hanako@example.jp", user=hanako, tag="registration-complete", status="delivered"
    )
    taro = User.objects.create_user(email="taro@example.jp")
    typed_hers = make_application(oguchi, 61, email="hanako@example.jp", user=taro)
    page = client.get(f"{CHANGELIST}{typed_hers.pk}/change/").content.decode()
    assert "hanako@example.jp：" not in page
    assert "配信済み" not in page


# -- Japanese for what Django 6.1's own Japanese catalogues leave in English -----------------


def test_the_japanese_admin_shows_no_untranslated_django_strings(client, staff, taro_application):
    changelist = client.get(CHANGELIST).content.decode()
    assert "Filter by" not in changelist
    add_page = client.get(f"{CHANGELIST}add/").content.decode()
    assert "Select an option" not in add_page
    assert '<select name="gender" id="id_gender"><option value="">- 選択してください -' in add_page
    # The counter's list has no date drill-down (its 申込日時 filter does that); the mails' has.
    client.force_login(User.objects.create_superuser("root@example.jp", "Super-user9"))
    mails = client.get("/admin/accounts/sentmail/").content.decode()
    assert '<span id="date-hierarchy-label">送信日時 で絞り込む</span>' in mails
    # The date pickers' note, shown when the PC's clock is in another time zone than Japan's.
    script = client.get("/admin/jsi18n/").content.decode()
    assert json.dumps("時間進んでいます")[1:-1] in script


JAPANESE_CATALOGUES = sorted((Path(settings.LOCALE_PATHS[0]) / "ja").glob("LC_MESSAGES/*.po"))


@pytest.mark.parametrize("path", JAPANESE_CATALOGUES, ids=lambda path: path.name)
def test_the_japanese_catalogues_translate_djangos_strings_with_their_placeholders(path):
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    catalogue = polib.pofile(str(path))
    assert len(catalogue) and not catalogue.untranslated_entries()
    assert not catalogue.fuzzy_entries()
    for entry in catalogue:
        translated = entry.msgstr or entry.msgstr_plural[0]
        assert sorted(placeholder.findall(entry.msgid)) == sorted(
            placeholder.findall(translated)
        ), entry.msgid
    assert path.with_suffix(".mo").read_bytes() == catalogue.to_binary()


def test_a_staff_members_page_shows_the_counter_group_as_chosen(client, staff):
    """Saving the page as shown keeps the group: a group shown as not chosen would be dropped."""
    client.force_login(User.objects.create_superuser("root@example.jp", "Super-user9"))
    page = client.get(f"/admin/accounts/user/{staff.pk}/change/").content.decode()
    groups = re.search(r'<select name="groups".*?</select>', page, re.S).group(0)
    counter = Group.objects.get(name="窓口職員")
    assert re.search(rf'<option value="{counter.pk}" selected>窓口職員', groups)

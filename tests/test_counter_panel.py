"""The counter panel at the top of an application's page (issue #15 item 1): what the clerk checks
with the person at the desk, read-only, and 窓口で受付完了 above the edit form, so that scan →
accept needs no scroll; an expired registration is renewed by the acceptance, recorded."""

import re
from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Permission

from jobseeker.choices import Status
from jobseeker.counter import unanswered_questions
from jobseeker.models import Application, AuditRecord

from .factories import make_application
from .test_counter_admin import CHANGELIST, change_data

pytestmark = pytest.mark.django_db

# A day in December 2026: an application valid to 2027-01-31 is neither expired nor in its
# last month.
TODAY = "2026-12-06 10:00 +09:00"


@pytest.fixture
def taro_application(oguchi) -> Application:
    return make_application(oguchi, 18, desired_occupation="care")


@pytest.fixture
def expired_application(oguchi) -> Application:
    """Expired at the end of November 2026, the month before TODAY."""
    return make_application(oguchi, 23, desired_occupation="care", valid_until=date(2026, 11, 30))


def change_url(application) -> str:
    return f"{CHANGELIST}{application.pk}/change/"


def panel_of(client, application) -> str:
    """The panel's HTML, as the change page has it."""
    page = client.get(change_url(application)).content.decode()
    found = re.search(r'<section class="counter-panel".*?</section>', page, re.S)
    assert found, "no counter panel on the page"
    return found[0]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# -- what the panel shows -------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_the_panel_comes_before_the_edit_form_and_holds_the_accept_button(
    client, staff, taro_application
):
    page = client.get(change_url(taro_application)).content.decode()
    panel = page.index('class="counter-panel"')
    assert panel < page.index('name="family_name"')
    assert panel < page.index('name="_accept"')
    # One 窓口で受付完了 on the page: the panel's, part of the change form (it saves it too).
    assert page.count('name="_accept"') == 1
    form = page.index('id="application_form"')
    assert form < panel < page.index("</form>", form)


@time_machine.travel(TODAY, tick=False)
def test_enter_in_a_box_saves_and_never_accepts(client, staff, taro_application):
    # A form's Enter presses its first submit button: a hidden save, before the panel's accept.
    page = client.get(change_url(taro_application)).content.decode()
    form = page[page.index('id="application_form"') :]
    first_button = re.search(r'<(?:button|input) type="submit"[^>]*>', form)[0]
    assert 'name="_continue"' in first_button and "hidden" in first_button


@time_machine.travel(TODAY, tick=False)
def test_the_panel_shows_who_the_person_is_read_only(client, staff, taro_application):
    panel = panel_of(client, taro_application)
    text = text_of(panel)
    assert f"{taro_application.number} 大口 太郎" in text
    assert "フリガナ オオクチ タロウ" in text
    assert "生年月日 1990年（平成2年）5月1日" in text
    assert "住所 〒895-2511 鹿児島県伊佐市大口里７６８－１" in text
    assert "携帯電話 090-1234-5678" in text
    # Nothing to type in: the only input is the accept button; the edit form is below.
    assert [
        i for i in re.findall(r"<(?:input|select|textarea)[^>]*>", panel) if "_accept" not in i
    ] == []


@time_machine.travel(TODAY, tick=False)
def test_the_panel_offers_the_counters_three_buttons(client, staff, taro_application):
    panel = panel_of(client, taro_application)
    assert re.search(r'<input type="submit" name="_accept" value="窓口で受付完了"', panel)
    assert f'href="{change_url(taro_application)[:-7]}consultation/">職業相談を記録</a>' in panel
    assert f'href="{change_url(taro_application)[:-7]}print/">求職申込書を印刷</a>' in panel


@time_machine.travel(TODAY, tick=False)
def test_an_online_applicant_has_an_open_badge_with_words_and_a_mark(
    client, staff, taro_application
):
    panel = panel_of(client, taro_application)
    badge = re.search(r'<p class="counter-badge counter-badge--(\w+)">(.*?)</p>', panel)
    assert badge[1] == "online"
    assert text_of(badge[2]) == "◇ 状態： オンライン登録者（仮登録）"


@time_machine.travel(TODAY, tick=False)
def test_an_accepted_applicant_has_a_tick_and_no_accept_button(client, staff, oguchi):
    application = make_application(oguchi, 19, status=Status.ACCEPTED)
    panel = panel_of(client, application)
    assert 'counter-badge--accepted"><span aria-hidden="true">✓</span>' in panel
    assert "利用登録者" in text_of(panel)
    assert 'name="_accept"' not in panel
    assert "職業相談を記録" in panel and "印刷" in panel


@time_machine.travel(TODAY, tick=False)
def test_an_expired_registration_says_so_in_its_badge_and_its_date(
    client, staff, expired_application
):
    panel = panel_of(client, expired_application)
    badge = re.search(r'<p class="counter-badge counter-badge--expired">.*?</p>', panel)[0]
    assert text_of(badge) == "⚠ 状態： 有効期限切れ（オンライン登録者（仮登録））"
    assert 'class="counter-validity counter-validity--expired"' in panel
    assert (
        "2026年11月30日 有効期限が過ぎています。窓口で受付完了にすると、"
        "有効期限を2027年2月28日まで更新します。" in text_of(panel)
    )
    assert 'name="_accept" value="有効期限を更新して窓口で受付完了"' in panel


@time_machine.travel(TODAY, tick=False)
def test_the_last_month_of_validity_is_marked_with_what_extends_it(client, staff, oguchi):
    panel = panel_of(client, make_application(oguchi, 24, valid_until=date(2026, 12, 31)))
    assert 'class="counter-validity counter-validity--last_month"' in panel
    assert "今月で有効期限が切れます。今月中の職業相談で1か月延長されます。" in panel
    assert "counter-badge--online" in panel


@time_machine.travel(TODAY, tick=False)
def test_a_validity_months_away_is_not_marked(client, staff, taro_application):
    panel = panel_of(client, taro_application)
    assert "counter-validity" not in panel
    assert "2027年1月31日" in panel


# -- what the person left empty -------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_the_panel_names_what_the_counter_asks_and_the_person_left_empty(
    client, staff, taro_application
):
    assert "未入力：第2希望の仕事・希望する仕事の内容・希望勤務地・希望賃金" in panel_of(
        client, taro_application
    )


@time_machine.travel(TODAY, tick=False)
def test_the_panel_says_when_nothing_is_left_to_ask(client, staff, oguchi):
    application = make_application(
        oguchi,
        20,
        desired_occupation="care",
        desired_occupation_second="office",
        desired_job_detail="介護の仕事",
        desired_prefecture="鹿児島県",
        wage_type="monthly",
        wage_amount=200000,
    )
    panel = panel_of(client, application)
    assert "未入力" not in panel
    assert "窓口でお聞きする項目は、すべて入力されています。" in panel


def test_nothing_of_the_work_is_missing_while_the_first_choice_is_undecided(oguchi):
    # The wizard's own rule (PreferencesForm.empty_soft_fields_in): one place for both.
    application = make_application(oguchi, 21, desired_occupation="undecided")
    assert unanswered_questions(application) == ["希望勤務地", "希望賃金"]


def test_a_wage_type_alone_is_still_no_wage(oguchi):
    application = make_application(oguchi, 22, desired_occupation="care", wage_type="monthly")
    assert "希望賃金" in unanswered_questions(application)


# -- buttons a clerk may not use ------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_clerk_without_consultation_rights_gets_no_consultation_button(
    client, staff, taro_application
):
    staff.user_permissions.set([])
    staff.groups.clear()
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="jobseeker",
            codename__in=["view_application", "change_application"],
        )
    )
    panel = panel_of(client, taro_application)
    assert "職業相談を記録" not in panel
    assert 'name="_accept"' in panel


@time_machine.travel(TODAY, tick=False)
def test_a_clerk_who_may_only_view_gets_no_accept_button(client, staff, taro_application):
    staff.groups.clear()
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="jobseeker", codename="view_application")
    )
    panel = panel_of(client, taro_application)
    assert 'name="_accept"' not in panel
    assert "印刷" in panel


# -- accepting from the panel ---------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_the_panels_accept_makes_a_riyou_tourokusha_and_saves_what_was_typed(
    client, staff, taro_application
):
    response = client.post(
        change_url(taro_application),
        {**change_data(taro_application, wage_type="hourly", wage_amount="1000"), "_accept": "1"},
        follow=True,
    )
    taro_application.refresh_from_db()
    assert taro_application.status == Status.ACCEPTED
    assert taro_application.accepted_by == staff
    assert taro_application.wage_amount == 1000
    assert taro_application.valid_until == date(2027, 1, 31)  # not expired: unchanged
    assert f"{taro_application.number} を窓口で受付完了にしました（利用登録者）。" in (
        response.content.decode()
    )


@time_machine.travel(TODAY, tick=False)
def test_accepting_an_expired_registration_renews_it_and_records_both_dates(
    client, staff, expired_application
):
    application = expired_application
    response = client.post(
        change_url(application), {**change_data(application), "_accept": "1"}, follow=True
    )
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert application.valid_until == date(2027, 2, 28)
    record = AuditRecord.objects.get(action=AuditRecord.Action.ACCEPT)
    assert (record.staff, record.application) == (staff, application)
    assert record.changes["valid_until"] == ["2026-11-30", "2027-02-28"]
    assert "有効期限を2027年2月28日まで更新しました。" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_panel_shows_the_stored_record_when_the_form_comes_back_with_errors(
    client, staff, taro_application
):
    response = client.post(
        change_url(taro_application), change_data(taro_application, family_name="")
    )
    assert response.status_code == 200
    assert "大口 太郎" in response.content.decode().split('class="counter-panel"')[1][:400]


def test_a_clerk_reads_the_account_and_who_accepted_without_links_to_pages_they_cannot_open(
    client, staff, oguchi, django_user_model
):
    """Django links an account to its admin page; a 窓口職員 would only meet a 403 there."""
    applicant = django_user_model.objects.create_user(email="taro@example.jp")
    application = make_application(
        oguchi, 31, user=applicant, status=Status.ACCEPTED, accepted_by=staff
    )

    page = client.get(change_url(application)).content.decode()

    assert "taro@example.jp" in page
    assert "/admin/accounts/user/" not in page


def test_staff_who_manage_accounts_reach_the_account_from_the_application(
    client, oguchi, django_user_model
):
    admin_user = django_user_model.objects.create_superuser(
        email="root@example.jp", password="Hello-work7"
    )
    client.force_login(admin_user)
    applicant = django_user_model.objects.create_user(email="taro@example.jp")
    application = make_application(oguchi, 32, user=applicant)

    page = client.get(change_url(application)).content.decode()

    assert f"/admin/accounts/user/{applicant.pk}/change/" in page


# -- an expired 利用登録者: renewed at the counter -------------------------------------------------


@pytest.fixture
def expired_registered(oguchi, staff) -> Application:
    """A 利用登録者 (a walk-in, say, with no マイページ to update from) expired in November."""
    return make_application(
        oguchi, 41, status=Status.ACCEPTED, accepted_by=staff, valid_until=date(2026, 11, 30)
    )


@time_machine.travel(TODAY, tick=False)
def test_an_expired_registered_person_is_offered_a_renewal_not_an_acceptance(
    client, staff, expired_registered
):
    panel = panel_of(client, expired_registered)
    assert 'name="_renew" value="有効期限を更新"' in panel
    assert 'name="_accept"' not in panel
    assert (
        "有効期限が過ぎています。「有効期限を更新」を押すと、有効期限を2027年2月28日まで"
        "更新します。" in text_of(panel)
    )


@time_machine.travel(TODAY, tick=False)
def test_renewing_sets_the_new_date_records_who_and_returns_to_the_list(
    client, staff, expired_registered
):
    response = client.post(
        change_url(expired_registered), {**change_data(expired_registered), "_renew": "1"}
    )

    assert response.status_code == 302 and response.url.startswith(CHANGELIST)
    expired_registered.refresh_from_db()
    assert expired_registered.valid_until == date(2027, 2, 28)
    assert expired_registered.status == Status.ACCEPTED
    record = AuditRecord.objects.get(application=expired_registered)
    assert record.staff == staff and record.action == AuditRecord.Action.CHANGE
    assert record.changes == {"valid_until": ["2026-11-30", "2027-02-28"]}


@time_machine.travel(TODAY, tick=False)
def test_a_registration_still_valid_is_not_renewed_by_a_forged_press(client, staff, oguchi):
    application = make_application(oguchi, 42, status=Status.ACCEPTED, accepted_by=staff)
    assert 'name="_renew"' not in panel_of(client, application)

    response = client.post(
        change_url(application), {**change_data(application), "_renew": "1"}, follow=True
    )

    application.refresh_from_db()
    assert application.valid_until == date(2027, 1, 31)
    assert "有効期限は切れていません" in response.content.decode()

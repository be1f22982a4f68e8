"""The 求職者マイページ: the 求職番号 under its code, status, office and what was registered."""

import re
from datetime import date

import pytest
import time_machine
import zxingcpp
from django.test import Client
from django.utils import timezone

from accounts.models import User
from jobseeker import services
from jobseeker.choices import Status
from jobseeker.models import Application, ApplicationDraft
from jobseeker.services import valid_until

from .form_submitter import FormSubmitter
from .test_qr import rasterise
from .wizard_helpers import (
    CONFIRM_URL,
    FLYER_ANSWERS,
    STEP_NAMES,
    complete_steps,
    post_step,
    save_correction,
    send_from_confirm,
    step_url,
    tab_states,
)

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
    day = application.valid_until
    assert f"{day.year}年{day.month}月{day.day}日" in client.get("/mypage/").content.decode()
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
    assert 'formaction="/account/logout/"' in page


def test_an_application_without_work_history_says_so_under_keireki(client, applicant):
    Application.objects.get(user=applicant).work_histories.all().delete()
    page = client.get("/mypage/").content.decode()
    career = re.search(r'id="section-career">.*?</dl>', page, re.S).group(0)
    assert "<dt>経歴</dt><dd>—</dd>" in career


def test_a_work_history_reads_as_its_parts_without_a_comma_after_a_full_stop(client, applicant):
    # 仕事内容 is free text and often ends in 。: 「…。、2024年3月まで、…」 read badly.
    history = Application.objects.get(user=applicant).work_histories.get()
    history.job_description = "機械組立作業（月４回程度）。"
    history.save()
    page = client.get("/mypage/").content.decode()
    career = re.search(r'id="section-career">.*?</dl>', page, re.S).group(0)
    assert (
        "<dt>経歴1</dt><dd>雇用（正社員） ／ 機械組立作業（月４回程度）。 ／ 2024年3月まで"
        " ／ 既退職（自己都合）</dd>"
    ) in career
    assert "。、" not in career


@time_machine.travel("2026-11-25 12:00:00+09:00", tick=False)
@pytest.mark.parametrize(
    ("end_year", "end_month", "reads"),
    [
        (2027, 2, "2027年2月退職予定 ／ 在職中（期間満了）"),
        (2026, 11, "2026年11月現在 ／ 在職中（期間満了）"),
    ],
)
def test_a_job_still_held_reads_as_planned_leaving_or_as_of_a_month(
    client, applicant, end_year, end_month, reads
):
    """「2027年2月まで ／ 在職中」 left staff guessing whether the person had left."""
    history = Application.objects.get(user=applicant).work_histories.get()
    history.end_year, history.end_month = end_year, end_month
    history.status, history.leaving_reason = "current", "contract_end"
    history.save()
    page = client.get("/mypage/").content.decode()
    career = re.search(r'id="section-career">.*?</dl>', page, re.S).group(0)
    assert reads in career


# -- a correction left unsaved ----------------------------------------------------------------

UNSAVED_WITH_ERRORS = "変更中の内容がまだ保存されていません（エラーがあります）。"
UNSAVED_NOTICE = "変更中の内容がまだ保存されていません"


def leave_basic_with_an_error(client):
    """Corrects 基本情報 with the 姓 erased, presses 変更を保存, and leaves for the マイページ."""
    corrected = {**FLYER_ANSWERS["basic"], "family_name": ""}
    assert save_correction(client, "basic", corrected).url == step_url("basic")
    return client.get("/mypage/").content.decode()


def test_a_correction_left_with_errors_is_said_with_a_link_to_its_step(client, applicant):
    page = leave_basic_with_an_error(client)
    assert UNSAVED_WITH_ERRORS in page
    notice = re.search(r'id="unsaved-correction">.*?</ul>', page, re.S).group(0)
    assert f'<a href="{step_url("basic")}">「1 基本情報登録」の変更を続ける</a>' in notice
    # What is shown below it is still what is registered.
    assert "大口 太郎" in page


def test_a_correction_waiting_on_the_empty_items_notice_is_said_too(client, applicant):
    # A first choice instead of 検討中: its 第2希望 is newly empty, and the notice asks again.
    corrected = {
        **FLYER_ANSWERS["preferences"],
        "desired_occupation": "office",
        "empty_ack": "desired_job_detail",
    }
    assert save_correction(client, "preferences", corrected).url == step_url("preferences")
    page = client.get("/mypage/").content.decode()
    assert "変更中の内容がまだ保存されていません（未入力の項目があります）。" in page
    assert "「3 希望職種・時間等登録」の変更を続ける" in page


def test_a_correction_only_autosaved_is_said_too(client, applicant):
    """The phone's back button (or another app) hid the step's page: form.js's beacon kept the
    input with no button pressed, and the マイページ opened next says it is not saved."""
    corrected = {**FLYER_ANSWERS["basic"], "family_name": ""}
    assert post_step(client, "basic", corrected, autosave="1").status_code == 204
    page = client.get("/mypage/").content.decode()
    assert UNSAVED_WITH_ERRORS in page
    assert "「1 基本情報登録」の変更を続ける" in page
    assert "大口 太郎" in page


def test_an_autosaved_kihon_that_breaks_keireki_is_said_at_keireki(client, applicant):
    """経歴's dates are checked against 基本情報's birth date, as after a tab: a birth date
    autosaved after the end of the first job leaves 経歴 with the error."""
    corrected = {**FLYER_ANSWERS["basic"], "birth_date_year": "2024"}
    with time_machine.travel(date(2040, 6, 1)):  # old enough to apply
        client.force_login(applicant)
        assert post_step(client, "basic", corrected, autosave="1").status_code == 204
        page = client.get("/mypage/").content.decode()
    assert UNSAVED_WITH_ERRORS in page
    assert "「6 経歴登録」の変更を続ける" in page


def test_the_notice_goes_once_the_correction_is_saved(client, applicant):
    leave_basic_with_an_error(client)
    corrected = {**FLYER_ANSWERS["basic"], "family_name": "大山"}
    assert save_correction(client, "basic", corrected).url == "/mypage/"
    page = client.get("/mypage/").content.decode()
    assert UNSAVED_NOTICE not in page
    assert "大山 太郎" in page


def test_no_notice_after_applying_or_opening_every_step_without_a_change(client, applicant):
    assert UNSAVED_NOTICE not in client.get("/mypage/").content.decode()
    for step in STEP_NAMES:
        assert client.get(step_url(step)).status_code == 200
    assert UNSAVED_NOTICE not in client.get("/mypage/").content.decode()


def leave_by_tab(client, step: str, fill: dict, to: str):
    """Opens `step`'s 変更 page, types `fill` over what it shows and follows the tab of `to`,
    as the browser submits the form."""
    html = client.get(step_url(step)).content.decode()
    form = FormSubmitter.find_named(html, "wizard_goto_step", to)
    typed = {f"{step}-{name}": value for name, value in fill.items()}
    return client.post(step_url(step), form.data(typed))


def test_leaving_every_step_by_its_tab_without_a_change_raises_no_notice(client, applicant):
    """The 変更 pages show what is registered; sent back unchanged, they change nothing."""
    for step, to in zip(STEP_NAMES, [*STEP_NAMES[1:], "basic"], strict=True):
        assert leave_by_tab(client, step, {}, to).url == step_url(to)
    assert UNSAVED_NOTICE not in client.get("/mypage/").content.decode()


def test_a_valid_correction_left_by_a_tab_is_said_with_a_link_to_its_step(client, applicant):
    """建物名 changed and a tab followed instead of 変更を保存: nothing is registered yet, and
    the マイページ must not let the person believe it is."""
    leave_by_tab(client, "basic", {"building": "サンハイツ２０２"}, to="disclosure")
    page = client.get("/mypage/").content.decode()
    notice = re.search(r'id="unsaved-correction">.*?</ul>', page, re.S).group(0)
    assert "変更中の内容がまだ保存されていません。" in notice
    assert f'<a href="{step_url("basic")}">「1 基本情報登録」の変更を続ける</a>' in notice
    assert "サンハイツ２０２" not in page.split('id="unsaved-correction"')[1]


def test_every_step_left_unsaved_is_named_not_only_the_first(client, applicant):
    """変更を保存 on one step registers every step's pending input: the マイページ must have
    named them all (a reviewer saved 基本情報 and registered a 学校名 never looked at again)."""
    leave_by_tab(client, "basic", {"building": "大口ハイツ３０３"}, to="disclosure")
    leave_by_tab(client, "education", {"school_name": "大口高校"}, to="career")
    page = client.get("/mypage/").content.decode()
    notice = re.search(r'id="unsaved-correction">.*?</ul>', page, re.S).group(0)
    assert "「1 基本情報登録」の変更を続ける" in notice
    assert "「5 学歴／資格登録」の変更を続ける" in notice
    assert notice.count("の変更を続ける") == 2


def test_input_that_only_differs_as_typed_is_no_correction(client, applicant):
    """フリガナ typed again in ひらがな and half-width means the same registered カタカナ."""
    leave_by_tab(client, "basic", {"family_name_kana": "おおくち"}, to="disclosure")
    assert UNSAVED_NOTICE not in client.get("/mypage/").content.decode()


def test_a_step_left_with_a_valid_correction_shows_its_tab_as_being_entered(client, applicant):
    """Its tab says 入力中, not 入力済み, on every page until 変更を保存 registers it: the
    person sees where a change is waiting without opening the マイページ."""
    leave_by_tab(client, "basic", {"building": "サンハイツ２０２"}, to="disclosure")
    states = tab_states(client, "education")
    assert states["basic"] == "draft" and states["disclosure"] == "done"
    assert '<li class="t-draft"><button name="wizard_goto_step" value="basic"' in (
        client.get(step_url("education")).content.decode()
    )

    save_correction(client, "basic", {**FLYER_ANSWERS["basic"], "building": "サンハイツ２０２"})
    assert set(tab_states(client, "education").values()) == {"done"}


def test_a_tab_keeps_its_tick_for_input_that_only_differs_as_typed(client, applicant):
    leave_by_tab(client, "basic", {"family_name_kana": "おおくち"}, to="disclosure")
    assert tab_states(client, "disclosure")["basic"] == "done"


def test_a_change_sent_from_a_tab_opened_before_the_application_was_completed_is_said(
    client, alice
):
    """Two tabs on the wizard: one completes, the other still shows 基本情報 and sends a new
    建物名 with 次へ進む. Nothing tells that tab it is now correcting a registration, so the
    マイページ does."""
    client.force_login(alice)
    complete_steps(client)
    stale_tab = {**FLYER_ANSWERS["basic"], "email": "alice@example.jp", "building": "２０２号室"}
    assert post_step(client, "basic", stale_tab).url == step_url("disclosure")
    page = client.get("/mypage/").content.decode()
    assert "変更中の内容がまだ保存されていません。" in page
    assert "「1 基本情報登録」の変更を続ける" in page


def test_a_step_saved_in_another_tab_while_completing_is_kept_as_a_correction(
    client, alice, monkeypatch
):
    """完了 pressed in one tab while another tab saves 希望勤務地: the completion registers what
    it read, and the other tab's input is neither lost nor taken for registered."""
    client.force_login(alice)
    complete_steps(client, up_to="career")
    other_tab = Client()
    other_tab.force_login(alice)
    submit_application = services.submit_application

    def submit_once_the_other_tab_has_saved(*args, **kwargs):
        post_step(other_tab, "location", {"desired_city": "伊佐市"})
        return submit_application(*args, **kwargs)

    monkeypatch.setattr(services, "submit_application", submit_once_the_other_tab_has_saved)
    assert post_step(client, "pr").url == CONFIRM_URL
    assert send_from_confirm(client).url == "/mypage/"
    assert Application.objects.get(user=alice).desired_city == ""
    location = ApplicationDraft.objects.get(user=alice).data["step_data"]["location"]
    assert location["location-desired_city"] == ["伊佐市"]
    page = client.get("/mypage/").content.decode()
    assert "変更中の内容がまだ保存されていません。" in page
    assert "「4 希望勤務地・賃金登録」の変更を続ける" in page


def test_the_change_pages_show_what_was_registered_not_what_was_typed(client, applicant):
    """おおくち and ﾀﾛｳ were typed; the 変更 page shows the registered オオクチ and タロウ, and
    says it changes a registration."""
    html = client.get(step_url("basic")).content.decode()
    assert 'value="オオクチ"' in html
    assert 'value="タロウ"' in html
    assert "登録内容の変更 1/7" in html
    assert "求職申込み 1/7" not in html


def test_the_change_pages_never_say_a_change_is_saved_before_it_is_registered(client, applicant):
    """The マイページ says a correction left by 戻る is not saved: the step's own words agree."""
    html = client.get(step_url("disclosure")).content.decode()
    assert "変更は、登録内容の確認で「この内容で変更する」を押すまで登録されません。" in html
    assert "入力内容は保存され" not in html
    assert 'value="basic" class="button button--text">戻る</button>' in html


def test_no_notice_once_a_change_at_the_counter_replaces_the_draft(client, applicant):
    """The wizard then opens with what the counter registered: nothing of the draft is left."""
    leave_basic_with_an_error(client)
    application = Application.objects.get(user=applicant)
    application.phone_mobile = "080-1111-2222"
    application.answers_changed_at = timezone.now()
    application.save()
    assert UNSAVED_NOTICE not in client.get("/mypage/").content.decode()


def test_with_an_error_in_kihon_the_change_link_of_another_step_opens_that_step(client, applicant):
    """A reviewer's phone: 携帯電話 erased in 基本情報 and left; the 変更 link of 4 then opened
    step 1."""
    corrected = {**FLYER_ANSWERS["basic"], "phone_mobile": ""}
    assert save_correction(client, "basic", corrected).url == step_url("basic")
    page = client.get("/mypage/").content.decode()
    assert UNSAVED_WITH_ERRORS in page
    assert f'<a href="{step_url("location")}">' in page
    response = client.get(step_url("location"))
    assert response.status_code == 200
    assert "<h1>4 希望勤務地・賃金登録</h1>" in response.content.decode()


DISCARD = "変更をやめて登録内容に戻す"


def test_a_failed_correction_can_be_dropped_for_what_is_registered(client, applicant):
    page = leave_basic_with_an_error(client)
    notice = page[page.index('id="unsaved-correction"') : page.index("</div>")]
    assert DISCARD in notice
    assert 'action="/mypage/correction/discard/"' in notice

    response = client.post("/mypage/correction/discard/")
    assert response.url == "/mypage/"
    page = client.get("/mypage/").content.decode()
    assert UNSAVED_NOTICE not in page
    assert DISCARD not in page
    assert "変更をやめて、登録内容に戻しました。" in page
    # The wizard shows what is registered again, with no error, and nothing was registered.
    basic = client.get(step_url("basic"))
    assert basic.context["form"]["family_name"].value() == "大口"
    assert all(tab["state"] == "done" for tab in basic.context["tabs"])
    assert Application.objects.get(user=applicant).family_name == "大口"


def test_dropping_a_correction_needs_a_post_with_the_csrf_token(client, applicant):
    leave_basic_with_an_error(client)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    assert browser.get("/mypage/correction/discard/").status_code == 405
    assert browser.post("/mypage/correction/discard/").status_code == 403
    assert UNSAVED_WITH_ERRORS in browser.get("/mypage/").content.decode()


def test_another_account_cannot_drop_someone_elses_correction(client, applicant):
    leave_basic_with_an_error(client)
    other = Client()
    hanako = User.objects.create_user(email="hanako@example.jp", password="Hello-work7")
    other.force_login(hanako)
    complete_steps(other)
    assert other.post("/mypage/correction/discard/").url == "/mypage/"
    assert UNSAVED_WITH_ERRORS in client.get("/mypage/").content.decode()
    assert client.get(step_url("basic")).context["form"]["family_name"].value() == ""


def test_before_the_first_submission_nothing_is_dropped(client, alice):
    client.force_login(alice)
    post_step(client, "basic", {**FLYER_ANSWERS["basic"], "family_name": ""})
    assert client.post("/mypage/correction/discard/").url == "/mypage/"
    assert client.get(step_url("basic")).context["form"]["given_name"].value() == "太郎"


def test_the_header_leads_to_the_mypage_once_logged_in(client, alice):
    header = re.compile(r"<header>\s*<a href=\"([^\"]+)\">")
    assert header.search(client.get("/account/login/").content.decode()).group(1) == "/account/"
    client.force_login(alice)
    assert header.search(client.get("/mypage/").content.decode()).group(1) == "/mypage/"
    page = client.get(step_url("basic")).content.decode()
    assert header.search(page).group(1) == "/mypage/"


def test_the_mypage_with_a_number_and_the_notice_stays_within_five_queries(
    client, applicant, django_assert_max_num_queries
):
    leave_basic_with_an_error(client)
    with django_assert_max_num_queries(5):
        page = client.get("/mypage/").content.decode()
    assert UNSAVED_WITH_ERRORS in page

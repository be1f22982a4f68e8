"""Each step's cross-field rules, with the specific message a user reads (issue #3 item 7)."""

from datetime import date

import pytest
import time_machine

from jobseeker.forms import (
    BasicInfoForm,
    CareerForm,
    DisclosureForm,
    EducationForm,
    LocationWageForm,
    PreferencesForm,
)

from .wizard_helpers import FLYER_ANSWERS


def bound(form_class, step, answers, **kwargs):
    return form_class({f"{step}-{k}": v for k, v in answers.items()}, prefix=step, **kwargs)


def messages(form, field) -> list[str]:
    return [str(m) for m in form.errors.get(field, [])]


def test_basic_info_needs_one_phone_number():
    answers = {**FLYER_ANSWERS["basic"], "phone_mobile": ""}
    form = bound(BasicInfoForm, "basic", answers)
    assert not form.is_valid()
    assert messages(form, "phone_mobile") == [
        "固定電話か携帯電話のどちらかを入力してください（携帯電話をおすすめします）。"
    ]


def test_basic_info_accepts_a_fixed_number_alone():
    answers = {
        **FLYER_ANSWERS["basic"],
        "phone_mobile": "",
        "phone_fixed": "０９９５－２２－８６０９",
    }
    form = bound(BasicInfoForm, "basic", answers)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone_fixed"] == "0995-22-8609"


def test_contact_allowed_needs_a_contact_method():
    answers = {**FLYER_ANSWERS["disclosure"], "contact_methods": []}
    form = bound(DisclosureForm, "disclosure", answers)
    assert messages(form, "contact_methods") == [
        "連絡を「可」にした場合は、連絡手段を1つ以上選んでください。"
    ]


def test_contact_not_allowed_stores_no_contact_method():
    answers = {**FLYER_ANSWERS["disclosure"], "contact_allowed": "no"}
    form = bound(DisclosureForm, "disclosure", answers)
    assert form.is_valid()
    assert form.cleaned_data["contact_methods"] == []


@pytest.mark.parametrize(
    ("method", "missing", "item"),
    [
        ("fixed_phone", "phone_fixed", "固定電話の番号"),
        ("mobile_phone", "phone_mobile", "携帯電話の番号"),
        ("email", "email", "メールアドレス"),
    ],
)
def test_a_contact_method_needs_its_number_in_the_basic_step(method, missing, item):
    answers = {**FLYER_ANSWERS["disclosure"], "contact_methods": ["post", method]}
    contacts = {"phone_fixed", "phone_mobile", "email"} - {missing}
    form = bound(DisclosureForm, "disclosure", answers, contacts=contacts)
    label = {"fixed_phone": "固定電話", "mobile_phone": "携帯電話", "email": "電子メール"}[method]
    assert messages(form, "contact_methods") == [
        f"「{label}」を選ぶ場合は、基本情報登録で{item}を入力してください（今は入力されていません）。"
    ]
    everything = {"phone_fixed", "phone_mobile", "email"}
    assert bound(DisclosureForm, "disclosure", answers, contacts=everything).is_valid()


def test_no_contact_allowed_needs_no_number():
    answers = {**FLYER_ANSWERS["disclosure"], "contact_allowed": "no"}
    answers["contact_methods"] = ["fixed_phone"]
    assert bound(DisclosureForm, "disclosure", answers, contacts=set()).is_valid()


def preferences(**changes):
    answers = {
        **FLYER_ANSWERS["preferences"],
        "empty_ack": "desired_job_detail",  # the flyer's first choice is 検討中
    }
    return bound(PreferencesForm, "preferences", {**answers, **changes})


def test_part_time_of_eight_hours_or_more_is_explained_with_the_break():
    form = preferences(
        employment_type="part_time", work_hours="specified", work_start="09:00", work_end="18:00"
    )
    assert messages(form, "work_end") == [
        "パートは休憩を除いて1日8時間未満の働き方です（9:00〜18:00の9時間、休憩なし、勤務9時間）。"
        "休憩がある場合は「休憩時間」を選び、8時間以上働く場合は就業形態を「フルタイム」にしてください。"
    ]


@pytest.mark.parametrize(
    ("work_break", "said"),
    [("60", "休憩1時間を除いても勤務8時間です。"), ("45", "休憩45分を除いても勤務8時間15分です。")],
)
def test_part_time_nine_to_six_with_a_break_of_an_hour_or_less_is_still_too_long(work_break, said):
    # パート is under 8 hours (SPEC, the choice's own label): exactly 8 hours of work is not.
    form = preferences(
        employment_type="part_time",
        work_hours="specified",
        work_start="09:00",
        work_end="18:00",
        work_break=work_break,
    )
    [message] = messages(form, "work_end")
    assert f"9:00〜18:00は{said}" in message
    # The break is chosen already: the message does not send the user back to choose one.
    assert "「休憩時間」を選び" not in message
    assert "就業形態を「フルタイム」に" in message


@pytest.mark.parametrize(
    ("start", "end", "work_break"),
    [("09:00", "18:00", "90"), ("09:00", "17:00", "60")],
    ids=["9-18 with 1h30", "9-17 with 1h"],
)
def test_part_time_with_a_break_taking_work_under_eight_hours_is_accepted(start, end, work_break):
    form = preferences(
        employment_type="part_time",
        work_hours="specified",
        work_start=start,
        work_end=end,
        work_break=work_break,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["work_break"] == int(work_break)


def test_part_time_under_eight_hours_is_accepted_without_a_break():
    form = preferences(
        employment_type="part_time", work_hours="specified", work_start="09:00", work_end="16:30"
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["work_end"].isoformat() == "16:30:00"
    assert form.cleaned_data["work_break"] == 0


@pytest.mark.parametrize(
    ("start", "end", "work_break", "expected"),
    [
        ("09:00", "10:00", "60", "休憩時間（1時間）は、9:00〜10:00の1時間より短くしてください。"),
        (
            "09:00",
            "10:30",
            "120",
            "休憩時間（2時間）は、9:00〜10:30の1時間30分より短くしてください。",
        ),
        ("23:30", "00:00", "45", "休憩時間（45分）は、23:30〜0:00の30分より短くしてください。"),
    ],
)
def test_a_break_as_long_as_the_hours_or_longer_is_refused(start, end, work_break, expected):
    form = preferences(
        work_hours="specified", work_start=start, work_end=end, work_break=work_break
    )
    assert messages(form, "work_break") == [expected]


@pytest.mark.parametrize("work_break", ["", "0", "60"])
def test_full_time_hours_are_not_limited_by_the_part_time_rule(work_break):
    form = preferences(
        employment_type="full_time",
        work_hours="specified",
        work_start="08:00",
        work_end="20:00",
        work_break=work_break,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["work_break"] == int(work_break or 0)


def test_night_shift_hours_ending_the_next_day_are_accepted():
    form = preferences(work_hours="specified", work_start="22:00", work_end="06:00")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["work_end"].isoformat() == "06:00:00"


def test_part_time_night_shift_is_measured_across_midnight():
    form = preferences(
        employment_type="part_time", work_hours="specified", work_start="22:00", work_end="07:00"
    )
    assert "22:00〜7:00の9時間、休憩なし、勤務9時間" in messages(form, "work_end")[0]
    with_break = preferences(
        employment_type="part_time",
        work_hours="specified",
        work_start="22:00",
        work_end="07:00",
        work_break="90",
    )
    assert with_break.is_valid(), with_break.errors


def test_work_hours_cannot_start_and_end_at_the_same_time():
    form = preferences(work_hours="specified", work_start="09:00", work_end="09:00")
    assert messages(form, "work_end") == ["終了時刻は開始時刻と違う時刻にしてください。"]


def test_specified_work_hours_need_both_times():
    form = preferences(work_hours="specified", work_start="09:00")
    assert "開始と終了の時刻を選んでください" in messages(form, "work_end")[0]


def test_work_hours_none_ignores_times_left_in_the_form():
    form = preferences(work_hours="none", work_start="09:00", work_break="60")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["work_start"] is None
    assert form.cleaned_data["work_break"] == 0


def test_specified_holidays_need_days():
    form = preferences(holidays="specified")
    assert messages(form, "holiday_days") == [
        "休日を「希望あり」にした場合は、曜日を選んでください。"
    ]


def location(**answers):
    return bound(LocationWageForm, "location", answers)


def test_a_wage_needs_its_kind():
    form = location(wage_amount="200000")
    assert messages(form, "wage_type") == ["希望賃金が月額か時間額かを選んでください。"]


def test_a_wage_typed_in_full_width_with_commas_and_yen_is_read():
    form = location(
        wage_type="monthly", wage_amount="２００，０００円", desired_prefecture="鹿児島県"
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["wage_amount"] == 200000


@pytest.mark.parametrize(
    "typed, amount",
    [("２０万", 200000), ("20万円", 200000), ("1.5万", 15000), ("20万5000", 205000)],
)
def test_a_wage_written_in_man_is_read(typed, amount):
    form = location(wage_type="monthly", wage_amount=typed, desired_prefecture="鹿児島県")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["wage_amount"] == amount


def test_a_wage_of_a_fraction_of_a_yen_is_asked_again():
    form = location(wage_type="monthly", wage_amount="1.23456万")
    assert messages(form, "wage_amount") == ["希望賃金は数字で入力してください（例：200000）。"]


def test_an_implausible_hourly_wage_is_questioned():
    form = location(wage_type="hourly", wage_amount="200000")
    assert messages(form, "wage_amount") == [
        "時間額の希望賃金は100円から100,000円の間で入力してください。"
    ]


@pytest.mark.parametrize("education", ["high", "junior_high"])
@pytest.mark.parametrize("status", ["enrolled", "expected"])
def test_pupils_of_a_high_or_junior_high_school_are_refused_as_the_terms_say(education, status):
    # 利用規約: 高等学校・中等教育学校に在学中の方（卒業予定の方を含む）は利用できません。
    answers = {"education": education, "education_status": status}
    form = bound(EducationForm, "education", answers)
    assert messages(form, "education_status") == [
        "高校・中学に在学中の方（卒業見込みの方を含む）は、このサービスでは申し込めません。"
        "在学中の学校の先生にご相談ください。"
    ]


@pytest.mark.parametrize(
    ("education", "status"),
    [
        ("high", "graduated"),
        ("high", "withdrew"),
        ("university", "enrolled"),
        ("vocational", "expected"),
    ],
)
def test_other_education_is_accepted(education, status):
    answers = {"education": education, "education_status": status}
    assert bound(EducationForm, "education", answers).is_valid()


def test_a_qualification_year_needs_its_name():
    form = bound(
        EducationForm, "education", {**FLYER_ANSWERS["education"], "qualification_1_year": "2010"}
    )
    assert messages(form, "qualification_1_name") == [
        "取得年を入力した資格・免許の名前を入力してください。"
    ]


def test_qualifications_are_collected_with_their_years():
    answers = {
        **FLYER_ANSWERS["education"],
        "qualification_1_name": "普通自動車第一種運転免許",
        "qualification_1_year": "２０１０",
    }
    form = bound(EducationForm, "education", answers)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["qualifications"] == [
        {"name": "普通自動車第一種運転免許", "year": 2010}
    ]


def test_a_qualification_year_in_japanese_era_is_stored_in_western_years():
    answers = {
        **FLYER_ANSWERS["education"],
        "qualification_1_name": "介護福祉士",
        "qualification_1_year": "Ｈ３０",
        "qualification_2_name": "普通自動車第一種運転免許",
        "qualification_2_year": "令和元年",
    }
    form = bound(EducationForm, "education", answers)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["qualifications"] == [
        {"name": "介護福祉士", "year": 2018},
        {"name": "普通自動車第一種運転免許", "year": 2019},
    ]


def test_an_impossible_japanese_era_year_is_named_next_to_its_box():
    answers = {
        **FLYER_ANSWERS["education"],
        "qualification_1_name": "介護福祉士",
        "qualification_1_year": "平成32年",
    }
    form = bound(EducationForm, "education", answers)
    assert messages(form, "qualification_1_year") == [
        "平成32年という年はありません。平成は31年（2019年）までです。"
    ]
    assert form["qualification_1_year"].value() == "平成32年"  # kept for correcting


def career(birth_date=None, **entry):
    return bound(
        CareerForm, "career", {f"job1_{k}": v for k, v in entry.items()}, birth_date=birth_date
    )


def test_an_empty_career_is_accepted():
    form = career()
    assert form.is_valid()
    assert form.cleaned_data["work_histories"] == []


def test_a_started_entry_asks_for_its_missing_items():
    form = career(employment_form="パート")
    assert messages(form, "job1_job_description") == ["仕事内容を入力してください。"]
    assert messages(form, "job1_end_year") == ["在籍期間の最終年を入力してください。"]
    assert messages(form, "job1_status") == ["現在の状況（既退職・在職中）を選んでください。"]


def test_a_work_period_may_end_in_a_japanese_era_year():
    form = career(
        job_description="介護",
        end_year="R5",
        end_month="3",
        status="left",
        leaving_reason="personal",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["work_histories"][0]["end_year"] == 2023


def test_a_left_job_needs_its_reason():
    form = career(job_description="介護", end_year="2024", end_month="3", status="left")
    assert messages(form, "job1_leaving_reason") == [
        "「既退職」の場合は、退職理由を選んでください。"
    ]


@time_machine.travel("2026-11-25 12:00:00+09:00", tick=False)
def test_a_job_left_cannot_end_in_the_future_and_the_message_says_what_to_enter():
    form = career(
        job_description="介護",
        end_year="2027",
        end_month="1",
        status="left",
        leaving_reason="personal",
    )
    assert messages(form, "job1_end_year") == [
        "「既退職」の場合は、退職した年月を入力してください（未来の2027年1月は入力できません）。"
    ]


def test_the_period_cannot_end_before_birth():
    form = career(
        date(1990, 5, 1),
        job_description="介護",
        end_year="1989",
        end_month="4",
        status="left",
        leaving_reason="personal",
    )
    assert "生年月日より前" in messages(form, "job1_end_year")[0]


CURRENT_JOB_END = (
    "「在職中」の場合、在籍期間の最終年月は今月（2026年11月）か、"
    "退職予定の年月（2027年11月まで）を入力してください。"
)


@time_machine.travel("2026-11-25 12:00:00+09:00", tick=False)
def test_a_current_job_registered_in_an_earlier_month_stays_valid():
    """在職中 typed as this month when registering: months later the person still works there,
    and 変更を保存 of anything else must not be refused because of it."""
    for end_year, end_month in (("2026", "11"), ("2026", "6"), ("2024", "3")):
        form = career(
            job_description="介護", end_year=end_year, end_month=end_month, status="current"
        )
        assert form.is_valid(), (end_year, end_month, form.errors)


@time_machine.travel("2026-11-25 12:00:00+09:00", tick=False)
def test_a_current_job_may_end_in_its_planned_leaving_month_up_to_a_year_ahead():
    planned = {"job_description": "介護", "status": "current", "leaving_reason": "contract_end"}
    next_month = career(**planned, end_year="2026", end_month="12")
    assert next_month.is_valid(), next_month.errors
    assert next_month.cleaned_data["work_histories"][0]["end_month"] == 12
    assert career(**planned, end_year="2027", end_month="11").is_valid()

    too_far = career(**planned, end_year="2027", end_month="12")
    assert messages(too_far, "job1_end_year") == [CURRENT_JOB_END]


def test_employment_form_is_converted_and_counted_in_full_width():
    form = career(
        employment_form="ﾊﾟｰﾄ",
        job_description="A" * 100,
        end_year="2024",
        end_month="3",
        status="left",
        leaving_reason="personal",
    )
    assert form.is_valid(), form.errors
    entry = form.cleaned_data["work_histories"][0]
    assert entry["employment_form"] == "パート"
    assert entry["job_description"] == "Ａ" * 100
    too_long = career(
        job_description="A" * 101,
        end_year="2024",
        end_month="3",
        status="left",
        leaving_reason="personal",
    )
    assert "全角100文字以内" in messages(too_long, "job1_job_description")[0]


def test_a_job_description_typed_on_several_lines_is_kept_on_one():
    # 仕事内容 is a text area, where Enter types a line break; the 経歴 row shows one line.
    form = career(
        job_description="機械組立 \r\n\r\n溶接\n",
        end_year="2024",
        end_month="3",
        status="left",
        leaving_reason="personal",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["work_histories"][0]["job_description"] == "機械組立　溶接"


@pytest.mark.parametrize("month", ["0", "13"])
def test_an_impossible_month_is_named(month):
    form = career(
        job_description="介護",
        end_year="2024",
        end_month=month,
        status="left",
        leaving_reason="personal",
    )
    assert messages(form, "job1_end_month") == ["月は1から12の数字で入力してください。"]

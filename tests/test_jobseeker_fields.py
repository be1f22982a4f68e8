"""The 求職申込み's fields: what people type on a phone is converted, and only a converted value
that is still wrong gets a message saying what to type."""

import html
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation

from jobseeker.fields import (
    AddressCharField,
    BirthDateField,
    FullWidthCharField,
    KatakanaField,
    PhoneNumberField,
    PostalCodeField,
    PrefectureField,
    TimeOfDayField,
    YearField,
    format_birth_date,
    to_full_width,
    to_half_width_number,
    wareki,
)
from jobseeker.postal import PostalAddress, lookup_address

TOKYO = ZoneInfo("Asia/Tokyo")
# Early morning in Japan, still the day before in UTC: ages count from the day in Japan.
TODAY = datetime(2026, 4, 1, 8, 0, tzinfo=TOKYO)

FULL_WIDTH_LIMIT = "全角5文字以内で入力してください（現在{}文字）。"
KATAKANA_ONLY = "カタカナで入力してください（ひらがなで入力しても、カタカナに直します）。"
POSTAL_INVALID = "郵便番号は7桁の数字で入力してください（例：895-2511）。"
MOBILE_IN_FIXED = "携帯電話の番号です。「携帯電話」の欄に入力してください。"
FIXED_IN_MOBILE = "固定電話の番号です。「固定電話」の欄に入力してください。"
FIXED_INVALID = "電話番号が正しくありません。市外局番から入力してください（例：0995-22-8609）。"
MOBILE_INVALID = (
    "電話番号が正しくありません。0から始まる11桁で入力してください（例：090-1234-5678）。"
)
BIRTH_INCOMPLETE = "生年月日を年・月・日すべて入力してください。"
BIRTH_YEAR = "年は西暦4桁か和暦で入力してください（例：1990、平成2）。"
TOO_YOUNG = "15歳未満の方は登録できません。"
TOO_OLD = "生年月日を確認してください（100歳を超えています）。"


class AddressForm(forms.Form):
    street = FullWidthCharField(label="番地", max_length=5)


class KanaForm(forms.Form):
    kana = KatakanaField(label="セイ")


class PostalForm(forms.Form):
    postal_code = PostalCodeField(label="郵便番号")


class PhoneForm(forms.Form):
    fixed = PhoneNumberField(kind="fixed", label="固定電話", required=False)
    mobile = PhoneNumberField(kind="mobile", label="携帯電話", required=False)


class TimeForm(forms.Form):
    work_start = TimeOfDayField(label="勤務開始時刻")


class YearForm(forms.Form):
    year = YearField(label="取得年", required=False)


class BirthForm(forms.Form):
    birth_date = BirthDateField(label="生年月日")


def clean(form_class, **data):
    form = form_class(data)
    form.is_valid()
    return form


def birth_form(year, month, day):
    return clean(BirthForm, birth_date_year=year, birth_date_month=month, birth_date_day=day)


# 全角 text (住所, 雇用形態, 仕事内容)


@pytest.mark.parametrize(
    ("typed", "converted"),
    [
        ("768-1", "７６８－１"),
        ("ｸﾞﾗﾝﾊｲﾂ 101", "グランハイツ　１０１"),
        ("Aハイツ B棟", "Ａハイツ　Ｂ棟"),
        ("大口里７６８－１", "大口里７６８－１"),
        ("(株)", "（株）"),
    ],
)
def test_half_width_becomes_full_width(typed, converted):
    assert to_full_width(typed) == converted


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  768-1 ", "７６８－１"),
        ("　ﾊｲﾂ ", "ハイツ"),
    ],
)
def test_full_width_field_stores_converted_text_without_surrounding_spaces(typed, stored):
    form = clean(AddressForm, street=typed)
    assert form.cleaned_data["street"] == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("７６８ー１", "７６８－１"),  # かな mode types ー from the hyphen key
        ("768ｰ1", "７６８－１"),
        ("1―2―3", "１－２－３"),
        ("コーポ大口１０１", "コーポ大口１０１"),  # a long vowel between kana stays
        ("メゾン２ー２０１", "メゾン２－２０１"),
        ("ハイツー１", "ハイツー１"),  # not between two digits: the name's own ー
    ],
)
def test_an_address_reads_a_long_vowel_mark_between_digits_as_a_hyphen(typed, stored):
    class Address(forms.Form):
        street = AddressCharField(label="番地", max_length=100)

    assert clean(Address, street=typed).cleaned_data["street"] == stored


def test_full_width_length_is_counted_after_conversion():
    # 'ｶﾞｷﾞｸﾞｹﾞｺﾞ' is ten half-width characters but five full-width ones.
    form = clean(AddressForm, street="ｶﾞｷﾞｸﾞｹﾞｺﾞ")
    assert form.cleaned_data["street"] == "ガギグゲゴ"

    form = clean(AddressForm, street="ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞ")
    assert form.errors["street"] == [FULL_WIDTH_LIMIT.format(6)]


def test_full_width_field_has_a_counter_and_no_maxlength():
    html_input = str(AddressForm()["street"])
    assert 'data-counter="5"' in html_input
    assert "maxlength" not in html_input


# フリガナ


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("やまだ", "ヤマダ"),
        ("ﾔﾏﾀﾞ", "ヤマダ"),
        ("ヤマダ", "ヤマダ"),
        ("やま だ", "ヤマダ"),
        ("ヤマ　ダ ", "ヤマダ"),
        ("さとー", "サトー"),
        ("ｻﾄｰ", "サトー"),
        ("さと－", "サトー"),
        ("ぶらうん・じょん", "ブラウン・ジョン"),
        ("ｼﾞｮﾝ･ｽﾐｽ", "ジョン・スミス"),
        ("ゔぃくとる", "ヴィクトル"),
    ],
)
def test_katakana_field_converts_hiragana_and_half_width_kana(typed, stored):
    form = clean(KanaForm, kana=typed)
    assert form.errors == {}
    assert form.cleaned_data["kana"] == stored


@pytest.mark.parametrize("typed", ["山田", "yamada", "ヤマダ1", "やまだ太郎", "ＹＡＭＡＤＡ"])
def test_katakana_field_refuses_what_is_not_kana(typed):
    assert clean(KanaForm, kana=typed).errors["kana"] == [KATAKANA_ONLY]


# 郵便番号


@pytest.mark.parametrize(
    "typed",
    [
        "8952511",
        "895-2511",
        "８９５－２５１１",
        "〒895-2511",
        "895 2511",
        "895ー2511",
        " 895‐2511 ",
    ],
)
def test_postal_code_is_stored_with_one_hyphen(typed):
    form = clean(PostalForm, postal_code=typed)
    assert form.errors == {}
    assert form.cleaned_data["postal_code"] == "895-2511"


@pytest.mark.parametrize("typed", ["895251", "89525111", "895-25ab", "鹿児島県"])
def test_a_postal_code_that_is_not_seven_digits_is_explained(typed):
    assert clean(PostalForm, postal_code=typed).errors["postal_code"] == [POSTAL_INVALID]


def test_postal_code_input_opens_the_number_keyboard():
    html_input = str(PostalForm()["postal_code"])
    assert 'inputmode="numeric"' in html_input
    assert 'autocomplete="postal-code"' in html_input
    assert "maxlength" not in html_input


class PrefectureForm(forms.Form):
    prefecture = PrefectureField()


PREFECTURE_INVALID = "都道府県名を入力してください（例：鹿児島県）。"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("鹿児島県", "鹿児島県"),
        ("鹿児島", "鹿児島県"),
        ("　鹿児島県 ", "鹿児島県"),
        ("東京", "東京都"),
        ("京都", "京都府"),
        ("大阪", "大阪府"),
        ("北海道", "北海道"),
    ],
)
def test_a_prefecture_is_stored_by_its_full_name(typed, stored):
    """Typed with or without 都/道/府/県, with spaces around it: the address gets the full name."""
    form = clean(PrefectureForm, prefecture=typed)
    assert form.errors == {}
    assert form.cleaned_data["prefecture"] == stored


@pytest.mark.parametrize("typed", ["", "鹿児島市", "北海", "かごしま", "鹿児島県伊佐市", "Texas"])
def test_what_is_not_a_prefecture_gets_an_example_of_one(typed):
    assert clean(PrefectureForm, prefecture=typed).errors["prefecture"] == [PREFECTURE_INVALID]


def test_an_english_page_accepts_the_prefectures_english_name():
    with translation.override("en"):
        form = clean(PrefectureForm, prefecture=" kagoshima ")
    assert form.errors == {}
    assert form.cleaned_data["prefecture"] == "鹿児島県"


def test_the_prefecture_box_is_filled_by_the_phones_address_autofill():
    assert 'autocomplete="address-level1"' in str(PrefectureForm()["prefecture"])


@pytest.mark.parametrize("typed", ["895-2511", "8952511", "〒８９５－２５１１"])
def test_postal_lookup_finds_the_address(typed):
    assert lookup_address(typed) == PostalAddress(
        prefecture="鹿児島県", city="伊佐市", town="大口里"
    )


@pytest.mark.parametrize("typed", ["000-0000", "999-9999", "", "895-251"])
def test_postal_lookup_of_an_unknown_code_is_none(typed):
    assert lookup_address(typed) is None


def test_postal_lookup_leaves_japan_posts_placeholder_town_empty():
    # Japan Post lists 1000000 as 千代田区「以下に掲載がない場合」.
    assert lookup_address("100-0000") == PostalAddress(
        prefecture="東京都", city="千代田区", town=""
    )


def test_postal_lookup_does_not_guess_between_towns_of_one_code():
    # 068-0546 is both 南部菊水町 and 南部青葉町 of 夕張市.
    assert lookup_address("068-0546") == PostalAddress(prefecture="北海道", city="夕張市", town="")


# Numbers


@pytest.mark.parametrize(
    ("typed", "converted"),
    [
        ("０９０－１２３４－５６７８", "090-1234-5678"),
        ("090ー1234ー5678", "090-1234-5678"),
        ("090ｰ1234ｰ5678", "090-1234-5678"),
        ("090‐1234‑5678", "090-1234-5678"),
        ("090–1234—5678", "090-1234-5678"),
        ("090―1234−5678", "090-1234-5678"),
        ("(0995) 22-8609", "099522-8609"),
        ("（０９９５）　２２－８６０９", "099522-8609"),
        ("895-2511", "895-2511"),
    ],
)
def test_numbers_become_half_width_with_plain_hyphens(typed, converted):
    assert to_half_width_number(typed) == converted


# 電話番号


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("09012345678", "090-1234-5678"),
        ("090-1234-5678", "090-1234-5678"),
        ("０９０－１２３４－５６７８", "090-1234-5678"),
        ("080 1234 5678", "080-1234-5678"),
        ("070ー1234ー5678", "070-1234-5678"),
        ("+81 90-1234-5678", "090-1234-5678"),
        ("＋８１９０１２３４５６７８", "090-1234-5678"),
    ],
)
def test_mobile_numbers_are_stored_in_national_format(typed, stored):
    form = clean(PhoneForm, mobile=typed)
    assert form.errors == {}
    assert form.cleaned_data["mobile"] == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0995228609", "0995-22-8609"),
        ("0995-22-8609", "0995-22-8609"),
        ("（０９９５）２２－８６０９", "0995-22-8609"),
        ("03-1234-5678", "03-1234-5678"),
        ("+81 3 1234 5678", "03-1234-5678"),
        ("05012345678", "050-1234-5678"),
    ],
)
def test_fixed_and_ip_phone_numbers_are_stored_in_national_format(typed, stored):
    form = clean(PhoneForm, fixed=typed)
    assert form.errors == {}
    assert form.cleaned_data["fixed"] == stored


@pytest.mark.parametrize("typed", ["090-1234-5678", "08012345678", "+81 70 1234 5678"])
def test_a_mobile_number_in_the_fixed_field_names_the_right_field(typed):
    assert clean(PhoneForm, fixed=typed).errors == {"fixed": [MOBILE_IN_FIXED]}


@pytest.mark.parametrize("typed", ["0995-22-8609", "0312345678"])
def test_a_fixed_number_in_the_mobile_field_names_the_right_field(typed):
    assert clean(PhoneForm, mobile=typed).errors == {"mobile": [FIXED_IN_MOBILE]}


def test_an_ip_phone_number_in_the_mobile_field_names_the_fixed_field():
    assert clean(PhoneForm, mobile="050-1234-5678").errors["mobile"] == [
        "IP電話（050）の番号です。「固定電話」の欄に入力してください。"
    ]


@pytest.mark.parametrize("typed", ["22-8609", "phone", "0120-123-456", "+1 212 555 0123"])
def test_an_invalid_fixed_number_asks_for_the_area_code(typed):
    assert clean(PhoneForm, fixed=typed).errors["fixed"] == [FIXED_INVALID]


@pytest.mark.parametrize("typed", ["1234", "phone", "1234-5678"])
def test_an_invalid_mobile_number_shows_a_mobile_example(typed):
    assert clean(PhoneForm, mobile=typed).errors["mobile"] == [MOBILE_INVALID]


@pytest.mark.parametrize(
    ("field", "typed", "problem", "expected", "count"),
    [
        # The tester's case: the 市外局番 is there, one digit is missing.
        ("fixed", "0995-22-123", "足りません", 10, 9),
        ("fixed", "（０９９５）２２－８６０", "足りません", 10, 9),
        ("fixed", "+81 995 22 123", "足りません", 10, 9),
        ("fixed", "0995-22-86091", "多すぎます", 10, 11),
        ("fixed", "050-1234-567", "足りません", 11, 10),
        ("mobile", "090-1234-567", "足りません", 11, 10),
        ("mobile", "090123456789", "多すぎます", 11, 12),
    ],
)
def test_a_number_with_too_few_or_too_many_digits_says_so(field, typed, problem, expected, count):
    assert clean(PhoneForm, **{field: typed}).errors[field] == [
        f"電話番号の桁数が{problem}。0から始まる{expected}桁で入力してください（入力は{count}桁）。"
    ]


def test_phone_inputs_open_the_phone_keyboard_and_autofill_by_kind():
    form = PhoneForm()
    fixed, mobile = str(form["fixed"]), str(form["mobile"])
    assert 'type="tel"' in fixed and 'type="tel"' in mobile
    assert 'autocomplete="home tel"' in fixed
    assert 'autocomplete="mobile tel"' in mobile
    assert "maxlength" not in fixed + mobile


def test_phone_field_kind_is_checked():
    with pytest.raises(ValueError, match="kind"):
        PhoneNumberField(kind="fax")


# 生年月日


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("09:00", time(9, 0)),  # what a phone's time picker sends
        ("9:30", time(9, 30)),
        ("９：００", time(9, 0)),
        ("0900", time(9, 0)),
        ("1730", time(17, 30)),
        ("930", time(9, 30)),
        ("9時", time(9, 0)),
        ("17時30分", time(17, 30)),
        ("９時半", time(9, 30)),
        (" 18:00 ", time(18, 0)),
        ("23:30", time(23, 30)),
    ],
)
def test_a_time_is_read_as_people_type_it(typed, stored):
    form = clean(TimeForm, work_start=typed)
    assert form.errors == {}
    assert form.cleaned_data["work_start"] == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("17:15", time(17, 15)),
        ("8:45", time(8, 45)),
        ("0910", time(9, 10)),
        ("17時15分", time(17, 15)),
    ],
)
def test_any_minute_a_real_schedule_uses_is_taken(typed, stored):
    """The office's own hours end at 17:15: a schedule is not only on the half hour (#15)."""
    form = clean(TimeForm, work_start=typed)
    assert form.errors == {}
    assert form.cleaned_data["work_start"] == stored


@pytest.mark.parametrize("typed", ["24:00", "9:60", "朝", "9-17", "12345"])
def test_a_time_that_is_not_a_time_shows_an_example(typed):
    assert clean(TimeForm, work_start=typed).errors["work_start"] == [
        "時刻は「9:00」や「17:30」のように入力してください。"
    ]


def test_the_time_box_is_the_phones_time_picker_to_the_minute():
    """One box instead of a list of options: the phone's own picker, any minute."""
    html = str(TimeForm(initial={"work_start": time(9, 30)})["work_start"])
    assert 'type="time"' in html
    assert "step=" not in html
    assert 'value="09:30"' in html


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [
        ("1990", "5", "1"),
        ("１９９０", "５", "１"),
        ("1990", "05", "01"),
        (" 1990 ", "5 ", "　１"),
        ("1990年", "5月", "1日"),
    ],
)
def test_birth_date_parts_are_read_in_any_width(today, year, month, day):
    form = birth_form(year, month, day)
    assert form.errors == {}
    assert form.cleaned_data["birth_date"] == date(1990, 5, 1)


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [("", "", ""), ("1990", "", "1"), ("", "5", "1"), ("1990", "5", ""), ("　", " ", "")],
)
def test_a_missing_birth_date_part_asks_for_all_three(today, year, month, day):
    assert birth_form(year, month, day).errors["birth_date"] == [BIRTH_INCOMPLETE]


@pytest.mark.parametrize("year", ["90", "2", "19900", "ヘイセイ2", "平成"])
def test_a_birth_year_is_four_western_digits_or_an_era_year(today, year):
    """'2' alone is most often 平成2 typed without its era: asked again, not taken as year 2."""
    assert birth_form(year, "5", "1").errors["birth_date"] == [BIRTH_YEAR]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        ("平成2", date(1990, 5, 1)),
        ("平成２年", date(1990, 5, 1)),
        ("H2", date(1990, 5, 1)),
        ("ｈ２", date(1990, 5, 1)),
        ("昭和60", date(1985, 5, 1)),
        ("S60年", date(1985, 5, 1)),
        ("平成元年", date(1989, 5, 1)),
        ("１９９０年", date(1990, 5, 1)),
        ("西暦1990", date(1990, 5, 1)),
    ],
)
def test_a_birth_year_in_wareki_is_stored_as_its_western_date(today, year, expected):
    assert birth_form(year, "5", "1").cleaned_data["birth_date"] == expected


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("昭和65", "昭和65年という年はありません。昭和は64年（1989年）までです。"),
        ("平成0", "平成0年という年はありません。和暦の年は元年（1年）から数えます。"),
    ],
)
def test_an_era_year_that_never_was_is_named(today, year, message):
    assert birth_form(year, "5", "1").errors["birth_date"] == [message]


@pytest.mark.parametrize(
    ("year", "month", "day", "message"),
    [
        ("1990", "2", "30", "1990年2月30日という日付はありません。"),
        ("１９９０", "２", "２９", "1990年2月29日という日付はありません。"),
        ("1990", "4", "31", "1990年4月31日という日付はありません。"),
        ("1990", "5", "0", "1990年5月0日という日付はありません。"),
        ("1990", "13", "1", "13月という月はありません。"),
        ("1990", "5", "ついたち", "月と日は数字で入力してください（例：5月1日）。"),
    ],
)
def test_an_impossible_birth_date_is_named(today, year, month, day, message):
    assert birth_form(year, month, day).errors["birth_date"] == [message]


def test_february_29_of_a_leap_year_is_a_date(today):
    assert birth_form("2000", "2", "29").cleaned_data["birth_date"] == date(2000, 2, 29)


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        (date(2011, 4, 1), None),  # 15 today
        (date(2011, 4, 2), TOO_YOUNG),  # 15 tomorrow
        (date(2026, 4, 2), "生年月日が今日より後の日付になっています。"),
        (date(1926, 4, 1), None),  # 100 today
        (date(1925, 4, 2), None),  # 101 tomorrow
        (date(1925, 4, 1), TOO_OLD),  # 101 today
    ],
)
def test_age_limits_count_from_todays_date_in_japan(today, birth_date, message):
    form = birth_form(str(birth_date.year), str(birth_date.month), str(birth_date.day))
    if message is None:
        assert form.errors == {}
        assert form.cleaned_data["birth_date"] == birth_date
    else:
        assert form.errors["birth_date"] == [message]


def test_birth_date_renders_three_labelled_inputs_in_a_fieldset(today):
    page = str(BirthForm()["birth_date"].as_field_group())
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>生年月日", page)
    inputs = re.findall(r"<input[^>]*>", page)
    assert len(inputs) == 3
    ids = [re.search(r'id="([^"]+)"', tag).group(1) for tag in inputs]
    assert len(set(ids)) == 3
    for tag, id_, part, label in zip(
        inputs, ids, ["year", "month", "day"], ["年", "月", "日"], strict=True
    ):
        assert f'name="birth_date_{part}"' in tag
        # 月 and 日 open the number keyboard; the year takes 平成 and H too.
        assert ('inputmode="numeric"' in tag) == (part != "year")
        assert f'autocomplete="bday-{part}"' in tag
        # The label follows its own input.
        assert re.search(re.escape(tag) + rf'\s*<label[^>]*for="{id_}"[^>]*>{label}</label>', page)
    assert "maxlength" not in page
    assert "placeholder" not in page


def test_birth_date_errors_are_linked_to_the_fieldset_and_its_inputs(today):
    form = birth_form("1990", "2", "30")
    page = html.unescape(str(form["birth_date"].as_field_group()))
    assert '<p id="id_birth_date_error">' in page
    assert re.search(r'<fieldset[^>]*aria-describedby="id_birth_date_error"', page)
    for tag in re.findall(r"<input[^>]*>", page):
        assert 'aria-invalid="true"' in tag
        assert 'aria-describedby="id_birth_date_error"' in tag
    # What was typed is shown again to be corrected.
    assert 'value="30"' in page


def test_the_error_summary_link_leads_to_the_year_input():
    assert BirthForm()["birth_date"].id_for_label == "id_birth_date_0"


def test_a_stored_birth_date_is_shown_in_the_three_inputs(today):
    page = str(BirthForm(initial={"birth_date": date(1990, 5, 1)})["birth_date"])
    assert 'value="1990"' in page and 'value="5"' in page and 'value="1"' in page


# 和暦


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(1912, 7, 29), "明治45年"),
        (date(1912, 7, 30), "大正元年"),
        (date(1926, 12, 24), "大正15年"),
        (date(1926, 12, 25), "昭和元年"),
        (date(1989, 1, 7), "昭和64年"),
        (date(1989, 1, 8), "平成元年"),
        (date(1990, 5, 1), "平成2年"),
        (date(2019, 4, 30), "平成31年"),
        (date(2019, 5, 1), "令和元年"),
        (date(2026, 1, 1), "令和8年"),
    ],
)
def test_wareki_changes_era_on_the_first_day(day, expected):
    assert wareki(day) == expected


def test_birth_date_is_shown_with_both_calendars():
    assert format_birth_date(date(1990, 5, 1)) == "1990年（平成2年）5月1日"
    assert format_birth_date(date(2019, 5, 1)) == "2019年（令和元年）5月1日"


def test_birth_date_in_english_is_written_like_every_english_date():
    from django.utils import translation

    with translation.override("en"):
        assert format_birth_date(date(1995, 2, 3)) == "3 February 1995 (Heisei 7)"
        assert format_birth_date(date(1860, 2, 3)) == "3 February 1860"


# A year (資格・免許の取得年, 在籍期間の最終年): 西暦 or 和暦, stored as 西暦

YEAR_INVALID = "年は西暦（例：2023）か和暦（例：令和5）で入力してください。"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2023", 2023),
        ("２０２３年", 2023),
        ("令和5年", 2023),
        ("令和5", 2023),
        ("R5", 2023),
        ("r5", 2023),
        ("Ｒ５", 2023),
        ("令和５年", 2023),
        ("令和 5 年", 2023),
        ("Reiwa 5", 2023),
        ("平成30年", 2018),
        ("H30", 2018),
        ("Ｈ３０", 2018),
        ("H.30", 2018),
        ("㍻30", 2018),
        ("平成31年", 2019),
        ("昭和60", 1985),
        ("S60", 1985),
        ("昭和64年", 1989),
        ("令和元年", 2019),
        ("平成元", 1989),
        ("昭和元年", 1926),
        ("大正15", 1926),
        ("明治45", 1912),
    ],
)
def test_a_year_is_read_in_western_or_japanese_era_years(typed, stored):
    form = clean(YearForm, year=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["year"] == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("平成32", "平成32年という年はありません。平成は31年（2019年）までです。"),
        ("H32年", "平成32年という年はありません。平成は31年（2019年）までです。"),
        ("昭和65", "昭和65年という年はありません。昭和は64年（1989年）までです。"),
        ("S70", "昭和70年という年はありません。昭和は64年（1989年）までです。"),
        ("大正16", "大正16年という年はありません。大正は15年（1926年）までです。"),
        ("令和0", "令和0年という年はありません。和暦の年は元年（1年）から数えます。"),
        ("Ｈ０", "平成0年という年はありません。和暦の年は元年（1年）から数えます。"),
        ("令和", YEAR_INVALID),
        ("X5", YEAR_INVALID),
        ("R100", YEAR_INVALID),
        ("元年", YEAR_INVALID),
        ("20230", YEAR_INVALID),
        # 令和5 typed without its era: asked again, never taken as the year 5.
        ("5", YEAR_INVALID),
        ("９９", YEAR_INVALID),
        ("-1", YEAR_INVALID),
        ("1e3", YEAR_INVALID),
    ],
)
def test_a_year_that_cannot_be_is_explained(typed, message):
    assert clean(YearForm, year=typed).errors["year"] == [message]


def test_a_year_box_says_japanese_era_years_are_accepted_and_opens_a_keyboard_that_types_them():
    html = YearForm()["year"].as_field_group()
    assert "和暦（例：令和5、H30）でも入力できます。" in html
    assert "inputmode" not in html  # a number pad has no 令和 and no R

"""The counter's reports (issue #4 item 7): CSV of the list, 業務統計, the printable 求職申込書."""

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from jobseeker import numbers
from jobseeker.exports import neutralise
from jobseeker.models import Application, AuditRecord, Office

from . import factories

pytestmark = pytest.mark.django_db

JST = ZoneInfo("Asia/Tokyo")
CHANGELIST = "/admin/jobseeker/application/"
EXPORT = CHANGELIST + "export/"
STATISTICS = CHANGELIST + "statistics/"
HEADERS = [
    "求職番号",
    "氏名",
    "フリガナ",
    "生年月日",
    "年齢",
    "性別",
    "郵便番号",
    "住所",
    "電話番号（固定）",
    "電話番号（携帯）",
    "メールアドレス",
    "状態",
    "申込日時",
    "有効期限",
    "窓口受付日時",
    "ハローワーク",
]


def jst(*args) -> datetime:
    return datetime(*args, tzinfo=JST)


def make_application(office: Office, serial: int, **fields) -> Application:
    """Submitted on 2026-11-20 unless said otherwise, so the statistics have a fixed day."""
    return factories.make_application(
        office, serial, **{"submitted_at": jst(2026, 11, 20, 10, 0), **fields}
    )


@pytest.fixture
def superuser(client, oguchi) -> User:
    user = User.objects.create_superuser(email="admin@example.jp", password="Counter-admin9")
    client.force_login(user)
    return user


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    # The file is streamed (StreamingHttpResponse): getvalue() reads it to the end, once.
    return parse_csv(response.getvalue())


def parse_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def exported_numbers(response) -> list[str]:
    return [row[0] for row in read_csv(response)[1:]]


# -- CSV ------------------------------------------------------------------------------------------


def test_the_csv_is_utf8_with_bom_crlf_japanese_headers_and_a_dated_filename(client, staff, oguchi):
    make_application(
        oguchi, 18, phone_fixed="0995-22-8609", email="taro@example.jp", building="大口ハイツ１０１"
    )
    with time_machine.travel(jst(2026, 11, 25, 9, 0), tick=False):
        response = client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kyushoku_20261125.csv"'
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    # Every line ends in CRLF, and there is no bare LF anywhere.
    assert body.count(b"\r\n") == 2
    assert body.count(b"\n") == 2
    header, row = parse_csv(body)
    assert header == HEADERS
    assert dict(zip(header, row, strict=True)) == {
        "求職番号": numbers.format_number("74601", 18),
        "氏名": "大口 太郎",
        "フリガナ": "オオクチ タロウ",
        "生年月日": "1990/05/01",
        "年齢": "36",
        "性別": "男性",
        "郵便番号": "895-2511",
        "住所": "鹿児島県伊佐市大口里７６８－１ 大口ハイツ１０１",
        "電話番号（固定）": "0995-22-8609",
        "電話番号（携帯）": "090-1234-5678",
        "メールアドレス": "taro@example.jp",
        "状態": "オンライン登録者（仮登録）",
        "申込日時": "2026/11/20 10:00",
        "有効期限": "2027/01/31",
        "窓口受付日時": "",
        "ハローワーク": "ハローワーク大口",
    }


def test_staff_export_only_their_own_offices_applications(client, staff, oguchi, fukuoka):
    own = make_application(oguchi, 18)
    make_application(fukuoka, 5, family_name="博多")
    assert exported_numbers(client.get(EXPORT)) == [own.number]


def test_a_superuser_exports_every_office(client, superuser, oguchi, fukuoka):
    make_application(oguchi, 18)
    make_application(fukuoka, 5)
    assert len(exported_numbers(client.get(EXPORT))) == 2


def test_the_csv_is_the_list_as_filtered_and_searched(client, staff, oguchi):
    online = make_application(oguchi, 18, family_name="山田", family_name_kana="ヤマダ")
    make_application(oguchi, 19, family_name="山田", family_name_kana="ヤマダ", status="accepted")
    make_application(oguchi, 20, family_name="川内", family_name_kana="センダイ")
    assert exported_numbers(client.get(EXPORT, {"status": "online", "q": "やまだ"})) == [
        online.number
    ]
    assert len(exported_numbers(client.get(EXPORT, {"q": "山田"}))) == 2


def test_the_changelist_links_its_own_query_to_the_csv_and_to_the_statistics(client, staff):
    page = client.get(CHANGELIST, {"status": "online", "q": "山田"}).content.decode()
    link = re.search(r'href="([^"]*/export/[^"]*)">この一覧をCSVで出力<', page).group(1)
    assert link.replace("&amp;", "&") == EXPORT + "?q=%E5%B1%B1%E7%94%B0&status=online"
    assert f'href="{STATISTICS}">業務統計<' in page


def test_the_action_exports_the_selected_applications_of_the_own_office(
    client, staff, oguchi, fukuoka
):
    chosen = make_application(oguchi, 18)
    make_application(oguchi, 19)
    elsewhere = make_application(fukuoka, 5)
    response = client.post(
        CHANGELIST,
        {"action": "export_selected_csv", "_selected_action": [chosen.pk, elsewhere.pk]},
    )
    assert exported_numbers(response) == [chosen.number]
    assert AuditRecord.objects.get().changes["count"] == 1


def test_the_action_is_offered_as_csv_output(client, staff, oguchi):
    make_application(oguchi, 18)  # the admin offers no actions on an empty list
    page = client.get(CHANGELIST).content.decode()
    # (Our select template leaves out the options' optional end tags.)
    assert '<option value="export_selected_csv">CSV出力（選択した申込み）' in page


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_could_start_a_formula_gets_an_apostrophe(start):
    assert neutralise(f"{start}1+2") == f"'{start}1+2"


def test_ordinary_cells_are_left_alone():
    assert neutralise("090-1234-5678") == "090-1234-5678"
    assert neutralise("大口=太郎") == "大口=太郎"


def test_formulas_typed_by_an_applicant_are_neutralised_in_the_file(client, staff, oguchi):
    make_application(
        oguchi,
        18,
        family_name='=HYPERLINK("http://e.jp")',
        family_name_kana="+ア",
        email="@SUM(1)",
        phone_fixed="-2+3",
    )
    row = dict(zip(HEADERS, read_csv(client.get(EXPORT))[1], strict=True))
    assert row["氏名"] == '\'=HYPERLINK("http://e.jp") 太郎'
    assert row["フリガナ"] == "'+ア タロウ"
    assert row["メールアドレス"] == "'@SUM(1)"
    assert row["電話番号（固定）"] == "'-2+3"


def test_each_export_writes_one_audit_record(client, staff, oguchi):
    make_application(oguchi, 18)
    make_application(oguchi, 19, status="accepted")
    client.get(EXPORT, {"status": "online"})
    record = AuditRecord.objects.get()
    assert record.action == AuditRecord.Action.EXPORT
    assert record.staff == staff
    assert record.application is None
    assert record.changes == {"count": 1, "query": "status=online"}


def test_export_queries_do_not_grow_with_the_rows(client, staff, oguchi):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            read_csv(client.get(EXPORT))
        return len(queries)

    make_application(oguchi, 1)
    client.get("/admin/")  # the clerk's first request saves the session (accounts.session_end)
    few = count_queries()
    for serial in range(2, 12):
        make_application(oguchi, serial)
    assert count_queries() == few


def test_the_export_needs_the_view_permission(client, oguchi):
    client.force_login(User.objects.create_user(email="x@example.jp", is_staff=True, office=oguchi))
    assert client.get(EXPORT).status_code == 403
    assert not AuditRecord.objects.exists()


# -- 業務統計 --------------------------------------------------------------------------------------


def day_row(page: str, day: str) -> tuple[int, int]:
    cells = re.search(rf'<tr id="day-{day}">.*?<td>(\d+)</td><td>(\d+)</td></tr>', page).groups()
    return int(cells[0]), int(cells[1])


def total_row(page: str) -> tuple[int, int]:
    cells = re.search(r'<tr id="total">.*?<td>(\d+)</td><td>(\d+)</td></tr>', page).groups()
    return int(cells[0]), int(cells[1])


def statistics_page(client, **params) -> str:
    response = client.get(STATISTICS, params)
    assert response.status_code == 200
    return response.content.decode()


def test_statistics_count_per_japanese_day(client, staff, oguchi):
    # 23:30 JST on the 24th is 14:30 UTC: still the 24th in Japan.
    make_application(oguchi, 18, submitted_at=jst(2026, 11, 24, 23, 30))
    make_application(
        oguchi,
        19,
        submitted_at=jst(2026, 11, 25, 0, 10),
        accepted_at=jst(2026, 11, 25, 9, 0),
        status="accepted",
    )
    make_application(oguchi, 20, submitted_at=jst(2026, 11, 25, 23, 59))
    page = statistics_page(client, **{"from": "2026-11-20", "to": "2026-11-30"})
    assert day_row(page, "2026-11-24") == (1, 0)
    assert day_row(page, "2026-11-25") == (2, 1)
    assert day_row(page, "2026-11-26") == (0, 0)
    assert total_row(page) == (3, 1)
    assert "2026年11月24日（火）" in page


def test_statistics_leave_out_days_outside_the_range(client, staff, oguchi):
    make_application(oguchi, 18, submitted_at=jst(2026, 11, 19, 23, 59))
    make_application(oguchi, 19, submitted_at=jst(2026, 11, 21, 0, 0))
    page = statistics_page(client, **{"from": "2026-11-20", "to": "2026-11-20"})
    assert day_row(page, "2026-11-20") == (0, 0)
    assert total_row(page) == (0, 0)
    assert 'id="day-2026-11-19"' not in page


def test_statistics_show_the_last_31_days_by_default(client, staff, oguchi):
    make_application(oguchi, 18, submitted_at=jst(2026, 10, 26, 8, 0))
    make_application(oguchi, 19, submitted_at=jst(2026, 10, 25, 8, 0))
    # 00:30 JST on the 25th is still the 24th in UTC: "today" is the Japanese day.
    with time_machine.travel(jst(2026, 11, 25, 0, 30), tick=False):
        page = statistics_page(client)
    days = re.findall(r'<tr id="day-([\d-]+)">', page)
    assert days[0] == "2026-10-26"
    assert days[-1] == "2026-11-25"
    assert len(days) == 31
    assert total_row(page) == (1, 0)
    assert 'value="2026-10-26"' in page
    assert 'value="2026-11-25"' in page


def test_statistics_count_only_the_own_office_for_staff(client, staff, oguchi, fukuoka):
    make_application(oguchi, 18, submitted_at=jst(2026, 11, 24, 10, 0))
    make_application(
        fukuoka, 5, submitted_at=jst(2026, 11, 24, 11, 0), accepted_at=jst(2026, 11, 24, 12, 0)
    )
    page = statistics_page(client, **{"from": "2026-11-24", "to": "2026-11-24"})
    assert day_row(page, "2026-11-24") == (1, 0)
    assert "ハローワーク大口" in page


def test_statistics_count_every_office_for_a_superuser(client, superuser, oguchi, fukuoka):
    make_application(oguchi, 18, submitted_at=jst(2026, 11, 24, 10, 0))
    make_application(
        fukuoka, 5, submitted_at=jst(2026, 11, 24, 11, 0), accepted_at=jst(2026, 11, 24, 12, 0)
    )
    page = statistics_page(client, **{"from": "2026-11-24", "to": "2026-11-24"})
    assert day_row(page, "2026-11-24") == (2, 1)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"from": "2026-11-25", "to": "2026-11-01"},
            "開始日は終了日と同じ日か、それより前の日にしてください。",
        ),
        ({"from": "2026-13-01"}, "開始日は 2026-11-25 のように年-月-日で入力してください。"),
        ({"to": "11/25"}, "終了日は 2026-11-25 のように年-月-日で入力してください。"),
        ({"from": "2025-01-01", "to": "2026-11-25"}, "期間は366日以内で指定してください。"),
        ({"to": "9999-12-31"}, "期間は2000年1月1日から"),
        ({"from": "0001-01-01", "to": "0001-01-02"}, "期間は2000年1月1日から"),
    ],
)
def test_an_invalid_range_is_named_in_japanese_and_shows_no_table(client, staff, params, message):
    page = statistics_page(client, **params)
    assert message in page
    assert 'id="statistics"' not in page
    # What was typed stays in the form.
    for value in params.values():
        assert f'value="{value}"' in page


def test_statistics_queries_do_not_grow_with_the_applications(client, staff, oguchi):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            statistics_page(client, **{"from": "2026-11-01", "to": "2026-11-30"})
        return len(queries)

    make_application(oguchi, 1, submitted_at=jst(2026, 11, 2, 10, 0))
    client.get("/admin/")  # the clerk's first request saves the session (accounts.session_end)
    few = count_queries()
    for serial in range(2, 12):
        make_application(
            oguchi,
            serial,
            submitted_at=jst(2026, 11, serial, 10, 0),
            accepted_at=jst(2026, 11, serial, 11, 0),
        )
    assert count_queries() == few


def test_statistics_use_the_admin_layout(client, staff):
    page = statistics_page(client)
    assert "<title>業務統計 | ハローワーク 窓口</title>" in page
    assert 'id="statistics"' in page


def test_statistics_need_the_view_permission(client, oguchi):
    client.force_login(User.objects.create_user(email="x@example.jp", is_staff=True, office=oguchi))
    assert client.get(STATISTICS).status_code == 403


# -- 求職申込書 ------------------------------------------------------------------------------------


def print_url(application: Application) -> str:
    return f"{CHANGELIST}{application.pk}/print/"


def test_the_print_page_shows_office_number_code_sections_and_a_stamp_box(client, staff, oguchi):
    application = make_application(oguchi, 18, self_pr="コツコツ働きます。")
    application.qualifications.create(name="普通自動車第一種運転免許", year=2010)
    response = client.get(print_url(application))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="jobseeker-number">{application.number}<' in page
    assert "ハローワーク大口" in page
    assert f'aria-label="求職番号 {application.number}"' in page
    assert "受付印" in page
    for title in [
        "1 基本情報登録",
        "2 求職情報提供等登録",
        "3 希望職種・時間等登録",
        "4 希望勤務地・賃金登録",
        "5 学歴／資格登録",
        "6 経歴登録",
        "7 自己PR登録",
    ]:
        assert f">{title}</h2>" in page
    assert "〒895-2511 鹿児島県伊佐市大口里７６８－１" in page
    assert "普通自動車第一種運転免許（2010年）" in page
    assert "コツコツ働きます。" in page


def test_the_print_page_is_styled_for_a4_from_a_static_stylesheet_only(client, staff, oguchi):
    page = client.get(print_url(make_application(oguchi, 18))).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css">' in page
    # The site's CSP has no 'unsafe-inline': inline styles would be ignored.
    assert "<style" not in page
    assert "style=" not in page
    with open(finders.find("css/print.css"), encoding="utf-8") as stylesheet:
        assert "@page { size: A4; margin: 15mm; }" in stylesheet.read()


def test_the_print_page_of_another_office_is_not_found(client, staff, fukuoka):
    elsewhere = make_application(fukuoka, 5)
    assert client.get(print_url(elsewhere)).status_code == 404
    assert not AuditRecord.objects.exists()


def test_opening_the_print_page_writes_an_audit_record(client, staff, oguchi):
    application = make_application(oguchi, 18)
    client.get(print_url(application))
    record = AuditRecord.objects.get()
    assert (record.action, record.staff, record.application) == (
        AuditRecord.Action.PRINT,
        staff,
        application,
    )


def test_the_change_form_links_to_the_print_page(client, staff, oguchi):
    application = make_application(oguchi, 18)
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert f'href="{print_url(application)}">求職申込書を印刷<' in page

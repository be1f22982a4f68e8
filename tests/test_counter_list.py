"""The counter's list of applications, for a clerk with a 2D-code scanner at 1366×768 (issue #15
items 2, 3 and 6): it opens first, its box takes the scan, a search that finds nothing says why,
it fits the screen, and acceptance is the record's button only."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from accounts.models import User
from jobseeker import numbers
from jobseeker.choices import Status
from jobseeker.models import Application

from .factories import make_application
from .test_counter_admin import CHANGELIST, change_data

pytestmark = pytest.mark.django_db

ADMIN_CSS = Path(settings.BASE_DIR) / "static" / "css" / "admin.css"


@pytest.fixture
def taro_application(oguchi) -> Application:
    return make_application(oguchi, 18)


@pytest.fixture
def root(client, db) -> User:
    """A superuser, who sees every office and keeps Django's index."""
    return User.objects.create_superuser("root@example.jp", "Super-user9")


def search_box(page: str) -> str:
    """The list's search input, as the page has it."""
    return re.search(r'<input [^>]*id="searchbar"[^>]*>', page)[0]


def explanation(response) -> str:
    """The words above the empty list that say why the search found nothing."""
    found = re.search(r'<div class="search-explanation".*?</div>', response.content.decode(), re.S)
    assert found, "no explanation above the empty list"
    return re.sub(r"<[^>]+>", "", found[0])


def one_digit_off(number: str) -> str:
    """`number` with its check digit changed, so that it is not valid."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


# -- /admin/ opens on the list --------------------------------------------------------------------


def test_a_counter_clerk_opens_the_admin_on_the_applications_list(client, staff):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == CHANGELIST


def test_a_superuser_keeps_the_index_of_everything(client, root):
    client.force_login(root)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "/admin/accounts/sentmail/" in response.content.decode()


def test_staff_who_also_look_after_mails_keep_the_index(client, staff):
    staff.user_permissions.add(Permission.objects.get(codename="view_sentmail"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "/admin/accounts/sentmail/" in response.content.decode()


# -- the box takes the scan -----------------------------------------------------------------------


def test_the_search_box_has_the_focus_when_the_list_opens(client, staff):
    box = search_box(client.get(CHANGELIST).content.decode())
    assert " autofocus" in box
    assert 'value=""' in box


def test_after_a_search_the_box_is_empty_for_the_next_scan_and_the_term_is_shown(
    client, staff, taro_application
):
    page = client.get(CHANGELIST, {"q": "大口"}).content.decode()
    assert 'value=""' in search_box(page)
    assert " autofocus" in search_box(page)
    assert "「大口」の検索結果：1件" in page


def test_accepting_lands_on_the_list_with_its_filters_and_an_empty_focused_box(
    client, staff, taro_application
):
    url = f"{CHANGELIST}{taro_application.pk}/change/"
    came_from = {"_changelist_filters": "status__exact=online&q=%E5%A4%A7%E5%8F%A3"}
    response = client.post(
        f"{url}?_changelist_filters={came_from['_changelist_filters'].replace('&', '%26')}",
        {**change_data(taro_application), "_accept": "1"},
    )
    assert response.status_code == 302
    assert response.url == f"{CHANGELIST}?status__exact=online"
    taro_application.refresh_from_db()
    assert taro_application.status == Status.ACCEPTED
    page = client.get(response.url).content.decode()
    assert "を窓口で受付完了にしました" in page
    assert " autofocus" in search_box(page)
    assert 'value=""' in search_box(page)


def test_saving_a_record_lands_on_the_list_without_the_search(client, staff, taro_application):
    url = f"{CHANGELIST}{taro_application.pk}/change/?_changelist_filters=q%3D%E5%A4%A7%E5%8F%A3"
    response = client.post(url, {**change_data(taro_application), "_save": "1"})
    assert response.status_code == 302
    assert response.url == CHANGELIST


def test_the_records_breadcrumbs_lead_back_to_the_list_without_the_search(
    client, staff, taro_application
):
    page = client.get(
        f"{CHANGELIST}{taro_application.pk}/change/",
        {"_changelist_filters": "status__exact=online&q=74601"},
    ).content.decode()
    breadcrumbs = re.search(r'<ol class="breadcrumbs">.*?</ol>', page, re.S)[0]
    assert f'<a href="{CHANGELIST}">' in breadcrumbs
    assert "q=74601" not in page


def test_the_list_links_its_rows_without_the_search(client, staff, taro_application):
    page = client.get(CHANGELIST, {"q": "大口", "status__exact": "online"}).content.decode()
    change = f"{CHANGELIST}{taro_application.pk}/change/?_changelist_filters=status__exact%3Donline"
    assert f'href="{change}"' in page


# -- a search that finds nothing says why and what to try -----------------------------------------


def test_a_number_one_digit_short_says_so_and_what_to_do(client, staff, taro_application):
    response = client.get(CHANGELIST, {"q": taro_application.number[:-1]})
    assert response.status_code == 200
    text = explanation(response)
    assert (
        f"「{taro_application.number[:-1]}」は12桁です。"
        "求職番号は13桁（安定所番号5桁と8桁）なので、1桁足りません。"
    ) in text
    assert "2次元コードをもう一度読み取るか" in text
    assert "74601-00000018 のように13桁すべてを入力してください" in text
    # Heard where the focus is, with a screen reader.
    box = search_box(response.content.decode())
    assert 'aria-describedby="search-explanation searchbar_helptext"' in box


def test_a_full_width_number_one_digit_short_is_counted_as_digits_too(
    client, staff, taro_application
):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in taro_application.number[:-1])
    assert "は12桁です" in explanation(client.get(CHANGELIST, {"q": wide}))


def test_a_number_one_digit_too_long_says_so(client, staff, taro_application):
    typed = taro_application.number.replace("-", "") + "8"
    assert "14桁です" in explanation(client.get(CHANGELIST, {"q": typed}))


def test_another_offices_number_says_whose_it_is_and_whom_to_ask(client, staff, oguchi, fukuoka):
    hakata = make_application(fukuoka, 5, family_name="博多")
    response = client.get(CHANGELIST, {"q": hakata.number})
    text = explanation(response)
    assert (
        f"求職番号 {hakata.number} はハローワーク福岡中央（安定所番号 40101）の番号です。"
        "ほかのハローワークの求職申込みは、この窓口では表示できません。"
    ) in text
    assert "申込み先のハローワーク福岡中央（電話 092-712-8609）に問い合わせてください" in text
    assert "博多" not in response.content.decode()


def test_another_offices_number_tells_nothing_of_whether_it_was_issued(
    client, staff, oguchi, fukuoka
):
    """The office is read from the number itself: a clerk learns nothing about another office's
    applicants, not even whether a number of theirs exists."""
    issued = make_application(fukuoka, 5).number
    never_issued = numbers.format_number("40101", 77)
    said = [explanation(client.get(CHANGELIST, {"q": n})) for n in (issued, never_issued)]
    assert said[0].replace(issued, "N") == said[1].replace(never_issued, "N")


def test_an_unknown_number_of_the_office_says_it_is_not_found(client, staff, taro_application):
    unknown = numbers.format_number("74601", 99)
    text = explanation(client.get(CHANGELIST, {"q": unknown}))
    assert f"求職番号 {unknown} の求職申込みは見つかりません。" in text
    assert "本人に求職番号を確かめて入力し直すか、氏名・フリガナ・電話番号で検索" in text


def test_a_mistyped_number_with_nothing_one_digit_away_says_both(client, staff, oguchi):
    typo = one_digit_off(numbers.format_number("74601", 42))
    text = explanation(client.get(CHANGELIST, {"q": typo}))
    assert "チェックディジットが一致しません" in text
    assert "1桁違いの求職番号も見つかりません" in text


def test_a_name_that_finds_nothing_says_how_names_are_searched(client, staff, taro_application):
    text = explanation(client.get(CHANGELIST, {"q": "山田"}))
    assert "「山田」に一致する求職申込みはありません。" in text
    assert "姓か名だけでも" in text


def test_a_filter_that_hides_the_number_is_named_with_a_way_to_lift_it(
    client, staff, taro_application
):
    response = client.get(CHANGELIST, {"q": taro_application.number, "status__exact": "accepted"})
    assert "絞り込みの条件に合わない求職申込みは、検索しても表示されません。" in explanation(
        response
    )
    lift = f'<a href="?q={taro_application.number}">絞り込みを解除して、同じ語で検索する</a>'
    assert lift in response.content.decode()
    assert client.get(CHANGELIST, {"q": taro_application.number}).status_code == 302


def test_a_list_with_rows_says_nothing_is_missing(client, staff, taro_application):
    response = client.get(CHANGELIST, {"q": "大口"})
    assert "search-explanation" not in response.content.decode()


def test_the_explanation_is_in_english_on_an_english_page(client, staff, taro_application):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = explanation(client.get(CHANGELIST, {"q": taro_application.number[:-1]}))
    assert "has 12 digits" in text
    assert "桁" not in text


# -- a list that fits 1366 px ---------------------------------------------------------------------


def test_a_counter_clerk_has_no_side_menu(client, staff, taro_application):
    assert 'id="nav-sidebar"' not in client.get(CHANGELIST).content.decode()


def test_a_superuser_keeps_the_side_menu(client, root):
    client.force_login(root)
    assert 'id="nav-sidebar"' in client.get(CHANGELIST).content.decode()


def test_staff_of_one_office_see_no_office_column_or_filter(client, staff, taro_application):
    page = client.get(CHANGELIST).content.decode()
    assert "field-office" not in page
    assert "office__id__exact" not in page


def test_a_superuser_sees_each_rows_office_and_can_filter_by_it(
    client, root, taro_application, fukuoka
):
    client.force_login(root)
    page = client.get(CHANGELIST).content.decode()
    assert '<td class="field-office nowrap">ハローワーク大口</td>' in page
    office_filter = re.search(r'<select name="office__id__exact".*?</select>', page, re.S)[0]
    assert f'<option value="{fukuoka.pk}">40101 ハローワーク福岡中央</option>' in office_filter


def test_number_name_and_status_each_stay_on_one_line(client, staff, taro_application):
    page = client.get(CHANGELIST).content.decode()
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in page
    for column in ("number", "full_name", "status"):
        assert f'class="field-{column}"' in page
    css = re.sub(r"/\*.*?\*/", "", ADMIN_CSS.read_text(), flags=re.S)
    rule = re.search(r"([^{}]*)\{\s*white-space:\s*nowrap;\s*\}", css)
    selectors = [s.strip() for s in rule[1].split(",")]
    for column in ("number", "full_name", "status"):
        assert f".model-application.change-list #result_list .field-{column}" in selectors


def test_the_rows_start_right_under_the_search(client, staff, taro_application):
    """Ten rows on a 1366×768 screen (static/css/admin.css has the figures): no date drill-down
    and no actions bar between the search box and the first row."""
    page = client.get(CHANGELIST).content.decode()
    assert "date-hierarchy" not in page
    assert page.index('id="result_list"') < page.index('name="action"')
    css = ADMIN_CSS.read_text()
    assert re.search(r"#result_list tbody th \{\s*padding-top: 5px;\s*padding-bottom: 5px;", css)


# -- acceptance is the record's button ------------------------------------------------------------


def test_the_list_offers_no_acceptance_of_ticked_rows(client, staff, taro_application):
    page = client.get(CHANGELIST).content.decode()
    actions = re.search(r'<select name="action".*?</select>', page, re.S)[0]
    assert "窓口で受付完了" not in actions
    assert "CSV" in actions


def test_a_forged_list_acceptance_accepts_nobody(client, staff, taro_application):
    client.post(
        CHANGELIST, {"action": "accept_selected", "_selected_action": [taro_application.pk]}
    )
    taro_application.refresh_from_db()
    assert taro_application.status == Status.ONLINE


def test_the_records_button_still_accepts(client, staff, taro_application):
    page = client.get(f"{CHANGELIST}{taro_application.pk}/change/").content.decode()
    assert 'name="_accept" value="窓口で受付完了"' in page

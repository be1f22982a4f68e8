"""The counter at a million applications (issue #18 item 2; docs/scale.md): what makes it fast
and what it does not do at any size. The figures themselves are in bench/README.md: no test here
is timed."""

import re

import pytest
from django.contrib.admin import ModelAdmin
from django.contrib.admin.sites import site
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from jobseeker.admin import paginator
from jobseeker.models import Application, Office

from .factories import make_application, staff_of
from .test_counter_admin import CHANGELIST, search

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigram indexes and the row estimate are PostgreSQL's",
)


@pytest.fixture
def root(db) -> User:
    return User.objects.create_superuser("root@example.jp", "Super-user9")


def counts(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def full_counts(queries) -> list[str]:
    """The counts of every row of a list, not those capped at paginator.ESTIMATE_ABOVE."""
    return [sql for sql in counts(queries) if "LIMIT" not in sql.upper()]


def office(code: str) -> Office:
    return Office.objects.create(
        code=code, name=f"ハローワーク{code}", postal_code="100-0001", address="東京都",
        phone="03-0000-0000", opening_hours="平日",
    )  # fmt: skip


# -- search: words of one or two characters match the start of a value ----------------------------


@pytest.fixture
def hayashi_family(oguchi) -> dict[str, str]:
    names = {"林": "ハヤシ", "林田": "ハヤシダ", "小林": "コバヤシ"}
    return {
        name: make_application(
            oguchi, serial, family_name=name, family_name_kana=kana, phone_mobile=""
        ).number
        for serial, (name, kana) in enumerate(names.items(), start=1)
    }


def test_a_one_character_surname_finds_the_names_starting_with_it(client, staff, hayashi_family):
    assert sorted(search(client, "林")) == sorted([hayashi_family["林"], hayashi_family["林田"]])


def test_two_characters_find_their_own_name_but_not_inside_a_longer_one(
    client, staff, hayashi_family
):
    assert search(client, "小林") == [hayashi_family["小林"]]
    assert search(client, "ヤシ") == []


def test_three_characters_are_found_anywhere_in_a_name(client, staff, hayashi_family):
    assert search(client, "バヤシ") == [hayashi_family["小林"]]
    assert search(client, "ばやし") == [hayashi_family["小林"]]


def test_a_word_never_matches_across_two_values(client, staff, oguchi):
    make_application(oguchi, 1, family_name="大口", given_name="太郎")
    assert search(client, "口太") == []
    assert search(client, "大口太郎") == []


def test_the_accounts_own_mail_address_is_searched(client, staff, oguchi):
    account = User.objects.create_user(email="login-only@example.jp", password="Hello-work7")
    application = make_application(oguchi, 1, user=account, email="other@example.jp")
    assert search(client, "login-only@") == [application.number]
    assert search(client, "login-only") == [application.number]


@pytest.mark.parametrize("typed", ["Taro@Example.jp", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"])
def test_a_whole_mail_address_is_found_exactly_in_any_case_and_width(client, staff, oguchi, typed):
    application = make_application(oguchi, 1, email="taro@example.jp")
    make_application(oguchi, 2, email="xtaro@example.jp")
    assert search(client, typed) == [application.number]


def test_a_whole_mail_address_finds_the_accounts_login_address(client, staff, oguchi):
    account = User.objects.create_user(email="login-only@example.jp", password="Hello-work7")
    application = make_application(oguchi, 1, user=account, email="other@example.jp")
    assert search(client, "LOGIN-ONLY@example.jp") == [application.number]


@needs_postgres
def test_a_whole_mail_address_is_read_from_its_index(oguchi):
    addresses = Application.objects.filter(email__iexact="taro@example.jp").order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + str(addresses.query).replace("taro@example.jp", "'t@x.jp'"))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "application_email_upper" in plan


def test_an_account_of_another_office_is_not_found_by_its_mail(client, staff, fukuoka):
    account = User.objects.create_user(email="hakata@example.jp", password="Hello-work7")
    make_application(fukuoka, 1, user=account)
    assert search(client, "hakata@example.jp") == []


# -- the list's counts ----------------------------------------------------------------------------


def test_a_clerks_list_counts_only_the_own_offices_rows(client, staff, oguchi, fukuoka):
    make_application(oguchi, 1)
    make_application(fukuoka, 1)
    client.get(CHANGELIST)  # the session's first request writes it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHANGELIST).status_code == 200
    assert counts(queries)
    assert all("office_id" in sql for sql in counts(queries))


def test_a_filtered_list_is_counted_once_not_again_unfiltered(client, staff, oguchi):
    make_application(oguchi, 1)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(CHANGELIST, {"status__exact": "online"}).content.decode()
    assert len(counts(queries)) == 1
    assert "すべて表示" in page


@needs_postgres
def test_the_list_of_every_office_takes_the_estimate_instead_of_counting(
    client, root, oguchi, monkeypatch
):
    for serial in range(1, 4):
        make_application(oguchi, serial)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobseeker_application")
    monkeypatch.setattr(paginator, "ESTIMATE_ABOVE", 1)
    client.force_login(root)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(CHANGELIST).content.decode()
    assert full_counts(queries) == []
    assert "約3件（推定）" in page


@needs_postgres
def test_a_big_offices_list_takes_the_estimate_but_a_search_is_counted(
    client, staff, oguchi, monkeypatch
):
    for serial in range(1, 31):
        make_application(oguchi, serial, given_name=f"名{serial:03d}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobseeker_application")
    monkeypatch.setattr(paginator, "ESTIMATE_ABOVE", 20)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(CHANGELIST).content.decode()
    assert full_counts(queries) == []
    assert "約30件（推定）" in page
    # A search the planner expects to find a few rows is counted, and said exactly.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(CHANGELIST, {"q": "名007"}).content.decode()
    assert counts(queries)
    assert "推定" not in page


def test_a_search_the_planner_overestimates_is_still_said_exactly(
    client, staff, oguchi, monkeypatch
):
    """However far off the planner's guess, fewer rows than the limit are counted, and none
    found says why."""
    make_application(oguchi, 1, given_name="名001")
    monkeypatch.setattr(
        paginator.EstimatedCountPaginator, "_planned_rows", lambda paginator: 1_000_000
    )
    client.get(CHANGELIST)
    found = client.get(CHANGELIST, {"q": "名001"})
    assert "推定" not in found.content.decode()
    assert found.context["cl"].result_count == 1
    nothing = client.get(CHANGELIST, {"q": "該当なし"})
    assert "推定" not in nothing.content.decode()
    assert nothing.context["cl"].result_count == 0


def test_staff_of_no_office_see_an_empty_list(client, oguchi):
    make_application(oguchi, 1)
    user = staff_of(oguchi, "new-clerk@oguchi.example.jp")
    user.office = None
    user.save()
    client.force_login(user)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert page.context["cl"].result_count == 0


def test_a_small_list_of_every_office_is_counted_exactly(client, root, oguchi):
    make_application(oguchi, 1)
    client.force_login(root)
    page = client.get(CHANGELIST).content.decode()
    assert "推定" not in page


# -- the office filter ----------------------------------------------------------------------------


def test_a_clerk_sees_no_other_office_however_many_there_are(client, staff, oguchi):
    others = [office(f"{10000 + n}") for n in range(30)]
    make_application(oguchi, 1)
    page = client.get(CHANGELIST).content.decode()
    assert "office__id__exact" not in page
    assert not any(other.name in page for other in others)


def test_a_superuser_chooses_the_office_from_one_list_box(client, root, oguchi):
    others = [office(f"{10000 + n}") for n in range(30)]
    client.force_login(root)
    page = client.get(CHANGELIST, {"status__exact": "online"}).content.decode()
    form = re.search(r'<form method="get" class="office-filter">.*?</form>', page, re.S)[0]
    assert '<input type="hidden" name="status__exact" value="online">' in form
    assert f'<option value="{others[0].pk}">10000 ハローワーク10000</option>' in form
    assert form.count("<option ") == Office.objects.count() + 1  # and すべて
    assert "?office__id__exact=" not in page


def test_the_chosen_office_is_selected_and_its_list_shown(client, root, oguchi, fukuoka):
    own = make_application(oguchi, 1)
    make_application(fukuoka, 1)
    client.force_login(root)
    response = client.get(CHANGELIST, {"office__id__exact": oguchi.pk})
    assert [a.number for a in response.context["cl"].result_list] == [own.number]
    assert f'<option value="{oguchi.pk}" selected>' in response.content.decode()


# -- the CSV --------------------------------------------------------------------------------------


def test_the_csv_is_streamed(client, staff, oguchi):
    make_application(oguchi, 1)
    response = client.get(f"{CHANGELIST}export/")
    assert isinstance(response, StreamingHttpResponse)
    assert response.getvalue().decode("utf-8-sig").startswith("求職番号,氏名,")


# -- PostgreSQL's indexes -------------------------------------------------------------------------


@needs_postgres
def test_the_migrations_build_the_trigram_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"]
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {"application_search_trgm", "user_email_trgm"}
    assert all("USING gin" in d and "gin_trgm_ops" in d for d in indexes.values())


@needs_postgres
def test_pg_trgm_finds_trigrams_in_japanese_under_the_databases_collation():
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_length(show_trgm('ヤマダ'), 1), show_trgm('林')")
        katakana, one_kanji = cursor.fetchone()
    assert katakana == 4  # "  ヤ", " ヤマ", "ヤマダ", "マダ "
    assert len(one_kanji) == 2  # "  林", " 林 ": a word start to look up


def plan(term: str, user: User) -> str:
    """PostgreSQL's plan of the list's page for a search, where only an index can narrow it."""
    admin = site._registry[Application]
    request = RequestFactory().get(CHANGELIST)
    request.user = user
    queryset, _ = admin.get_search_results(request, admin.get_queryset(request), term)
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@needs_postgres
@pytest.mark.parametrize("term", ["オオクチ", "おおくち", "林", "09012345678"])
def test_a_search_is_answered_from_the_trigram_index(root, oguchi, term):
    make_application(oguchi, 1)
    assert "Bitmap Index Scan on application_search_trgm" in plan(term, root)


@needs_postgres
def test_an_account_mail_search_is_answered_from_its_trigram_index(root, oguchi):
    make_application(oguchi, 1)
    assert "Bitmap Index Scan on user_email_trgm" in plan("taro@example", root)


def test_the_lists_boxes_are_djangos_own_markup(oguchi):
    """ApplicationAdmin writes the action checkbox itself (for speed): as Django would."""
    application = make_application(oguchi, 1, family_name='<b>"&')
    admin = site._registry[Application]
    assert admin.action_checkbox(application) == ModelAdmin.action_checkbox(admin, application)


def test_a_search_that_finds_nothing_says_how_short_words_are_found(client, staff, oguchi):
    page = client.get(CHANGELIST, {"q": "ヤシ"}).content.decode()
    assert "1〜2文字の語は、姓・名の先頭が一致するものを探します" in page

"""A walk-in applicant registered at the counter (issue #15 item 5): 住所検索 on the counter's
form, with or without the script; the person is a 利用登録者 at once, accepted by the clerk; the
page after saving tells the clerk how the person opens a マイページ later."""

import re

import pytest

from accounts.views.signup import SIGNUP_LINK
from jobseeker.choices import Status
from jobseeker.models import Application, AuditRecord

from .factories import make_application
from .test_counter_admin import CHANGELIST, change_data

pytestmark = pytest.mark.django_db

ADD = f"{CHANGELIST}add/"


@pytest.fixture
def walk_in(oguchi) -> dict:
    """What the clerk types for 伊佐 花子, born 1985-04-01, who has no account."""
    template = make_application(oguchi, 40)
    data = change_data(
        template, family_name="伊佐", given_name="花子", family_name_kana="いさ",
        given_name_kana="はなこ", gender="female",
    )  # fmt: skip
    template.delete()
    data.update(birth_date_year="1985", birth_date_month="4", birth_date_day="1")
    return data


def registered(client, data) -> Application:
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Application.objects.get(family_name="伊佐")


# -- the person is a 利用登録者 at once ------------------------------------------------------------


def test_a_walk_in_is_a_riyou_tourokusha_accepted_by_the_clerk(client, staff, walk_in):
    application = registered(client, walk_in)
    assert application.status == Status.ACCEPTED
    assert application.accepted_by == staff
    assert application.accepted_at is not None
    assert application.user is None


def test_the_registration_and_the_acceptance_are_audited(client, staff, walk_in):
    application = registered(client, walk_in)
    actions = AuditRecord.objects.filter(application=application, staff=staff).values_list(
        "action", flat=True
    )
    assert sorted(actions) == [AuditRecord.Action.ACCEPT, AuditRecord.Action.ADD]


def test_the_add_form_tells_the_clerk_the_person_is_accepted_on_saving(client, staff):
    page = client.get(ADD).content.decode()
    assert "保存するとその場で「利用登録者」になります" in page


# -- the page after saving ------------------------------------------------------------------------


def test_saving_opens_the_page_that_tells_how_to_open_a_mypage(client, staff, walk_in):
    response = client.post(ADD, walk_in, follow=True)
    application = Application.objects.get(family_name="伊佐")
    assert response.redirect_chain[-1][0] == f"{CHANGELIST}{application.pk}/registered/"
    page = response.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "伊佐 花子さんは「利用登録者」になりました。" in text
    assert "「求職者マイページ開設（アカウント登録手続きの方）」" in text
    assert "http://testserver/account/counter/" in text
    assert f"求職番号 {application.number}" in text
    assert "生年月日 1985年（昭和60年）4月1日" in text
    assert f"{application.number} で登録し、窓口で受付完了にしました（利用登録者）。" in text


def test_the_page_has_a_code_of_the_counter_link_page_and_the_next_steps(client, staff, walk_in):
    application = registered(client, walk_in)
    page = client.get(f"{CHANGELIST}{application.pk}/registered/").content.decode()
    assert (
        'role="img" aria-label="求職者マイページ開設（アカウント登録手続きの方）のページ"' in page
    )
    for path in ("print/", "change/"):
        assert f'href="{CHANGELIST}{application.pk}/{path}"' in page
    assert f'href="{ADD}"' in page


def test_the_page_the_clerk_points_to_takes_the_number_and_birth_date(client, staff, walk_in):
    application = registered(client, walk_in)
    client.logout()
    response = client.post(
        "/account/counter/", {"number": application.number, "birth_date_year": "1985",
                              "birth_date_month": "4", "birth_date_day": "1"},
    )  # fmt: skip
    assert response.status_code == 302 and response.url == "/account/signup/"
    assert client.session[SIGNUP_LINK]["id"] == application.pk


def test_an_application_with_a_mypage_already_opens_its_record_instead(
    client, staff, oguchi, alice
):
    application = make_application(oguchi, 42, user=alice)
    response = client.get(f"{CHANGELIST}{application.pk}/registered/")
    assert response.status_code == 302
    assert response.url == f"{CHANGELIST}{application.pk}/change/"


def test_another_offices_clerk_cannot_open_the_page(client, staff, walk_in, fukuoka):
    application = registered(client, walk_in)
    application.office = fukuoka
    application.save()
    assert client.get(f"{CHANGELIST}{application.pk}/registered/").status_code == 404


def test_opening_the_page_is_audited(client, staff, walk_in):
    application = registered(client, walk_in)
    client.get(f"{CHANGELIST}{application.pk}/registered/")
    assert AuditRecord.objects.filter(
        application=application, action=AuditRecord.Action.VIEW
    ).exists()


# -- 住所検索 -----------------------------------------------------------------------------------


def test_the_counter_form_has_the_address_search_the_script_uses(client, staff):
    page = client.get(ADD).content.decode()
    button = re.search(r'<button type="submit" name="address_lookup"[^>]*>住所検索</button>', page)
    assert button
    assert 'data-lookup="/mypage/postal/"' in button[0]
    assert 'data-lookup-prefix=""' in button[0]
    assert 'aria-describedby="address-lookup-status"' in button[0]
    assert 'id="address-lookup-status" role="status"' in page
    assert '<script src="/static/js/lookup.js" defer></script>' in page


def test_enter_in_a_box_saves_and_never_runs_the_address_search(client, staff, oguchi):
    # A form's Enter presses its first submit button: a hidden save, before 住所検索.
    application = make_application(oguchi, 43, status=Status.ACCEPTED)
    for url, name in [(ADD, "_save"), (f"{CHANGELIST}{application.pk}/change/", "_continue")]:
        page = client.get(url).content.decode()
        form = page[page.index('id="application_form"') :]
        first_button = re.search(r'<(?:button|input) type="submit"[^>]*>', form)[0]
        assert f'name="{name}"' in first_button and "hidden" in first_button


def test_the_endpoint_answers_a_clerk(client, staff):
    response = client.get("/mypage/postal/", {"code": "895-2511"})
    assert response.json()["address"] == {"prefecture": "鹿児島県", "city": "伊佐市大口里"}


def test_without_the_script_the_search_fills_the_address_and_saves_nothing(client, staff, walk_in):
    data = {**walk_in, "postal_code": "８９５２５１１", "prefecture": "", "city": "", "street": ""}
    response = client.post(ADD, {**data, "address_lookup": "1"})
    assert response.status_code == 200
    assert not Application.objects.filter(family_name="伊佐").exists()
    page = response.content.decode()
    assert re.search(r'<input[^>]*name="prefecture"[^>]*value="鹿児島県"', page)
    assert re.search(r'<input[^>]*name="city"[^>]*value="伊佐市大口里"', page)
    # What was typed stays, nothing is marked wrong, and typing goes on at 番地.
    assert re.search(r'<input[^>]*name="family_name"[^>]*value="伊佐"', page)
    assert "errornote" not in page and "errorlist" not in page
    assert "住所を入力しました。番地と建物名・部屋番号を続けて入力してください。" in page
    assert re.search(r'<input[^>]*name="street"[^>]*autofocus', page)


def test_without_the_script_an_unknown_code_says_so_at_the_code(client, staff, walk_in):
    response = client.post(ADD, {**walk_in, "postal_code": "000-0000", "address_lookup": "1"})
    page = response.content.decode()
    assert "郵便番号に当てはまる住所が見つかりませんでした。" in page
    assert re.search(r'<input[^>]*name="postal_code"[^>]*autofocus', page)
    assert re.search(r'<input[^>]*name="city"[^>]*value="伊佐市大口里"', page)


def test_the_search_works_on_a_records_page_too_and_changes_nothing(client, staff, oguchi, walk_in):
    application = make_application(oguchi, 41)
    url = f"{CHANGELIST}{application.pk}/change/"
    data = change_data(application, postal_code="892-0816", city="")
    response = client.post(url, {**data, "address_lookup": "1"})
    assert response.status_code == 200
    assert re.search(
        r'<input[^>]*name="city"[^>]*value="鹿児島市山下町"', response.content.decode()
    )
    application.refresh_from_db()
    assert (application.postal_code, application.city) == ("895-2511", "伊佐市大口里")

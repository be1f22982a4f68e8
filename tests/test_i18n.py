"""English for the job seeker (issue #5 item 4): every page and mail in English, and the switch.

Japanese stays the default, even for a phone set to English; the switch in the header changes
the language, keeps the page and what was typed in it, and is remembered by Django's cookie.
"""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from accounts.models import User
from hellowork.language import TYPED_INPUT
from jobseeker.models import Application, ApplicationDraft, Office

from .conftest import PASSWORD, request_key
from .factories import make_fukuoka_office
from .pages import PAGES, open_page
from .wizard_helpers import FLYER_ANSWERS, STEP_NAMES, complete_steps, post_step, step_url

pytestmark = pytest.mark.django_db

# Kana, kanji, and Japanese punctuation and full-width forms (the ideographic space is only a
# space, and collapses with the others).
JAPANESE = re.compile(r"[\u3001-\u303f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uffef]+")
# What an English page may still show in Japanese, and why.
ALLOWED = [
    # Terms the counter and its papers use, in parentheses after the English words.
    "求職番号",
    "求職申込み",
    "利用登録者",
    "オンライン登録者",
    # What people see elsewhere: the brackets a pasted key may carry, the keyboard's input
    # mode, and the 円 and 万 a wage may be typed with.
    "【】",
    "英数",
    "“円”",
    "“20万”",
    # The switch back, in its own language.
    "日本語",
    # Two of the tabs' marks (site.css draws the same in every language), in the legend that
    # explains them.
    "！",
    "－",
]
# What the tests type (tests/wizard_helpers.py, tests/pages.py, tests/factories.py), which
# is shown back as typed or as converted.
TYPED = [
    "あ" * 501,
    "たくさん",
    "７６８－１",
    "伊佐市大口里",
    "鹿児島県",
    "正社員",
    "機械組立作業",
    "大口ハイツ１０１",  # the building added by the correction of tests/pages.py
    "おおくち",
    "オオクチ",
    "ﾀﾛｳ",
    "タロウ",
    "大口",
    "太郎",
    "１９９０",
    "ｐａｓｓ",
]
ENGLISH_PAGES = [page for page in PAGES if not page.staff]


class VisibleText(HTMLParser):
    """The text a person sees or hears: text nodes, the labels of elements, and the data-
    attributes the script shows (the password rules, the character counter); no scripts."""

    SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden_depth += 1
        self.parts += [
            value
            for name, value in attrs
            if value and (name in self.SPOKEN_ATTRIBUTES or name.startswith("data-"))
        ]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden_depth -= 1

    def handle_data(self, data):
        if not self._hidden_depth:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


def japanese_left(text: str, office: Office) -> list[str]:
    """Japanese in `text` beyond what is typed, allowed, or the office's own address."""
    for allowed in [*TYPED, *ALLOWED, office.address]:
        text = text.replace(allowed, " ")
    return [
        text[max(match.start() - 30, 0) : match.end() + 30] for match in JAPANESE.finditer(text)
    ]


def in_english(msgid: str) -> str:
    with translation.override("en"):
        return translation.gettext(msgid)


@pytest.fixture
def english(client):
    """A browser whose user chose English with the switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# -- every page and every mail -----------------------------------------------------------------


@pytest.mark.parametrize("page", ENGLISH_PAGES, ids=[page.name for page in ENGLISH_PAGES])
def test_every_job_seeker_page_is_all_english(english, oguchi, page):
    """Nothing Japanese is left on an English page but the allowed terms, the office's
    address and what the user typed: a string missing from the catalogue fails here."""
    response = open_page(english, page, label=in_english)
    assert response.status_code == page.status
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert japanese_left(VisibleText.of(html), oguchi) == []


def test_english_marks_optional_and_required_in_words_not_asterisks(english, alice):
    english.force_login(alice)
    page = english.get(step_url("basic")).content.decode()
    assert "(required)" in page and "(optional)" in page
    assert "* Optional" not in page and "* Required" not in page


def test_english_tabs_name_each_step_with_a_word_of_its_own(english, alice):
    """The old "Job", "Work" and "About" read alike: the desired job, the work history and
    the self-PR each have a word no other tab could mean."""
    english.force_login(alice)
    page = english.get(step_url("basic")).content.decode()
    titles = ["Basic", "Share", "Job", "Place", "Study", "Career", "Intro", "Check"]
    assert re.findall(r"<b>\d</b> (\w+) <span>", page) == titles


def test_english_mypage_writes_dates_one_way_and_words_its_links_alike(english, alice, oguchi):
    english.force_login(alice)
    complete_steps(english)
    Application.objects.filter(user=alice).update(valid_until="2027-01-31")
    page = english.get("/mypage/").content.decode()
    assert "31 January 2027" in page
    assert "Change your password" in page and "Change your email address" in page


def _key_from(message) -> str:
    lines = message.body.splitlines()
    return lines[lines.index(in_english("認証キー：")) + 1]


def test_every_mail_is_all_english(english, alice, oguchi, django_capture_on_commit_callbacks):
    """The seven mails a job seeker can receive, sent from English pages, are in English."""
    request_key(english, "taro@example.jp")  # アカウント仮登録完了通知
    request_key(english, alice.email)  # the address has an account already
    english.post("/account/password/reset/", {"email": alice.email})
    english.force_login(alice)
    User.objects.create_user(email="hanako@example.jp", password=PASSWORD)
    for address in ("hanako@example.jp", "alice.new@example.jp"):  # taken, then free
        english.post(
            "/account/email/change/",
            {"email": address, "email_confirm": address, "password": PASSWORD},
        )
    english.post("/account/email/change/confirm/", {"auth_key": _key_from(mail.outbox[-1])})
    with django_capture_on_commit_callbacks(execute=True):
        complete_steps(english)

    assert len({message.subject for message in mail.outbox}) == 7
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert japanese_left(text, oguchi) == [], message.subject
        # The sender's name too: a mail client shows it first.
        assert message.from_email == "Hello Work Oguchi <no-reply@example.jp>", message.subject


def test_japanese_mails_come_from_the_configured_sender(client, oguchi):
    request_key(client, "taro@example.jp")
    assert mail.outbox[-1].from_email == settings.DEFAULT_FROM_EMAIL


# -- Japanese unless chosen ---------------------------------------------------------------------


def test_a_phone_set_to_english_still_gets_japanese(client, oguchi):
    """Many residents of Japan use English phones and expect the Japanese service."""
    response = client.get("/account/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ja"' in response.content.decode()
    assert "マイページを開設して求職申込み" in response.content.decode()
    assert response["Content-Language"] == "ja"


def test_the_chosen_language_is_remembered(client, oguchi):
    response = client.post("/language/?next=/help/", {"language": "en"})
    assert response.status_code == 302 and response.url == "/help/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 300  # not only for this browser session
    for url in ("/help/", "/account/", "/account/signup/"):
        page = client.get(url).content.decode()
        assert '<html lang="en"' in page
    assert "Questions and answers" in client.get("/help/").content.decode()

    client.post("/language/?next=/help/", {"language": "ja"})
    assert "よくある質問" in client.get("/help/").content.decode()


def test_english_never_leaks_into_the_next_request(english, oguchi):
    """The language is set per request: the next one without the cookie is Japanese again."""
    english.get("/help/")
    assert translation.get_language() == "ja"
    english.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert '<html lang="ja"' in english.get("/help/").content.decode()


# -- the switch ---------------------------------------------------------------------------------


def test_the_switch_offers_the_other_language_and_posts_the_pages_form(client):
    japanese_page = client.get("/account/signup/").content.decode()
    button = re.search(r'<button [^>]*name="language"[^>]*>([^<]*)</button>', japanese_page)
    assert button.group(1) == "English"
    assert 'form="page-form"' in button.group(0)
    assert 'formaction="/language/?next=/account/signup/"' in button.group(0)
    assert '<form method="post" novalidate id="page-form">' in japanese_page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    help_page = client.get("/help/").content.decode()
    button = re.search(r'<button [^>]*name="language"[^>]*>([^<]*)</button>', help_page)
    assert button.group(1) == "日本語"
    assert 'form="language-switch"' in button.group(0)  # no form on the page: its own


def test_switching_on_the_signup_page_keeps_the_typed_address(client):
    typed = "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"
    response = client.post(
        "/language/?next=/account/signup/",
        {"email": typed, "email_confirm": "taro@example", "agree": "on", "language": "en"},
    )
    assert response.url == "/account/signup/"

    page = client.get("/account/signup/").content.decode()
    assert "Job Seeker My Page account registration" in page
    assert f'value="{typed}"' in page
    assert 'value="taro@example"' in page
    assert re.search(r'<input type="checkbox" name="agree"[^>]* checked', page)
    assert "error-summary" not in page  # nothing was submitted yet
    # Once: a later visit starts empty.
    assert typed not in client.get("/account/signup/").content.decode()


def test_switching_on_the_login_page_keeps_the_address_but_not_the_password(client):
    client.post(
        "/language/?next=/account/login/",
        {"username": "taro@example.jp", "password": PASSWORD, "next": "", "language": "en"},
    )
    page = client.get("/account/login/").content.decode()
    assert "Log in to Job Seeker My Page" in page
    assert 'value="taro@example.jp"' in page
    assert PASSWORD not in page


def test_switching_never_keeps_or_shows_a_password_or_a_key(client):
    """Secrets stay out of the session: a password, and a 認証キー (pasted again in seconds)."""
    request_key(client)
    client.post(
        "/language/?next=/account/signup/password/",
        {
            "password1": PASSWORD,
            "password2": PASSWORD,
            "auth_key": "【ABCD234567】",
            "language": "en",
        },
    )
    assert PASSWORD not in str(dict(client.session))
    assert "ABCD234567" not in str(dict(client.session))

    page = client.get("/account/signup/password/").content.decode()
    assert "Register a password" in page
    assert "ABCD234567" not in page
    assert PASSWORD not in page


def test_switching_keeps_a_bounded_amount_of_input_in_an_anonymous_session(client):
    """A script posting to the switch cannot fill the session store: a few values per name,
    each cut to the length a person types, and about 16 KB in all."""
    flood = {"boxes": ["a"] * 50, **{f"field{i}": ["x" * 5000] * 3 for i in range(100)}}
    client.post("/language/?next=/account/signup/", {**flood, "language": "en"})
    kept = client.session[TYPED_INPUT]["data"]
    assert kept["boxes"] == ["a"] * 20
    assert kept["field0"] == ["x" * 2000] * 3
    assert sum(len(name) + len("".join(values)) for name, values in kept.items()) <= 16 * 1024
    assert len(kept) < 10


def switch_on_step(client, step: str, answers: dict, language: str = "en"):
    """Presses the header's language switch on `step`'s page: it posts the step's form to the
    step (test_the_switch_on_a_wizard_step_posts_the_steps_form_to_the_step)."""
    data = {f"{step}-{name}": value for name, value in answers.items()}
    data.update({"application_wizard-current_step": step, "language": language})
    return client.post(step_url(step), data)


def test_the_switch_on_a_wizard_step_posts_the_steps_form_to_the_step(client, alice):
    client.force_login(alice)
    page = client.get(step_url("basic")).content.decode()
    button = re.search(r'<button [^>]*name="language"[^>]*>([^<]*)</button>', page)
    assert button.group(1) == "English"
    assert 'value="en"' in button.group(0)
    assert 'form="page-form"' in button.group(0)
    assert f'formaction="{step_url("basic")}"' in button.group(0)
    assert f'<form method="post" action="{step_url("basic")}"' in page


def test_switching_on_the_last_step_never_submits_the_application(client, alice, oguchi):
    """The switch on 7 自己PR saves the step and shows it again: no 求職番号, no mail, the typed
    text kept."""
    client.force_login(alice)
    complete_steps(client, up_to="career")
    mail.outbox.clear()
    response = switch_on_step(client, "pr", {"self_pr": "几帳面です"})
    assert response.url == step_url("pr")
    assert not Application.objects.filter(user=alice).exists()
    assert mail.outbox == []
    assert ApplicationDraft.objects.get(user=alice).data["step_data"]["pr"]["pr-self_pr"] == [
        "几帳面です"
    ]
    assert "几帳面です" in client.get(step_url("pr")).content.decode()


def test_switching_on_a_wizard_step_saves_it_as_a_tab_would(client, alice):
    client.force_login(alice)
    answers = {**FLYER_ANSWERS["basic"], "family_name": "大口", "postal_code": "89525"}
    response = switch_on_step(client, "basic", answers)  # 89525: not valid yet
    assert response.status_code == 302 and response.url == step_url("basic")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    stored = ApplicationDraft.objects.get(user=alice).data["step_data"]["basic"]
    assert stored["basic-postal_code"] == ["89525"]

    page = client.get(step_url("basic")).content.decode()
    assert "1 Basic information" in page
    assert 'value="大口"' in page and 'value="89525"' in page
    assert "error-summary" not in page  # a switch is not a press of Next


def test_switching_on_a_step_with_errors_shows_the_same_errors_in_the_new_language(client, alice):
    """The errors a step showed before the switch are still there after it, in English: the
    tab still says ！, and the person must see what to fix (QA of #14, finding 2)."""
    client.force_login(alice)
    post_step(client, "basic", {"family_name": "大口"})  # 次へ進む: the step shows its errors
    before = client.get(step_url("basic")).content.decode()
    assert "error-summary" in before
    fields_in_error = before.count('aria-invalid="true"')

    switch_on_step(client, "basic", {"family_name": "大口"})
    page = client.get(step_url("basic")).content.decode()
    assert 'value="大口"' in page and "1 Basic information" in page
    assert "error-summary" in page
    assert "Please check what you entered" in page and "入力内容を確認" not in page
    assert page.count('aria-invalid="true"') == fields_in_error
    # And the same on the next visit: a switch changes the language, not what the step shows.
    assert client.get(step_url("basic")).content.decode().count('aria-invalid="true"') == (
        fields_in_error
    )


def test_switching_on_a_step_never_checked_shows_no_errors_after_it(client, alice):
    client.force_login(alice)
    switch_on_step(client, "basic", {"family_name": "大口"})
    page = client.get(step_url("basic")).content.decode()
    assert 'value="大口"' in page
    assert "error-summary" not in page and 'aria-invalid="true"' not in page


def test_a_switch_that_emptied_the_password_and_key_asks_to_type_them_again(client):
    request_key(client)
    client.post(
        "/language/?next=/account/signup/password/",
        {"password1": "Hello-work7", "password2": "Hello-work7", "auth_key": "ABCDEFGHJK",
         "language": "en"},
    )  # fmt: skip
    page = client.get("/account/signup/password/").content.decode()
    assert "Please enter your password and verification key again." in page


def page_messages(client) -> list:
    return list(client.get("/account/signup/password/").context["messages"])


def test_a_switch_with_nothing_secret_typed_asks_for_nothing_again(client):
    request_key(client)
    client.post(
        "/language/?next=/account/signup/password/",
        {"password1": "", "password2": "", "auth_key": "", "language": "en"},
    )
    assert page_messages(client) == []


def test_switching_on_a_later_step_stays_on_that_step(client, alice):
    client.force_login(alice)
    complete_steps(client, up_to="disclosure")
    step = STEP_NAMES[2]
    response = switch_on_step(client, step, {"employment_type": "part_time"})
    assert response.url == step_url(step)
    page = client.get(step_url(step)).content.decode()
    assert re.search(r'<input [^>]*value="part_time"[^>]* checked', page)


def test_switching_on_a_step_after_logging_out_elsewhere_keeps_nothing_in_the_session(client):
    """The answers belong in the account's draft; without an account they are not kept. The
    login page comes in the language chosen."""
    response = switch_on_step(client, "basic", {"family_name": "大口"})
    assert response.url.startswith("/account/login/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "大口" not in str(dict(client.session))
    assert '<html lang="en"' in client.get(response.url).content.decode()


def test_a_step_refuses_a_language_it_does_not_offer_and_keeps_nothing(client, alice):
    client.force_login(alice)
    post_step(client, "basic", {"family_name": "大口"}, wizard_goto_step="basic")
    response = switch_on_step(client, "basic", {"family_name": "偽"}, language="fr")
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    stored = ApplicationDraft.objects.get(user=alice).data["step_data"]["basic"]
    assert stored["basic-family_name"] == ["大口"]


def test_the_switch_never_sends_to_another_site(client):
    for foreign in ("https://evil.example/", "//evil.example/", "https:evil.example"):
        response = client.post(f"/language/?next={foreign}", {"language": "en"})
        assert response.status_code == 302
        assert response.url == "/"


def test_the_switch_refuses_an_unknown_language_and_a_get(client):
    assert client.post("/language/?next=/", {"language": "fr"}).status_code == 400
    assert client.get("/language/?next=/").status_code == 405


def test_the_switch_needs_the_pages_csrf_token(client):
    client.handler.enforce_csrf_checks = True
    assert client.post("/language/?next=/", {"language": "en"}).status_code == 403


# -- the office in English ----------------------------------------------------------------------


def test_english_pages_name_the_office_in_english_with_its_japanese_address(english, oguchi):
    page = english.get("/office/access/").content.decode()
    assert "Hello Work Oguchi" in page
    assert "768-1 Oguchisato, Isa-shi, Kagoshima 895-2511 (鹿児島県伊佐市大口里768-1)" in page
    assert "Weekdays 8:30" in page


def test_an_office_without_english_values_is_shown_in_japanese(db):
    fukuoka = make_fukuoka_office()
    with translation.override("en"):
        assert fukuoka.display_name == "ハローワーク福岡中央"
        assert fukuoka.display_address == "〒810-8609 福岡県福岡市中央区赤坂1-6-19"


# -- the catalogue ------------------------------------------------------------------------------

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)|%%|\{\w+\}|</?\w+")


def test_the_catalogue_is_translated_with_the_same_placeholders():
    catalogue = polib.pofile(str(CATALOGUE))
    assert not catalogue.fuzzy_entries() and not catalogue.untranslated_entries()
    for entry in catalogue:
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), entry.msgid


def test_compiling_writes_each_catalogue_once(settings, tmp_path):
    """No GNU gettext needed; a second run (every bin/test) leaves the file alone."""
    copy = tmp_path / "en" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(CATALOGUE.read_bytes())
    settings.LOCALE_PATHS = [tmp_path]
    out = StringIO()
    call_command("compiletranslations", stdout=out)
    compiled = copy.with_suffix(".mo")
    assert compiled.read_bytes() == polib.pofile(str(copy)).to_binary()
    written = compiled.stat().st_mtime_ns
    out = StringIO()
    call_command("compiletranslations", stdout=out)
    assert out.getvalue() == "" and compiled.stat().st_mtime_ns == written


def test_the_compiled_catalogue_is_the_current_one():
    """bin/test and bin/run compile it (manage.py compiletranslations) before anything runs."""
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "run `manage.py compiletranslations`"
    assert compiled.read_bytes() == polib.pofile(str(CATALOGUE)).to_binary()

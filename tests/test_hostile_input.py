"""Hostile input into every field of every form: a message next to the field, or stored and shown
escaped; never a server error (issue #6 item 6).

The corpus (more than 1,000 strings) goes through every field of every form class directly,
which is fast; a slice with every kind of input goes through HTTP into every step of the
求職申込み and the account pages. Lone surrogates cannot travel over HTTP as text: a browser or
an attacker can only send them as percent-encoded invalid UTF-8, which is tested too.
PostgreSQL refuses NUL in text and in jsonb, so NUL must never reach a query or a draft.
"""

import html
import itertools
import json
import re
import unicodedata
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django import forms
from django.conf import settings as django_settings
from django.test import Client
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import deletion, email_change, login, password, signup
from accounts.models import User
from jobseeker.counter_link.forms import CounterAccountForm
from jobseeker.draft_limits import step_limits
from jobseeker.forms import STEPS
from jobseeker.models import Application, ApplicationDraft

from .conftest import PASSWORD
from .wizard_helpers import (
    CONFIRM_URL,
    FLYER_ANSWERS,
    STEP_NAMES,
    complete_steps,
    post_step,
    send_from_confirm,
    step_url,
)

# -- the corpus ---------------------------------------------------------------------------------

# One representative of each kind of hostile input, by kind (the HTTP slice uses these).
KINDS = {
    "very long": "あ" * 5000,
    "very long ascii": "A" * 100_000,
    "control characters": "山田\x01\x02\x07\x08\x0b\x0c\x1b[31m\x7f\x85太郎",
    "newlines and header injection": "太郎\r\nBcc: victim@example.jp\r\n\r\nX",
    "NUL byte": "山田\x00太郎",
    "only NUL": "\x00",
    "emoji": "😀🎉👍🏽",
    "emoji ZWJ sequence": "👨‍👩‍👧‍👦👩🏻‍💻🏳️‍🌈",
    "flags and keycaps": "🇯🇵1️⃣#️⃣",
    "mixed scripts": "Ｙａｍａ田ﾀﾛｳたろうТаро타로تارو",
    "homoglyphs": "аlice@exаmple.jp",  # Cyrillic а
    "RTL override": "\u202eoj.elpmaxe@eciла\u202c",
    "bidi isolates": "\u2066太郎\u2069\u200f\u200e",
    "zero width": "太\u200b郎\ufeff\u200c\u200d",
    "HTML and script": "<script>alert(1)</script>",
    "attribute breakout": "\"><img src=x onerror=alert(1)>'",
    "template syntax": "{{ 7|add:7 }}{% debug %}${7*7}#{7}",
    "SQL": "' OR '1'='1'; DROP TABLE accounts_user; --",
    "SQL wildcards": "%_\\%\\_",
    "format strings": "%s%d%(email)s{0}{email}%n",
    "lone surrogate": "\ud800太郎\udfff",
    "full and half width": "１２３ー４５６７ＡＢＣａｂｃｶﾀｶﾅｰ〒８９５－２５１１",
    "combining characters": "e\u0301か\u3099Z\u0334\u0321\u032a\u0344a\u0337l\u0334g\u0337o\u0338",
    "many combining marks": "a" + "\u0301" * 500,
    "whitespace only": " \u3000\t\u00a0\u2003",
    "non-characters": "\ufffe\uffff\ufdd0\U0010ffff",
    "numbers out of range": "99999999999999999999999999999999",
    "strange digits": "١٢٣٤ ²³ Ⅻ 𝟙𝟚𝟛",
    "float notations": "1e309 NaN -Infinity 0x1F",
    "path traversal": "../../../../etc/passwd\\..\\",
    "spreadsheet formula": '=HYPERLINK("http://evil.example")',
    "replacement character": "\ufffd\ufffd",
}

_WRAPPERS = (
    lambda v: v,
    lambda v: v * 3,
    lambda v: f"山田{v}",
    lambda v: f"{v}太郎",
    lambda v: f"taro{v}@example.jp",
    lambda v: f"【{v}】",
    lambda v: f"090-{v}-5678",
    lambda v: f"1990{v}",
    lambda v: v[: max(1, len(v) // 2)],
    lambda v: unicodedata.normalize("NFKD", v),
    lambda v: v.upper(),
    lambda v: f" {v} ",
)
_SINGLE_CHARACTERS = [chr(c) for c in range(0x00, 0x21)] + [
    "\x7f",
    "\x85",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u3000",
    "\ufeff",
    "\ud800",
    "\udbff",
    "\udc00",
    "\U0001f600",
    "\U000e0001",
    "＜",
    "＞",
    "＆",
    "＂",
    "＇",
    "<",
    ">",
    "&",
    '"',
    "'",
    "`",
    "\\",
    "¥",
]


def corpus() -> list[str]:
    """More than 1,000 distinct hostile strings, the same on every run."""
    values = {wrap(value) for value in KINDS.values() if len(value) < 1000 for wrap in _WRAPPERS}
    # Very long values once as they are and once after a valid start: converting a hundred
    # thousand characters twelve ways would only make the test slow.
    values |= {v for value in KINDS.values() if len(value) >= 1000 for v in (value, f"山田{value}")}
    values |= set(_SINGLE_CHARACTERS)
    values |= {f"{a}{b}" for a, b in itertools.product(_SINGLE_CHARACTERS[33:], repeat=2)}
    values |= {"\x00" * n for n in (2, 100)} | {"0" * n for n in (4, 400, 4000)}
    return sorted(values)


CORPUS = corpus()


@pytest.mark.django_db
def test_no_kind_of_hostile_input_is_silently_emptied_from_a_required_box():
    """Whatever is typed into 氏名（姓）, the form keeps something visible of it or says why not:
    a normalisation that threw input away would pass every "no server error" check above."""
    for kind, value in KINDS.items():
        if not any(unicodedata.category(c)[0] in "LN" for c in value):
            continue  # nothing visible to keep (spaces, NUL, control characters only)
        answers = {**FLYER_ANSWERS["basic"], "family_name": value}
        form = STEPS["basic"]({f"basic-{k}": v for k, v in answers.items()}, prefix="basic")
        form.is_valid()
        kept = form.cleaned_data.get("family_name", "")
        assert form.errors.get("family_name") or kept.strip(), kind


# -- every field of every form, directly ----------------------------------------------------------


def is_clean_text(value) -> bool:
    """Storable in PostgreSQL: no NUL, no lone surrogate (UTF-8 cannot encode one)."""
    if isinstance(value, str):
        return "\x00" not in value and all(not 0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, list | tuple):
        return all(is_clean_text(item) for item in value)
    if isinstance(value, dict):
        return all(is_clean_text(k) and is_clean_text(v) for k, v in value.items())
    return True


def bound_data(form_class, value: str, kwargs: dict) -> MultiValueDict:
    """`value` typed into every box of the form, as a browser would post it."""
    form = form_class(**kwargs)
    data = MultiValueDict()
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix in widget.widgets_names:
                data[html_name + suffix] = value
        elif isinstance(field, forms.MultipleChoiceField):
            data.setlist(html_name, [value, value])
        else:
            data[html_name] = value
    return data


@pytest.fixture
def fast_hashing(settings):
    """Login forms hash even for unknown addresses; the input is under test, not the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def form_specs(db, fast_hashing) -> list[tuple[type, dict]]:
    """Every form a person or staff member types into, with what it needs to be built."""
    user = User.objects.create_user(email="alice@example.jp", password=PASSWORD)
    specs = [(form, {"prefix": step}) for step, form in STEPS.items()]
    specs += [
        (signup.SignupForm, {}),
        (signup.AccountPasswordForm, {}),
        (signup.AccountPasswordForm, {"email": "taro@example.jp"}),
        (login.LoginForm, {}),
        (login.StaffLoginForm, {}),
        (password.PasswordResetForm, {}),
        (password.SetPasswordForm, {"user": user}),
        (password.PasswordChangeForm, {"user": user}),
        (email_change.EmailChangeForm, {"user": user}),
        (email_change.EmailChangeConfirmForm, {}),
        (CounterAccountForm, {}),
        (deletion.AccountDeletionForm, {"user": user, "client": "127.0.0.1"}),
    ]
    return specs


def check_form(form_class, kwargs: dict, value: str) -> None:
    data = bound_data(form_class, value, kwargs)
    form = form_class(data=data, **kwargs)
    valid = form.is_valid()
    # Every message can be shown: its parameters fit its text.
    messages = [str(message) for errors in form.errors.values() for message in errors]
    assert all(messages), (form_class.__name__, value)
    if valid:
        assert is_clean_text(form.cleaned_data), (form_class.__name__, value)
    else:
        # Not valid without errors: only the soft 未入力 notice of steps 3–4 (names, no error).
        assert form.errors or form.unconfirmed_empty_labels, (form_class.__name__, value)
        assert is_clean_text({k: v for k, v in form.cleaned_data.items()}), (
            form_class.__name__,
            value,
        )


@pytest.mark.django_db
def test_every_hostile_input_in_every_field_of_every_form_gives_a_message_or_clean_text(
    form_specs,
):
    for value in CORPUS:
        for form_class, kwargs in form_specs:
            check_form(form_class, kwargs, value)


@pytest.mark.django_db
def test_each_kind_of_hostile_input_alone_in_one_field_among_valid_answers(fast_hashing):
    """The cross-field rules see a hostile value next to valid ones, field by field."""
    for step, form_class in STEPS.items():
        valid = {f"{step}-{name}": value for name, value in FLYER_ANSWERS[step].items()}
        names = list(bound_data(form_class, "x", {"prefix": step}))
        for name, value in itertools.product(names, KINDS.values()):
            data = MultiValueDict(
                {key: v if isinstance(v, list) else [v] for key, v in valid.items()}
            )
            data.setlist(name, [value])
            form = form_class(data=data, prefix=step)
            if form.is_valid():
                assert is_clean_text(form.cleaned_data), (step, name, value)
            else:
                assert all(str(m) for errors in form.errors.values() for m in errors)


@pytest.mark.django_db
@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    step=st.sampled_from(STEP_NAMES),
    value=st.text(st.characters(exclude_categories=()), max_size=60),
)
def test_any_text_in_every_field_of_a_step_is_handled(step, value):
    check_form(STEPS[step], {"prefix": step}, value)


# -- through HTTP ---------------------------------------------------------------------------------


def shown(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_escaped(page: str, value: str) -> None:
    """Markup typed by the user never reaches the page as markup."""
    for markup in ("<script>alert(1)", "<img src=x onerror"):
        if markup in value:
            assert markup not in page


@pytest.fixture
def applicant(db, oguchi, fast_hashing) -> Client:
    """A logged-in job seeker who has gone through the first six steps with valid answers."""
    user = User.objects.create_user(email="taro@example.jp", password=PASSWORD)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    complete_steps(client, up_to="career")
    return client


def sendable(value: str) -> bool:
    """Whether HTTP can carry `value` as text: not a lone surrogate (see the raw tests below)."""
    return is_clean_text(value.replace("\x00", ""))


HTTP_KINDS = {kind: value for kind, value in KINDS.items() if sendable(value)}


@pytest.mark.parametrize("kind", HTTP_KINDS)
def test_hostile_input_in_every_field_of_every_step_is_kept_and_shown_escaped(kind, applicant):
    value = HTTP_KINDS[kind]
    user = User.objects.get(email="taro@example.jp")
    # Last step first: a step with errors makes the steps after it unreachable.
    for step in reversed(STEP_NAMES):
        data = {}
        for key, posted in bound_data(STEPS[step], value, {"prefix": step}).lists():
            data[key.removeprefix(f"{step}-")] = posted if len(posted) > 1 else posted[0]
        before = ApplicationDraft.objects.get(user=user).data["step_data"].get(step)
        response = post_step(applicant, step, data)
        assert response.status_code == 302, (step, response.status_code)
        page = shown(applicant.get(step_url(step)))
        assert_escaped(page, value)
        stored = ApplicationDraft.objects.get(user=user).data["step_data"].get(step)
        if "入力内容が大きすぎるため" in page:
            # A body over DRAFT_MAX_REQUEST_BYTES (test_draft_limits.py): nothing is saved.
            values = sum(len(posted) if isinstance(posted, list) else 1 for posted in data.values())
            assert len(value.encode()) * values > django_settings.DRAFT_MAX_REQUEST_BYTES
            assert stored == before, step
            continue
        assert is_clean_text(stored)
        # No step registers anything (that is 登録内容の確認's button), so what was typed is
        # kept as typed (the next visit shows it again), up to twice its field's limit.
        if "\x00" not in value and is_clean_text(value):
            some_field = next(iter(stored))
            kept = value[: step_limits(step)[some_field].length]
            assert kept in stored[some_field], (step, some_field)
    assert shown(applicant.get("/mypage/"))


# Values every free-text field of the flyer's answers accepts, to be stored and shown again.
STORED_KINDS = {
    "markup": "<script>alert(1)</script>",
    "attribute breakout": '"><img src=x onerror=alert(1)>',
    "SQL": "' OR '1'='1'; --",
    "emoji ZWJ sequence": "👨‍👩‍👧‍👦",
    "RTL override": "\u202e大口\u202c",
    "combining characters": "か\u3099Z\u0334a\u0337",
    "template syntax": "{{ 7|add:7 }}{% debug %}",
}


@pytest.mark.parametrize("kind", STORED_KINDS)
def test_a_hostile_name_is_registered_and_shown_escaped_to_applicant_and_staff(
    kind, applicant, staff
):
    value = STORED_KINDS[kind]
    answers = {**FLYER_ANSWERS["basic"], "family_name": value, "building": value}
    assert post_step(applicant, "basic", answers).status_code == 302
    pr = post_step(applicant, "pr", {"self_pr": value})
    assert pr.url == CONFIRM_URL, shown(applicant.get(step_url("basic")))
    # 登録内容の確認 shows every answer before it is sent: escaped there too.
    confirm = shown(applicant.get(CONFIRM_URL))
    assert_escaped(confirm, value)
    assert html.escape(value, quote=False) in confirm or value in html.unescape(confirm)
    assert send_from_confirm(applicant).url == "/mypage/"

    application = Application.objects.get(user__email="taro@example.jp")
    assert application.family_name == value
    assert application.self_pr == value
    page = shown(applicant.get("/mypage/"))
    assert_escaped(page, value)
    assert html.escape(value, quote=False) in page or value in html.unescape(page)

    counter = Client(raise_request_exception=False)
    counter.force_login(staff)
    for url in (
        f"/admin/jobseeker/application/{application.pk}/change/",
        f"/admin/jobseeker/application/{application.pk}/print/",
        "/admin/jobseeker/application/",
    ):
        assert_escaped(shown(counter.get(url)), value)


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/account/signup/", ["email", "email_confirm", "agree"]),
        ("/account/login/", ["username", "password"]),
        ("/account/signup/password/", ["email", "password1", "password2", "auth_key"]),
        ("/account/password/reset/", ["email"]),
        ("/account/counter/", ["number", "birth_date_year", "birth_date_month", "birth_date_day"]),
        ("/admin/login/", ["username", "password"]),
    ],
)
@pytest.mark.django_db
def test_hostile_input_in_the_account_pages_gives_a_message(url, fields, fast_hashing):
    client = Client(raise_request_exception=False)
    for value in HTTP_KINDS.values():
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code in (200, 302), (url, value[:40], response.status_code)
        if response.status_code == 200:
            page = response.content.decode()
            assert_escaped(page, value)
            # The form says what is wrong: the site's error summary, or the admin's note.
            assert 'id="error-summary"' in page or 'class="errornote"' in page, (
                url,
                value[:40],
            )


@pytest.mark.django_db
def test_hostile_input_in_the_logged_in_account_pages_gives_a_message(
    alice, fast_hashing, settings
):
    # Every hostile value is a wrong current password: not the limit on those under test here.
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login_failure_per_address": (1000, timedelta(minutes=15)),
        "login_failure_per_client": (1000, timedelta(minutes=15)),
    }
    alice.set_password(PASSWORD)
    alice.save()
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    pages = {
        "/account/email/change/": ["email", "email_confirm", "password"],
        "/account/password/change/": ["old_password", "new_password1", "new_password2"],
    }
    for (url, fields), value in itertools.product(pages.items(), HTTP_KINDS.values()):
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code == 200, (url, value[:40], response.status_code)
        assert_escaped(response.content.decode(), value)
    session = client.session
    session["change_address"] = "alice.new@example.jp"
    session.save()
    for value in HTTP_KINDS.values():
        response = client.post("/account/email/change/confirm/", {"auth_key": value})
        assert response.status_code == 200, (value[:40], response.status_code)


@pytest.mark.django_db
def test_hostile_searches_at_the_counter_give_a_list(staff, client):
    counter = Client(raise_request_exception=False)
    counter.force_login(staff)
    for value in HTTP_KINDS.values():
        answer = counter.get("/admin/jobseeker/application/", {"q": value})
        assert answer.status_code == 200, (value[:40], answer.status_code)
        assert_escaped(answer.content.decode(), value)


# Percent-encoded invalid UTF-8: a UTF-16 surrogate encoded as UTF-8 (CESU-8), an overlong "/",
# a lone continuation byte, a truncated sequence, and a NUL.
INVALID_UTF8 = ["%ED%A0%80", "%C0%AF", "%80", "%E3%81", "%FF%FE", "%00"]


def raw_post(client, url: str, body: str):
    return client.generic(
        "POST", url, body.encode(), content_type="application/x-www-form-urlencoded"
    )


@pytest.mark.parametrize("encoded", INVALID_UTF8)
def test_invalid_utf8_in_every_step_is_kept_as_replacement_characters(encoded, applicant):
    user = User.objects.get(email="taro@example.jp")
    for step in reversed(STEP_NAMES):
        names = list(bound_data(STEPS[step], "x", {"prefix": step}))
        body = "&".join(
            [f"application_wizard-current_step={step}"]
            + [f"{name}=%E5%B1%B1{encoded}%E7%94%B0" for name in names]
        )
        response = raw_post(applicant, step_url(step), body)
        assert response.status_code == 302, (step, response.status_code)
        assert shown(applicant.get(step_url(step)))
        stored = ApplicationDraft.objects.get(user=user).data["step_data"][step]
        assert is_clean_text(stored)
        assert json.dumps(stored)
        # Each broken byte sequence becomes U+FFFD where it was; a NUL is dropped.
        decoded = unquote(f"%E5%B1%B1{encoded}%E7%94%B0", errors="replace").replace("\x00", "")
        assert re.fullmatch("山田" if encoded == "%00" else r"山\ufffd+田", decoded)
        for name in names:
            # A choice keeps no more characters than its longest choice has.
            assert stored[name] == [decoded[: step_limits(step)[name].length]], (step, name)


@pytest.mark.parametrize("encoded", INVALID_UTF8)
@pytest.mark.django_db
def test_invalid_utf8_in_the_account_pages_and_searches_gives_a_page(encoded, staff, fast_hashing):
    anonymous = Client(raise_request_exception=False)
    for url, fields in (
        ("/account/signup/", ["email", "email_confirm"]),
        ("/account/login/", ["username", "password"]),
        ("/account/signup/password/", ["email", "password1", "password2", "auth_key"]),
        ("/account/password/reset/", ["email"]),
        ("/account/counter/", ["number", "birth_date_year"]),
    ):
        body = "&".join(f"{name}=taro{encoded}%40example.jp" for name in fields)
        response = raw_post(anonymous, url, body)
        assert response.status_code == 200, (url, response.status_code)
    for url in (
        f"/account/signup/password/?address={encoded}",
        f"/account/login/?next=/mypage/{encoded}",
        f"/mypage/apply/{encoded}/",
        f"/office/{encoded}/",
    ):
        assert anonymous.get(url).status_code in (200, 302, 404), url
    counter = Client(raise_request_exception=False)
    counter.force_login(staff)
    response = counter.get(f"/admin/jobseeker/application/?q=74601{encoded}")
    assert response.status_code == 200


@pytest.mark.parametrize("kind", ["HTML and script", "NUL byte", "very long", "RTL override"])
def test_hostile_input_kept_across_a_language_switch_is_shown_escaped(kind, applicant):
    value = HTTP_KINDS[kind]
    anonymous = Client(raise_request_exception=False)
    data = {"language": "en", "email": value, "email_confirm": value}
    response = anonymous.post("/language/?next=/account/signup/", data)
    assert response.status_code == 302
    assert_escaped(shown(anonymous.get("/account/signup/")), value)

    wizard = {"language": "en", "application_wizard-current_step": "basic"}
    wizard |= {name: value for name in bound_data(STEPS["basic"], value, {"prefix": "basic"})}
    response = applicant.post(step_url("basic"), wizard)  # the switch on a step posts to it
    assert response.status_code == 302
    assert_escaped(shown(applicant.get(step_url("basic"))), value)
    stored = ApplicationDraft.objects.get(user__email="taro@example.jp").data["step_data"]
    assert is_clean_text(stored["basic"])

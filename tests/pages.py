"""Every page a job seeker can reach, in each state worth checking (fresh, with errors), once.

The page budget test (test client) and the axe scan (Chromium) open the same list, so a page
added here is measured and scanned. A page is reached in three moves:

1. `prepare(client)` puts the server in the state the page needs (an account, a key requested,
   steps saved) with a test client; the browser then takes over the client's cookies;
2. the page at `url` (or at the address `prepare` returns) is opened;
3. where `fill` is given, its values are typed into the form and the button `press` is pressed,
   as a user would: the page that answers is the one checked. `forged` drops the CSRF cookie
   before the press, so the form arrives without its CSRF token.

`FormSubmitter` (tests/form_submitter.py) is the test client's stand-in for step 3: it submits
what a browser would (the form's hidden fields, checked boxes, selected options, and the pressed
button's name).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import password_attempts
from accounts.counter_address import start_counter_address_change
from accounts.models import Passkey, SentMail, User
from jobseeker.choices import Status
from jobseeker.models import Application, CounterLinkLock, Office
from jobseeker.pages import SECTIONS

from .conftest import PASSWORD, mailed_code, request_key
from .factories import STAFF_PASSWORD, make_application, staff_of
from .form_submitter import FormSubmitter
from .wizard_helpers import (
    CONFIRM_URL,
    FLYER_ANSWERS,
    STEP_NAMES,
    complete_steps,
    post_step,
    step_url,
)

EMAIL = "taro@example.jp"
WRONG_KEY = "ABCDEFGHJK"
STOPPED_NUMBER = "74601-00000026"  # serial 2 of the demo office


@dataclass(frozen=True)
class Page:
    name: str
    url: str = ""
    prepare: Callable | None = None
    fill: dict | None = None
    press: str = ""
    forged: bool = False
    status: int = 200
    # Staff pages are scanned for accessibility but are not a job seeker's page: no 14 KB budget.
    staff: bool = False


# -- states -------------------------------------------------------------------------------------


def signed_in(client) -> None:
    client.force_login(User.objects.create_user(email=EMAIL, password=PASSWORD))


def password_entered(client) -> None:
    """A right password: the login waits for its mailed code."""
    User.objects.create_user(email=EMAIL, password=PASSWORD)
    client.post("/account/login/", {"username": EMAIL, "password": PASSWORD})


def browser_trusted(client) -> None:
    """Logged in through the code with 「このブラウザを信頼する」 ticked."""
    password_entered(client)
    client.post("/account/login/code/", {"login_code": mailed_code(), "trust_browser": "on"})


def staff_password_entered(client) -> None:
    """A 窓口職員's right password at /admin/login/: the code page waits."""
    clerk = staff_of(Office.objects.get(code="74601"), "clerk@oguchi.example.jp")
    client.post("/admin/login/", {"username": clerk.email, "password": STAFF_PASSWORD})


def key_requested(client) -> None:
    request_key(client, EMAIL)


def key_mail_in(status: str, retry_in: timedelta | None = None) -> Callable:
    """A key requested whose mail is in `status` (the key page tells each state)."""

    def prepare(client) -> None:
        key_requested(client)
        next_attempt_at = retry_in and timezone.now() + retry_in
        SentMail.objects.update(status=status, next_attempt_at=next_attempt_at)

    return prepare


def wrong_passwords_left(left: int) -> Callable:
    """Signed in, with all but `left` of the wrong passwords the limit allows used up."""

    def prepare(client) -> None:
        signed_in(client)
        limit, _ = settings.RATE_LIMITS["login_failure_per_address"]
        for _ in range(limit - left):
            password_attempts.count_failure(EMAIL, "")

    return prepare


def counter_matched(client) -> None:
    """A 求職番号 made at the counter, matched: the signup pages name it."""
    application = make_application(Office.objects.get(code="74601"), 1234567)
    response = client.post(
        "/account/counter/",
        {
            "number": application.number,
            "birth_date_year": "1990",
            "birth_date_month": "5",
            "birth_date_day": "1",
        },
    )
    assert response.status_code == 302, "the counter-made application was not matched"


def counter_link_stopped(client) -> None:
    """Online linking of STOPPED_NUMBER stopped after repeated mismatches of 生年月日."""
    CounterLinkLock.objects.create(
        number=STOPPED_NUMBER,
        failures=settings.COUNTER_LINK_MAX_FAILURES,
        locked_at=timezone.now(),
    )


def steps_done_before(step: str) -> Callable:
    def prepare(client) -> None:
        signed_in(client)
        index = STEP_NAMES.index(step)
        if index:
            complete_steps(client, up_to=STEP_NAMES[index - 1])

    return prepare


def applied(client) -> None:
    signed_in(client)
    complete_steps(client)


def seven_steps_done(client) -> None:
    """Every step done, nothing sent: 登録内容の確認 waits for 「この内容で申し込む」."""
    signed_in(client)
    complete_steps(client, send=False)


def correction_to_confirm(client) -> None:
    """Applied, then 基本情報 corrected (a building added): 確認 shows 変更前 → 変更後."""
    applied(client)
    corrected = {**FLYER_ANSWERS["basic"], "building": "大口ハイツ１０１"}
    response = post_step(client, "basic", corrected, save_changes="1")
    assert response.url == CONFIRM_URL, "the correction did not lead to 確認"


def renewal_due(client) -> None:
    """Applied, its 有効期限 today: the マイページ offers 「有効期限を延長する」 (#17 item 3)."""
    applied(client)
    Application.objects.filter(user__email=EMAIL).update(valid_until=timezone.localdate())


def accepted_at_counter(client) -> None:
    """Applied and accepted at the counter: the account can no longer be deleted online."""
    applied(client)
    Application.objects.filter(user__email=EMAIL).update(status=Status.ACCEPTED)


def expired(client) -> None:
    """Applied, and the 有効期限 has passed: the マイページ says what stopped and the way back."""
    applied(client)
    Application.objects.filter(user__email=EMAIL).update(valid_until=date(2020, 1, 31))


def with_passkeys(client) -> None:
    """Signed in, with a passkey used once and one never used (the list shows both kinds)."""
    signed_in(client)
    user = User.objects.get(email=EMAIL)
    for number, (name, last_used_at) in enumerate([("iPhone", timezone.now()), ("iPad", None)]):
        Passkey.objects.create(
            user=user,
            name=name,
            credential_id=f"credential-{number}",
            public_key=b"",
            user_handle="handle",
            last_used_at=last_used_at,
        )


def passkey_page(action: str) -> Callable:
    """The rename or delete page of the account's first passkey."""

    def prepare(client) -> str:
        with_passkeys(client)
        return f"/account/passkeys/{Passkey.objects.first().pk}/{action}/"

    return prepare


def reset_link(client) -> str:
    user = User.objects.create_user(email=EMAIL, password=PASSWORD)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/account/password/reset/{uid}/{default_token_generator.make_token(user)}/"


def address_change_requested(client) -> None:
    signed_in(client)
    response = client.post(
        "/account/email/change/",
        {"email": "hanako@example.jp", "email_confirm": "hanako@example.jp", "password": PASSWORD},
    )
    assert response.status_code == 302, "no key was sent to the new address"


def counter_change_started(client) -> str:
    """The counter started a change of EMAIL's account to a new address: the key mail's link."""
    user = User.objects.create_user(email=EMAIL, password=PASSWORD)
    start_counter_address_change(
        user=user, email="hanako@example.jp", client="", site_url="http://testserver"
    )
    link = next(word for word in mail.outbox[-1].body.split() if word.startswith("http"))
    return link.removeprefix("http://testserver")


# -- the list -----------------------------------------------------------------------------------

# What makes each step answer with errors after 次へ進む (steps 4 and 7 have no required item).
STEP_ERRORS = {
    "basic": {"basic-family_name": "", "basic-postal_code": "1234"},
    "disclosure": {},
    "preferences": {},
    "location": {"location-wage_amount": "たくさん"},
    "education": {},
    "career": {"career-job1_kind": "employed"},
    "pr": {"pr-self_pr": "あ" * 501},
}

PAGES = [
    Page("office-top", "/"),
    *(Page(f"section-{section.slug}", f"/office/{section.slug}/") for section in SECTIONS),
    Page("help", "/help/"),
    Page("flyer", "/flyer/"),
    Page("signup-start", "/account/"),
    Page("signup", "/account/signup/"),
    Page("signup-errors", "/account/signup/", fill={"email": "taro.example.jp"}, press="次へ進む"),
    Page("mynumber", "/account/signup/mynumber/"),
    Page("counter-link", "/account/counter/"),
    Page(
        "counter-link-errors",
        "/account/counter/",
        fill={"number": "74601-1234567", "birth_date_year": "1990"},
        press="次へ進む",
    ),
    Page(
        "counter-link-stopped",
        "/account/counter/",
        counter_link_stopped,
        fill={
            "number": STOPPED_NUMBER,
            "birth_date_year": "1990",
            "birth_date_month": "5",
            "birth_date_day": "1",
        },
        press="次へ進む",
    ),
    Page("signup-counter-linked", "/account/signup/", counter_matched),
    Page("key", "/account/signup/password/", key_requested),
    Page("key-mail-pending", "/account/signup/password/", key_mail_in("pending")),
    Page(
        "key-mail-retrying",
        "/account/signup/password/",
        key_mail_in("pending", retry_in=timedelta(minutes=5)),
    ),
    Page("key-mail-failed", "/account/signup/password/", key_mail_in("failed")),
    Page(
        "key-wrong",
        "/account/signup/password/",
        key_requested,
        fill={"password1": PASSWORD, "password2": PASSWORD, "auth_key": WRONG_KEY},
        press="完了",
    ),
    Page(
        "password-errors",
        "/account/signup/password/",
        key_requested,
        fill={"password1": "ｐａｓｓ", "password2": "pass", "auth_key": ""},
        press="完了",
    ),
    Page("signup-done", "/account/signup/done/", signed_in),
    Page("login", "/account/login/"),
    Page(
        "login-errors",
        "/account/login/",
        fill={"username": EMAIL, "password": "Wrong-pass1"},
        press="ログイン",
    ),
    Page("login-code", "/account/login/code/", password_entered),
    Page(
        "login-code-errors",
        "/account/login/code/",
        password_entered,
        fill={"login_code": "12345"},
        press="ログイン",
    ),
    Page("trusted-browsers", "/account/browsers/", browser_trusted),
    Page("password-reset", "/account/password/reset/"),
    Page(
        "password-reset-errors",
        "/account/password/reset/",
        fill={"email": "taro@"},
        press="再設定のメールを送信",
    ),
    Page("password-reset-sent", "/account/password/reset/sent/"),
    Page("password-reset-confirm", prepare=reset_link),
    Page(
        "password-reset-confirm-errors",
        prepare=reset_link,
        fill={"new_password1": "password", "new_password2": "passw0rd"},
        press="パスワードを設定",
    ),
    Page("password-reset-complete", "/account/password/reset/complete/", signed_in),
    *(
        page
        for step in STEP_NAMES
        for page in (
            Page(f"step-{step}", step_url(step), steps_done_before(step)),
            Page(
                f"step-{step}-errors",
                step_url(step),
                steps_done_before(step),
                fill=STEP_ERRORS[step],
                press="確認画面へ進む" if step == "pr" else "次へ進む",
            ),
        )
    ),
    Page(
        "step-location-notice",
        step_url("location"),
        steps_done_before("location"),
        fill={},
        press="次へ進む",
    ),
    Page("mypage-before-applying", "/mypage/", signed_in),
    Page("mypage", "/mypage/", applied),
    Page("mypage-expired", "/mypage/", expired),
    Page("print", "/mypage/print/", applied),
    Page("step-basic-change", step_url("basic"), applied),
    # 登録内容の確認 (#17 items 1 and 3) in each of its modes: before sending, a correction,
    # a renewal.
    Page("confirm", CONFIRM_URL, seven_steps_done),
    Page("confirm-correction", CONFIRM_URL, correction_to_confirm),
    Page("confirm-renewal", CONFIRM_URL + "?renew=1", renewal_due),
    Page("mypage-renewal-due", "/mypage/", renewal_due),
    Page("password-change", "/account/password/change/", signed_in),
    Page(
        "password-change-tries-counted-down",
        "/account/password/change/",
        wrong_passwords_left(3),
        fill={"old_password": "Wrong-pass1", "new_password1": "abc", "new_password2": "abc"},
        press="変更する",
    ),
    Page(
        "login-after-logout-for-wrong-passwords",
        "/account/password/change/",
        wrong_passwords_left(1),
        fill={"old_password": "Wrong-pass1", "new_password1": "abc", "new_password2": "abc"},
        press="変更する",
    ),
    Page(
        "password-change-errors",
        "/account/password/change/",
        signed_in,
        fill={"old_password": "Wrong-pass1", "new_password1": "abc", "new_password2": "abd"},
        press="変更する",
    ),
    Page("email-change", "/account/email/change/", signed_in),
    Page(
        "email-change-errors",
        "/account/email/change/",
        signed_in,
        fill={"email": EMAIL, "email_confirm": "taro@example.com"},
        press="認証キーを送信",
    ),
    Page("email-change-confirm", "/account/email/change/confirm/", address_change_requested),
    Page(
        "email-change-confirm-errors",
        "/account/email/change/confirm/",
        address_change_requested,
        fill={"auth_key": WRONG_KEY},
        press="変更する",
    ),
    Page("counter-address-confirm", prepare=counter_change_started),
    Page(
        "counter-address-confirm-errors",
        prepare=counter_change_started,
        fill={"auth_key": WRONG_KEY},
        press="変更する",
    ),
    Page("counter-address-done", "/account/email/office/done/"),
    Page("passkeys-none", "/account/passkeys/", signed_in),
    Page("passkeys", "/account/passkeys/", with_passkeys),
    Page("passkey-rename", prepare=passkey_page("rename")),
    Page(
        "passkey-rename-errors",
        prepare=passkey_page("rename"),
        fill={"name": ""},
        press="変更する",
    ),
    Page("passkey-delete", prepare=passkey_page("delete")),
    Page("account-delete", "/account/delete/", applied),
    Page(
        "account-delete-errors",
        "/account/delete/",
        applied,
        fill={"password": "Wrong-pass1"},
        press="アカウントを削除する",
    ),
    Page("account-delete-accepted", "/account/delete/", accepted_at_counter),
    Page("account-deleted", "/account/delete/done/"),
    Page("not-found", "/no-such-page/", status=404),
    Page("csrf-failure", "/account/login/", fill={}, press="ログイン", forged=True, status=403),
    Page(
        "csrf-failure-logged-in",
        "/account/password/change/",
        signed_in,
        fill={},
        press="変更する",
        forged=True,
        status=403,
    ),
    Page("admin-login", "/admin/login/", staff=True),
    Page("admin-login-code", "/admin/login/code/", staff_password_entered, staff=True),
]
PAGE_IDS = [page.name for page in PAGES]
assert len(set(PAGE_IDS)) == len(PAGES), "two pages share a name"


def open_page(client, page: Page, label: Callable[[str], str] = str):
    """The test client's answer for `page` (prepared, opened and, where asked, submitted).

    `label` gives the pressed button's text on the page (its translation on an English page).
    """
    url = (page.prepare and page.prepare(client)) or page.url
    # From here on the client is a browser: a POST passes only with the page's own CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.get(url, follow=True)
    if page.fill is None:
        return response
    if page.forged:
        del client.cookies[settings.CSRF_COOKIE_NAME]
    form = FormSubmitter.find(response.content.decode(), label(page.press))
    return client.post(
        form.action or response.request["PATH_INFO"], form.data(page.fill), follow=True
    )

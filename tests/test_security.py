"""Attacks a public registration form attracts, each shown to fail (issue #6 item 6).

- Brute force on the 認証キー and on logins is stopped by limits counted in the database (or in
  Redis, settings.RATE_LIMIT_STORE), so they hold whichever server process gets the guess: on
  PostgreSQL two gunicorn processes are started against the test database (SQLite's in-memory
  test database cannot be shared with them); everywhere, two devices alternate in this process.
- Session fixation: a session key an attacker planted is never the one that is logged in.
- CSRF: every URL of the site refuses a POST without a token, and changes nothing.
- One account never reads or writes another's draft or application, by URL, by a replayed form,
  by an id in a field, through the admin or through the counter-link flow.
"""

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services
from accounts.models import AuthKey, User
from accounts.views.signup import SIGNUP_LINK
from jobseeker.models import Application, ApplicationDraft

from .conftest import (
    PASSWORD,
    TEST_REDIS_URL,
    enter_mailed_code,
    log_in_with_code,
    request_key,
    sent_key,
    sent_link,
    submit_password,
)
from .factories import make_application
from .wizard_helpers import FLYER_ANSWERS, STEP_NAMES, complete_steps, post_step, step_url

BASE_DIR = Path(__file__).resolve().parent.parent
KEY_WRONG = "認証キーが正しくありません。"
KEY_BURNED = "回間違えたため、この認証キーは使えなくなりました。"
LOGIN_WRONG = "メールアドレスまたはパスワードが正しくありません。"
LOGIN_THROTTLED = "パスワードの誤りが続いたため、一時的にログインできません。"
KEY_MAX_FAILURES = settings.AUTH_KEY_MAX_FAILURES
LOGIN_MAX_FAILURES = settings.RATE_LIMITS["login_failure_per_address"][0]


def page_text(body: bytes | str) -> str:
    return html.unescape(body.decode() if isinstance(body, bytes) else body)


def wrong_key_like(key: str) -> str:
    """A well-formed key that is not `key`: same alphabet, one character changed."""
    return ("A" if key[0] != "A" else "B") + key[1:]


# -- brute force across server processes ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    address = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{password}@{address}/{db['NAME']}"


class AppServer:
    """One gunicorn process (one worker) on a loopback port, on the test database."""

    def __init__(self, log: Path, store: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            **store,
            "DATABASE_URL": database_url(),
            "SECRET_KEY": settings.SECRET_KEY,  # key and throttle digests are HMACs with it
            "DEBUG": "true",
            "DB_CONN_MAX_AGE": "0",
        }
        self.log = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers=1",
                f"--bind=127.0.0.1:{self.port}",
                "hellowork.wsgi:application",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {self.port} exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on {self.port} did not answer within {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Browser:
    """Cookies shared by every server of the site, as a phone's browser shares them."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def csrf_token(self) -> str:
        return next(c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME)

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def post_form(self, url: str, data: dict) -> tuple[str, str]:
        """Opens the page (for its CSRF cookie), posts `data`; (final URL, page text)."""
        self.get(url)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf_token()})
        # The test's own loopback servers: http only.
        request = urllib.request.Request(url, data=body.encode(), headers={"Referer": url})  # noqa: S310
        with self.opener.open(request, timeout=30) as response:
            return response.url, page_text(response.read())


def redis_answers() -> bool:
    address = urllib.parse.urlsplit(TEST_REDIS_URL)
    try:
        socket.create_connection((address.hostname, address.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["db", "redis"])
def two_servers(request, transactional_db, tmp_path):
    """Two app servers sharing the rate-limit counts in the database, or in Redis."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's test database lives in this process's memory: other server processes "
            "cannot open it. The cross-process limits are proven on PostgreSQL (CI runs both)."
        )
    store = {"RATE_LIMIT_STORE": request.param, "SESSION_STORE": request.param}
    if request.param == "redis":
        if not redis_answers():
            reason = f"Redis is not reachable at {TEST_REDIS_URL}; set TEST_REDIS_URL"
            if os.environ.get("TEST_REDIS_REQUIRED"):
                pytest.fail(reason)  # CI (.ci/run) starts Redis: a skip there would hide a failure
            pytest.skip(reason)
        # A prefix of its own: counts of an earlier run never count here.
        store |= {
            "REDIS_URL": TEST_REDIS_URL,
            "REDIS_KEY_PREFIX": f"test-security-{time.time_ns()}",
        }
    servers = [AppServer(tmp_path / f"gunicorn-{n}.log", store) for n in (1, 2)]
    try:
        for server in servers:
            server.wait_until_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()
        if request.param == "redis":
            import redis

            with redis.Redis.from_url(TEST_REDIS_URL) as server:
                for key in server.scan_iter(f"{store['REDIS_KEY_PREFIX']}:*"):
                    server.delete(key)


def test_key_guesses_spread_over_two_server_processes_burn_the_key_at_the_limit(two_servers):
    services.request_auth_key(email="taro@example.jp", client="198.51.100.7", site_url="")
    key = sent_key()
    guesser = Browser()
    answers = []
    for attempt in range(KEY_MAX_FAILURES):
        server = two_servers[attempt % 2]
        data = {
            "email": "taro@example.jp",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "auth_key": wrong_key_like(key),
        }
        answers.append(guesser.post_form(f"{server.url}/account/signup/password/", data)[1])

    for attempt, page in enumerate(answers[:-1], start=1):
        assert KEY_WRONG in page
        assert f"あと{KEY_MAX_FAILURES - attempt}回間違えると" in page
    assert KEY_BURNED in answers[-1]

    # The next try, on the process that did not see the last guess, is refused: even the right key.
    server = two_servers[KEY_MAX_FAILURES % 2]
    data = {"password1": PASSWORD, "password2": PASSWORD, "auth_key": key}
    url, page = guesser.post_form(
        f"{server.url}/account/signup/password/", {**data, "email": "taro@example.jp"}
    )
    assert url.endswith("/account/signup/password/")
    assert KEY_BURNED in page
    assert not User.objects.filter(email="taro@example.jp").exists()
    assert AuthKey.objects.get(email="taro@example.jp").burned_at is not None


def wait_for_a_fresh_login_window(needed_seconds: float = 30) -> None:
    """Limits count in fixed windows; guesses straddling two windows would count in both halves.

    The servers run on the real clock, so when the current window ends too soon for the test,
    the test starts in the next one (rarely, and for at most `needed_seconds`).
    """
    period = settings.RATE_LIMITS["login_failure_per_address"][1].total_seconds()
    left = period - time.time() % period
    if left < needed_seconds:
        time.sleep(left + 0.5)


def test_login_guesses_spread_over_two_server_processes_lock_the_address(two_servers):
    User.objects.create_user(email="alice@example.jp", password=PASSWORD)
    wait_for_a_fresh_login_window()
    guesser = Browser()
    for attempt in range(LOGIN_MAX_FAILURES):
        server = two_servers[attempt % 2]
        data = {"username": "alice@example.jp", "password": f"Guess-{attempt}x"}
        url, page = guesser.post_form(f"{server.url}/account/login/", data)
        assert LOGIN_WRONG in page, f"guess {attempt + 1} on {server.url}"

    for server in two_servers:
        data = {"username": "alice@example.jp", "password": PASSWORD}
        url, page = guesser.post_form(f"{server.url}/account/login/", data)
        assert LOGIN_THROTTLED in page, server.url
        assert url.endswith("/account/login/")
        assert "ログアウト" not in page


# -- the same limits in this process, from two devices (runs on SQLite too) -------------------


# The start of a 15-minute and of a one-hour window of accounts.throttle.
WINDOW_START = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_key_guesses_from_two_devices_burn_the_key_at_the_limit(client, time_machine):
    time_machine.move_to(WINDOW_START, tick=False)
    request_key(client)
    key = sent_key()
    devices = [Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")]
    extra = {"email": "taro@example.jp"}
    for attempt in range(1, KEY_MAX_FAILURES):
        response = submit_password(devices[attempt % 2], wrong_key_like(key), **extra)
        assert f"あと{KEY_MAX_FAILURES - attempt}回間違えると" in page_text(response.content)
    last = submit_password(devices[KEY_MAX_FAILURES % 2], wrong_key_like(key), **extra)
    assert KEY_BURNED in page_text(last.content)

    for device in devices:
        response = submit_password(device, key, **extra)
        assert response.status_code == 200
        assert KEY_BURNED in page_text(response.content)
    assert not User.objects.filter(email="taro@example.jp").exists()


@pytest.mark.django_db
def test_login_guesses_from_two_devices_lock_the_address_at_the_limit(
    alice, time_machine, settings
):
    time_machine.move_to(WINDOW_START, tick=False)
    # The limit is under test, not the hashing: a fast hasher keeps the test short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    alice.set_password(PASSWORD)
    alice.save()
    devices = [Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")]
    for attempt in range(LOGIN_MAX_FAILURES):
        data = {"username": "alice@example.jp", "password": f"Guess-{attempt}x"}
        response = devices[attempt % 2].post("/account/login/", data)
        assert LOGIN_WRONG in page_text(response.content)

    for device in devices:
        data = {"username": "alice@example.jp", "password": PASSWORD}
        response = device.post("/account/login/", data)
        assert LOGIN_THROTTLED in page_text(response.content)
        assert "_auth_user_id" not in device.session


# -- session fixation ----------------------------------------------------------------------------


def planted_session() -> str:
    """A session key the attacker got from the site (by starting a signup of their own)."""
    attacker = Client()
    request_key(attacker, "mallory@example.jp")
    key = attacker.session.session_key
    assert SessionStore().exists(key)
    return key


def victim_with(session_key: str) -> Client:
    victim = Client()
    victim.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return victim


def is_logged_in_with(session_key: str) -> bool:
    """What the attacker's browser, still holding `session_key`, sees of the マイページ."""
    attacker = victim_with(session_key)
    return attacker.get("/mypage/").status_code == 200


@pytest.mark.django_db
def test_a_planted_session_is_not_the_one_logged_in_after_login(alice):
    planted = planted_session()
    victim = victim_with(planted)

    victim.post("/account/login/", {"username": alice.email, "password": PASSWORD})
    # Not even the half-done login (a right password waiting for its code) is in it.
    assert victim.session.session_key != planted
    response = enter_mailed_code(victim)

    assert response.url == "/mypage/"
    assert victim.session.session_key != planted
    assert victim.get("/mypage/").status_code == 200
    assert not is_logged_in_with(planted)


@pytest.mark.django_db
def test_a_planted_session_is_not_the_one_logged_in_after_opening_an_account():
    planted = planted_session()
    victim = victim_with(planted)
    request_key(victim, "taro@example.jp")

    response = submit_password(victim, sent_key())

    assert response.url == "/account/signup/done/"
    assert victim.session.session_key != planted
    assert victim.session["_auth_user_id"] == str(User.objects.get(email="taro@example.jp").pk)
    assert not is_logged_in_with(planted)


@pytest.mark.django_db
def test_a_planted_session_is_not_the_one_logged_in_after_a_password_reset(alice):
    planted = planted_session()
    victim = victim_with(planted)
    victim.post("/account/password/reset/", {"email": alice.email})
    form_url = victim.get(sent_link().removeprefix("http://testserver")).url
    data = {"new_password1": "New-password9", "new_password2": "New-password9"}

    response = victim.post(form_url, data)

    assert response.url == "/account/password/reset/complete/"
    assert victim.session.session_key != planted
    assert victim.session["_auth_user_id"] == str(alice.pk)
    assert not is_logged_in_with(planted)


@pytest.mark.django_db
def test_a_password_reset_logs_out_a_session_opened_with_the_old_password(alice):
    intruder = Client()
    log_in_with_code(intruder, alice.email)
    assert intruder.get("/mypage/").status_code == 200
    owner = Client()
    owner.post("/account/password/reset/", {"email": alice.email})
    form_url = owner.get(sent_link().removeprefix("http://testserver")).url
    owner.post(form_url, {"new_password1": "New-password9", "new_password2": "New-password9"})

    assert intruder.get("/mypage/").url.startswith("/account/login/")


@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(alice):
    client = Client()
    log_in_with_code(client, alice.email)
    key = client.session.session_key

    client.post("/account/logout/")

    assert not is_logged_in_with(key)


# -- CSRF on every POST ---------------------------------------------------------------------------

# Views that take a POST without a CSRF token on purpose, with the reason. Every other URL of the
# site must refuse one.
CSRF_EXEMPT_PREFIXES = {
    # The mail provider's tracking webhook (django-anymail): the provider cannot hold a CSRF
    # token; the view checks the webhook secret (HTTP basic auth) instead.
    "anymail/": "mail provider webhook, authenticated by the webhook secret",
}

SAMPLE_ARGUMENTS = {
    "step": "basic",
    "slug": "access",
    "uidb64": "MQ",
    "token": "set-password",
    "app_label": "jobseeker",
    "url": "no-such-page/",  # the admin's catch-all
    "content_type_id": "1",
    "user_id": "1",
    "id": "1",
    "provider": "postmark",  # the provider test_the_exempt_webhook_refuses… configures
}


def url_patterns(resolver=None, prefix: str = ""):
    """(pattern text, URLPattern) of every URL of the site, includes expanded."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, text)
        elif isinstance(pattern, URLPattern):
            yield text, pattern


def sample_url(pattern_text: str, object_id: str) -> str:
    """A concrete path that `pattern_text` (route or regex, or both mixed) matches."""
    arguments = {**SAMPLE_ARGUMENTS, "object_id": object_id, "pk": object_id}

    def value(name: str) -> str:
        return arguments.get(name, "1")

    path = pattern_text
    # Named regex groups, which may themselves contain parentheses: (?P<app_label>a|b).
    while (start := path.find("(?P<")) != -1:
        name = path[start + 4 : path.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(path)):
            depth += {"(": 1, ")": -1}.get(path[end], 0)
            if depth == 0:
                break
        path = path[:start] + value(name) + path[end + 1 :]
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


def site_urls(object_id: str) -> list[tuple[str, str]]:
    """(path, pattern) for every URL pattern; each path resolves to its own pattern's view."""
    urls = []
    for text, pattern in url_patterns():
        path = sample_url(text, object_id)
        assert resolve(path).func == pattern.callback, f"{text!r} gave {path!r}"
        urls.append((path, text))
    return urls


def database_state() -> dict:
    """Every row of every table, to prove that a refused POST changed nothing."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
    }


@pytest.fixture
def registered_alice(alice, oguchi) -> User:
    """alice with a draft and a submitted application, so that POSTs have something to change."""
    client = Client()
    client.force_login(alice)
    complete_steps(client)
    assert Application.objects.filter(user=alice, number__isnull=False).exists()
    return alice


# What a form of this site would post: if a POST were accepted, it would change something.
HOSTILE_POST = {
    "application_wizard-current_step": "basic",
    **{f"basic-{name}": value for name, value in FLYER_ANSWERS["basic"].items()},
    "basic-family_name": "改竄",
    "email": "mallory@example.jp",
    "email_confirm": "mallory@example.jp",
    "agree": "on",
    "username": "alice@example.jp",
    "password": PASSWORD,
    "old_password": PASSWORD,
    "new_password1": "Mallory-pass9",
    "new_password2": "Mallory-pass9",
    "password1": "Mallory-pass9",
    "password2": "Mallory-pass9",
    "family_name": "改竄",
    "post": "yes",
    "action": "delete_selected",
    "_accept": "1",
    "is_staff": "on",
    "is_superuser": "on",
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "job seeker", "superuser"])
def test_every_url_refuses_a_post_without_a_csrf_token_and_changes_nothing(who, registered_alice):
    application = Application.objects.get(user=registered_alice)
    client = Client(enforce_csrf_checks=True)
    if who == "job seeker":
        client.force_login(registered_alice)
    elif who == "superuser":
        client.force_login(User.objects.create_superuser("root@example.jp", PASSWORD))
    post = {**HOSTILE_POST, "_selected_action": [str(application.pk)]}
    before = database_state()

    answers = {}
    # One pattern serves every step of the wizard: each step's URL is posted to.
    wizard_steps = [(step_url(step), f"wizard step {step}") for step in [*STEP_NAMES, "done"]]
    for path, pattern in site_urls(str(application.pk)) + wizard_steps:
        if any(path.startswith(f"/{prefix}") for prefix in CSRF_EXEMPT_PREFIXES):
            continue
        answers[pattern] = (path, client.post(path, post).status_code)

    # A logged-in person's own login form sent again (the posted username is alice's) is sent
    # home (hellowork.csrf), refused all the same; anyone else's gets the 403.
    login_pages = {
        "/account/login/",
        "/account/login/code/",
        "/account/signup/password/",
        "/admin/login/",
        "/admin/login/code/",
    }
    accepted = {
        pattern: (path, status)
        for pattern, (path, status) in answers.items()
        if status != (303 if who == "job seeker" and path in login_pages else 403)
    }
    assert accepted == {}
    assert len(answers) > 40, "the URLconf walk must reach the admin's URLs"
    assert database_state() == before


@pytest.mark.django_db
def test_only_the_listed_urls_are_exempt_from_csrf():
    exempt = {
        text for text, pattern in url_patterns() if getattr(pattern.callback, "csrf_exempt", False)
    }
    unlisted = {
        text for text in exempt if not any(text.startswith(p) for p in CSRF_EXEMPT_PREFIXES)
    }
    assert unlisted == set()


@pytest.mark.django_db
def test_the_exempt_webhook_refuses_a_post_without_its_secret(registered_alice, settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "provider:webhook-secret"}
    webhooks = [
        path
        for path, _ in site_urls("1")
        if any(path.startswith(f"/{prefix}") for prefix in CSRF_EXEMPT_PREFIXES)
    ]
    assert webhooks == ["/anymail/postmark/tracking/"]
    before = database_state()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    answers = {}
    for path in webhooks:
        without = client.post(path, "{}", content_type="application/json")
        wrong = client.post(
            path,
            "{}",
            content_type="application/json",
            headers={"Authorization": "Basic cHJvdmlkZXI6d3Jvbmc="},  # provider:wrong
        )
        answers[path] = {without.status_code, wrong.status_code}
    # Refused by the secret (400, anymail's answer): never accepted, never a server error.
    assert answers == {"/anymail/postmark/tracking/": {400}}
    assert database_state() == before


# -- one account, another's data --------------------------------------------------------------

ALICE_NAME = "有栖川"


@pytest.fixture
def alice_and_bob(alice, oguchi) -> tuple[Client, Client]:
    """alice registered (with a marked name), bob with a draft of his own; both logged in."""
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(alice)
    complete_steps(alice_client)
    post_step(alice_client, "basic", {**FLYER_ANSWERS["basic"], "family_name": ALICE_NAME})
    assert ApplicationDraft.objects.get(user=alice).data["step_data"]["basic"][
        "basic-family_name"
    ] == [ALICE_NAME]
    bob = User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    bob_client.force_login(bob)
    post_step(bob_client, "basic", {**FLYER_ANSWERS["basic"], "family_name": "坊"})
    return alice_client, bob_client


def alice_data() -> tuple[dict, dict]:
    alice = User.objects.get(email="alice@example.jp")
    application = Application.objects.filter(user=alice).values().get()
    return ApplicationDraft.objects.get(user=alice).data, application


def test_another_account_never_sees_a_draft_or_an_application(alice_and_bob):
    _, bob_client = alice_and_bob
    number = Application.objects.get(user__email="alice@example.jp").number
    pages = [step_url(step) for step in STEP_NAMES] + [
        "/mypage/",
        "/mypage/apply/",
        "/mypage/apply/done/",
        "/mypage/apply/confirm/",
        "/mypage/apply/confirm/?renew=1",
        "/account/signup/done/",
    ]
    for url in pages:
        response = bob_client.get(url, follow=True)
        assert response.status_code == 200, url
        text = page_text(response.content)
        assert ALICE_NAME not in text, url
        assert number not in text, url


def test_a_replayed_form_or_a_planted_id_only_writes_the_senders_own_draft(alice_and_bob):
    _, bob_client = alice_and_bob
    alice = User.objects.get(email="alice@example.jp")
    application = Application.objects.get(user=alice)
    before = alice_data()
    draft_id = ApplicationDraft.objects.get(user=alice).pk
    planted = {
        "user": alice.pk,
        "user_id": alice.pk,
        "draft": draft_id,
        "id": application.pk,
        "application": application.pk,
        "number": application.number,
        "basic-user": alice.pk,
        "basic-number": application.number,
        "save_changes": "1",
    }
    for step in STEP_NAMES:
        # What alice's browser posted for this step, replayed from bob's session.
        answers = {**FLYER_ANSWERS[step], "family_name": "上書き"} if step == "basic" else None
        response = post_step(bob_client, step, answers, **planted)
        assert response.status_code == 302

    assert alice_data() == before
    bob_draft = ApplicationDraft.objects.get(user__email="bob@example.jp")
    assert bob_draft.data["step_data"]["basic"]["basic-family_name"] == ["上書き"]
    holders = Application.objects.filter(number=application.number).values_list("user__email")
    assert list(holders) == [("alice@example.jp",)]
    assert Application.objects.get(pk=application.pk).user_id == alice.pk


def test_a_job_seeker_cannot_open_or_change_an_application_in_the_admin(alice_and_bob):
    alice_client, bob_client = alice_and_bob
    application = Application.objects.get(user__email="alice@example.jp")
    base = f"/admin/jobseeker/application/{application.pk}"
    before = alice_data()
    for client in (alice_client, bob_client):  # not even alice reaches her own row there
        for url in (
            "/admin/",
            "/admin/jobseeker/application/",
            f"{base}/change/",
            f"{base}/print/",
            "/admin/jobseeker/application/export/",
            "/admin/jobseeker/applicationdraft/",
            "/admin/accounts/user/",
        ):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/admin/login/"), url
        response = client.post(f"{base}/change/", {"family_name": "改竄", "_accept": "1"})
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    assert alice_data() == before

    # Nor by logging in to the admin with a job seeker's password.
    browser = Client()
    response = browser.post("/admin/login/", {"username": "bob@example.jp", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in browser.session
    assert browser.get(f"{base}/change/").url.startswith("/admin/login/")


def test_the_counter_link_never_hands_over_an_application_with_an_account(alice_and_bob):
    _, bob_client = alice_and_bob
    application = Application.objects.get(user__email="alice@example.jp")
    birth = application.birth_date
    data = {
        "number": application.number,
        "birth_date_year": str(birth.year),
        "birth_date_month": str(birth.month),
        "birth_date_day": str(birth.day),
        "id": application.pk,
    }

    for client in (bob_client, Client()):
        response = client.post("/account/counter/", data)
        assert response.status_code == 200
        assert "求職番号または生年月日が一致しません" in page_text(response.content)
        assert SIGNUP_LINK not in client.session

    assert Application.objects.get(pk=application.pk).user.email == "alice@example.jp"


@pytest.mark.django_db
def test_a_signup_cannot_name_the_counter_application_to_link_in_a_form_field(oguchi):
    waiting = make_application(oguchi, 7, submitted_at=timezone.now(), user=None)
    client = Client()
    request_key(client, "mallory@example.jp")

    response = submit_password(
        client, sent_key(), counter_application=waiting.pk, id=waiting.pk, number=waiting.number
    )

    assert response.url == "/account/signup/done/"
    waiting.refresh_from_db()
    assert waiting.user is None


@pytest.mark.django_db
def test_a_reset_link_for_one_account_does_not_reset_another(alice):
    bob = User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    client = Client()
    client.post("/account/password/reset/", {"email": alice.email})
    # /account/password/reset/<uidb64>/<token>/ with alice's token and bob's id.
    token = sent_link().rstrip("/").split("/")[-1]
    bob_uid = urlsafe_base64_encode(force_bytes(bob.pk))
    response = client.get(f"/account/password/reset/{bob_uid}/{token}/", follow=True)
    assert "このURLは使えません" in page_text(response.content)
    client.post(
        f"/account/password/reset/{bob_uid}/set-password/",
        {"new_password1": "Mallory-pass9", "new_password2": "Mallory-pass9"},
    )
    bob.refresh_from_db()
    assert bob.check_password(PASSWORD)
    assert mail.outbox[-1].to == [alice.email]

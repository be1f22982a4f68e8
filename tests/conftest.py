"""The cast and helpers shared by the tests."""

import os
import re
import uuid

import pytest
from django.core import mail

from accounts.models import User
from jobseeker.models import Office

from .factories import make_fukuoka_office, staff_of
from .production_server import collect_static

PASSWORD = "Hello-work7"


@pytest.fixture(autouse=True)
def anymail_test_backend(settings):
    """Mail goes through django-anymail's test backend, collected in mail.outbox."""
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}


@pytest.fixture
def alice(db) -> User:
    """A job seeker who already has a 求職者マイページ account."""
    return User.objects.create_user(email="alice@example.jp", password=PASSWORD)


@pytest.fixture
def taro(client, db) -> User:
    """A job seeker who has just opened an account and is logged in."""
    user = User.objects.create_user(email="taro@example.jp", password="Hello-work7")
    client.force_login(user)
    return user


@pytest.fixture
def oguchi(db) -> Office:
    """The demo office, ハローワーク大口 (created by a data migration)."""
    return Office.objects.get(code="74601")


@pytest.fixture
def fukuoka(db) -> Office:
    """Another office, whose applicants 大口's staff must never see."""
    return make_fukuoka_office()


@pytest.fixture
def staff(client, oguchi) -> User:
    """A 窓口職員 of ハローワーク大口, logged in to the admin."""
    user = staff_of(oguchi, "staff@oguchi.example.jp")
    client.force_login(user)
    return user


def sent_key(message=None) -> str:
    """The 認証キー as it stands on its own line in the latest (or given) signup mail."""
    message = message or mail.outbox[-1]
    lines = message.body.splitlines()
    return lines[lines.index("認証キー：") + 1]


def sent_link(message=None) -> str:
    message = message or mail.outbox[-1]
    return re.search(r"https?://\S+", message.body).group(0)


def request_key(client, email="taro@example.jp", confirm=None, agree=True):
    data = {"email": email, "email_confirm": confirm or email}
    if agree:
        data["agree"] = "on"
    return client.post("/account/signup/", data)


def submit_password(client, key, password=PASSWORD, confirm=None, **extra):
    data = {"password1": password, "password2": confirm or password, "auth_key": key, **extra}
    return client.post("/account/signup/password/", data)


# Where sessions and rate-limit counters are shared between app processes (settings
# SESSION_STORE / RATE_LIMIT_STORE): the database, or Redis on its own database index, under a
# key prefix of this test that is flushed afterwards, nothing else.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_cache(settings):
    """The default cache in Redis (as with REDIS_URL set), or a skip saying why not."""
    import redis

    server = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.ConnectionError as error:
        reason = f"Redis is not reachable at {TEST_REDIS_URL} ({error}); set TEST_REDIS_URL"
        if os.environ.get("TEST_REDIS_REQUIRED"):
            pytest.fail(reason)  # CI (.ci/run) starts Redis: a skip there would hide a failure
        pytest.skip(reason)
    prefix = f"hellowork-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    server.close()


@pytest.fixture(params=["db", "redis"])
def rate_limit_store(request, settings) -> str:
    """Each test using it runs with the rate-limit counters in the database and in Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    settings.RATE_LIMIT_STORE = request.param
    return request.param


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected as a release does, once, for the tests that start gunicorn."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    collect_static(static_root)
    return static_root


def log_in(client, email="alice@example.jp", password=PASSWORD, **extra):
    """The login's first step: mail address and password (a right one mails a code)."""
    return client.post("/account/login/", {"username": email, "password": password}, **extra)


def mailed_code(message=None) -> str:
    """The ワンタイムパスワード, six digits on a line of their own, of the latest (or given)
    login-code mail, in either language."""
    for sent in [message] if message else reversed(mail.outbox):
        if found := re.search(r"^(\d{6})$", sent.body, re.MULTILINE):
            return found.group(1)
    raise AssertionError("no login code was mailed")


def enter_mailed_code(client, path="/account/login/code/", **extra):
    """The login's second step: the code of the latest mail, sent from the code page's form
    (with the page's CSRF token, for a client that checks them)."""
    page = client.get(path, **extra).content.decode()
    data = {"login_code": mailed_code()}
    if token := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page):
        data["csrfmiddlewaretoken"] = token.group(1)
    return client.post(path, data, **extra)


def log_in_with_code(client, email="alice@example.jp", password=PASSWORD, **extra):
    """Both steps of a login: the password, then the code it mailed; returns the code page's
    answer (a redirect where the login was headed)."""
    log_in(client, email, password, **extra)
    return enter_mailed_code(client, **extra)

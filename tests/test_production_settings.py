"""Production settings pass Django's deployment checks; the health URL reports the database."""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client

from accounts.models import User

from .conftest import PASSWORD, TEST_REDIS_URL, log_in_with_code
from .production_server import ProductionServer, production_env

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_nothing_with_sessions_and_counters_in_redis():
    env = production_env(REDIS_URL=TEST_REDIS_URL)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_server_side_cursors_can_be_turned_off_for_pgbouncer_transaction_pooling():
    show = "from django.conf import settings; print(settings.DATABASES['default'])"
    env = production_env(
        DATABASE_URL="postgres://app@127.0.0.1:6432/hellowork",
        DB_DISABLE_SERVER_SIDE_CURSORS="true",
    )
    assert "'DISABLE_SERVER_SIDE_CURSORS': True" in manage("shell", "-c", show, env=env).stdout


def test_the_database_connect_timeout_is_a_few_seconds_and_can_be_set():
    show = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = production_env(DATABASE_URL="postgres://app@127.0.0.1:5432/hellowork")
    assert "'connect_timeout': 3" in manage("shell", "-c", show, env=env).stdout
    env["DB_CONNECT_TIMEOUT"] = "7"
    assert "'connect_timeout': 7" in manage("shell", "-c", show, env=env).stdout


@pytest.mark.parametrize(
    "sender",
    [
        "ハローワーク大口 <no-reply@example.jp>",
        "no-reply@mail.example.com",
        "no-reply@hellowork.test",
        "no-reply@localhost",
    ],
)
def test_check_deploy_refuses_a_sender_on_a_reserved_example_domain(sender):
    """The signup page tells people to allow mail from this address: it must be a real one."""
    env = production_env(DEFAULT_FROM_EMAIL=sender)
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "(accounts.E001) DEFAULT_FROM_EMAIL is" in result.stderr


def test_check_without_deploy_leaves_the_development_sender_alone():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DEFAULT_FROM_EMAIL", None)
    result = manage("check", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variable", ["SESSION_STORE", "RATE_LIMIT_STORE"])
def test_a_store_in_redis_without_redis_url_refuses_to_start(variable):
    result = manage("check", env=production_env(**{variable: "redis"}))
    assert result.returncode != 0
    assert f"{variable}=redis needs REDIS_URL" in result.stderr


def test_production_refuses_to_start_without_a_mail_backend():
    env = production_env()
    del env["MAIL_BACKEND"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "MAIL_BACKEND must be set" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [("SECURE_SSL_REDIRECT", "ture"), ("DEBUG", "flase"), ("SECURE_COOKIES", "")],
)
def test_a_yes_no_setting_with_a_value_it_does_not_know_refuses_to_start(variable, value):
    """A typo is not read as "false": that would quietly turn off https redirects or cookies'
    Secure flag (or DEBUG, and then complain about SECRET_KEY instead of the typo)."""
    result = manage("check", env=production_env(**{variable: value}))
    assert result.returncode != 0
    assert (
        f"{variable}={value!r} is not a yes/no value: "
        "use one of 1, true, yes, on or 0, false, no, off." in result.stderr
    )


@pytest.mark.parametrize("value", ["0", "false", "No", " off "])
def test_a_yes_no_setting_takes_the_usual_words_for_no(value):
    show = "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)"
    result = manage("shell", "-c", show, env=production_env(SECURE_SSL_REDIRECT=value))
    assert result.stdout.split()[-1] == "False", result.stdout + result.stderr


# Mail backends that keep 認証キー on the server instead of sending them (accounts.checks)

KEEPING_MAIL_BACKENDS = [
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
]


@pytest.mark.parametrize(
    "backend",
    [
        *KEEPING_MAIL_BACKENDS,
        "hellowork.console_mail.EmailBackend",  # the development default prints too
        "anymail.backends.test.EmailBackend",  # keeps mail in memory, sends none
    ],
)
def test_check_refuses_a_mail_backend_that_prints_or_keeps_mail_when_debug_is_off(backend):
    result = manage("check", env=production_env(MAIL_BACKEND=backend))
    assert result.returncode != 0
    assert f"(accounts.E002) MAIL_BACKEND is {backend}" in result.stderr


def test_check_refuses_mail_sent_inside_the_requests_when_debug_is_off():
    result = manage("check", env=production_env(TASK_QUEUE="immediate"))
    assert result.returncode != 0
    assert "(accounts.E003) TASK_QUEUE is 'immediate'" in result.stderr


def test_check_leaves_the_console_backend_alone_while_debug_is_on():
    backend = "django.core.mail.backends.console.EmailBackend"
    result = manage("check", env=production_env(DEBUG="true", MAIL_BACKEND=backend))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("backend", KEEPING_MAIL_BACKENDS)
def test_gunicorn_refuses_to_start_with_a_mail_backend_that_keeps_mail(backend, tmp_path):
    env = production_env(MAIL_BACKEND=backend, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    server = ProductionServer(env, tmp_path / "gunicorn.log")
    assert server.wait_for_exit(timeout=20) != 0
    assert f"(accounts.E002) MAIL_BACKEND is {backend}" in server.output()


def test_gunicorn_starts_with_an_anymail_backend(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    server = ProductionServer(env, tmp_path / "gunicorn.log")
    try:
        server.wait_until_listening()
        assert server.request("GET", "/healthz").status == 200
    finally:
        server.stop()


@pytest.mark.django_db
def test_the_health_url_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.django_db
def test_the_health_url_says_503_when_the_database_is_gone(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def fail(*args, **kwargs):
        raise DatabaseError("gone")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    assert client.get("/healthz").status_code == 503


# Sessions shared by app processes (SESSION_STORE=redis)


@pytest.mark.django_db
def test_a_session_in_redis_is_valid_on_another_app_process(settings, redis_cache):
    server, prefix = redis_cache
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    User.objects.create_user(email="alice@example.jp", password=PASSWORD)
    first = Client()
    log_in_with_code(first, "alice@example.jp")
    assert list(server.scan_iter(f"{prefix}:*")), "the session is not in Redis"

    del caches["default"]  # another process: its own connection to Redis
    second = Client()
    second.cookies = first.cookies
    response = second.get("/mypage/")
    assert response.status_code == 200
    assert "alice@example.jp" in response.content.decode()


# Static files (WhiteNoise)


@pytest.fixture
def collected_static(settings, tmp_path):
    """collectstatic as a production deployment runs it, into a fresh STATIC_ROOT."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


@pytest.mark.django_db
def test_pages_link_static_files_by_hashed_names_cached_for_years(client, collected_static):
    page = client.get("/account/").content.decode()
    stylesheet = re.search(r'href="(/static/css/[^"]+\.css)"', page).group(1)
    assert re.fullmatch(r"/static/css/\w+\.[0-9a-f]{12}\.css", stylesheet)

    response = client.get(stylesheet, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_a_static_file_by_its_plain_name_is_cached_only_briefly(client, collected_static):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


# gunicorn (hellowork/gunicorn.conf.py)

GUNICORN_CONF = ROOT / "hellowork" / "gunicorn.conf.py"


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("PORT", "BIND", "WEB_CONCURRENCY", "TRUSTED_PROXY_COUNT", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_listens_on_the_platforms_port_with_the_given_workers(monkeypatch):
    conf = gunicorn_settings(monkeypatch, PORT="8080", WEB_CONCURRENCY="3")
    assert (conf["bind"], conf["workers"]) == ("0.0.0.0:8080", 3)
    assert (conf["accesslog"], conf["errorlog"]) == ("-", "-")
    assert gunicorn_settings(monkeypatch, BIND="127.0.0.1:9001")["bind"] == "127.0.0.1:9001"


def test_gunicorn_believes_forwarded_https_only_behind_trusted_proxies(monkeypatch):
    assert gunicorn_settings(monkeypatch)["forwarded_allow_ips"] == ""
    assert gunicorn_settings(monkeypatch, TRUSTED_PROXY_COUNT="1")["forwarded_allow_ips"] == "*"


def test_gunicorn_accepts_the_config_and_loads_the_app():
    result = subprocess.run(  # noqa: S603 - gunicorn from our virtualenv, fixed arguments
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(GUNICORN_CONF)]
        + ["hellowork.wsgi"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr

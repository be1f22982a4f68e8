"""Production settings pass Django's deployment checks; the health URL reports the database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

ROOT = Path(__file__).resolve().parent.parent


def production_env(**overrides) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 20 + "production-test-key-" + "y" * 20 + "0123456789",
        MAIL_BACKEND="anymail.backends.amazon_ses.EmailBackend",
        ALLOWED_HOSTS="oguchi.example.jp",
        **overrides,
    )
    return env


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_mail_backend():
    env = production_env()
    del env["MAIL_BACKEND"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "MAIL_BACKEND must be set" in result.stderr


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

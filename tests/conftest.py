"""The cast and helpers shared by the tests."""

import re

import pytest
from django.core import mail

from accounts.models import User
from jobseeker.models import Office

from .factories import make_fukuoka_office, staff_of

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

"""Rate limits hold across app processes, with the counters in the database or in Redis.

Every behaviour test runs with both stores (the rate_limit_store fixture); Redis-only tests
check what only Redis has (expiry, a second client process). The database store keeps nothing
in the process, so a second process is proven on real servers instead: two gunicorn servers
over one PostgreSQL database (tests/test_security.py).
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from accounts import throttle
from accounts.models import RateCounter, User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

# The start of an hour (and of a 15-minute window).
WINDOW_START = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
SCOPE = "auth_key_request_per_address"  # 5 per hour


def new_redis_client() -> None:
    """Forgets this process's Redis client: the next count goes through a new connection, as
    from another app server."""
    del caches["default"]


def use_up(scope: str, identity: str) -> list:
    limit, _ = settings.RATE_LIMITS[scope]
    return [throttle.record(scope, identity) for _ in range(limit)]


def test_events_up_to_the_limit_pass_and_the_next_is_refused(rate_limit_store):
    with time_machine.travel(WINDOW_START + timedelta(minutes=10), tick=False):
        assert use_up(SCOPE, "taro@example.jp") == [None] * 5
        refused = throttle.record(SCOPE, "taro@example.jp")
    assert refused is not None
    assert refused.minutes == 50


def test_check_sees_the_limit_without_counting(rate_limit_store):
    with time_machine.travel(WINDOW_START, tick=False):
        for _ in range(4):
            throttle.record(SCOPE, "taro@example.jp")
        assert throttle.check(SCOPE, "taro@example.jp") is None
        assert throttle.check(SCOPE, "taro@example.jp") is None
        assert throttle.record(SCOPE, "taro@example.jp") is None
        assert throttle.check(SCOPE, "taro@example.jp") is not None


def test_each_identity_and_scope_has_its_own_count(rate_limit_store):
    with time_machine.travel(WINDOW_START, tick=False):
        use_up(SCOPE, "taro@example.jp")
        assert throttle.record(SCOPE, "hanako@example.jp") is None
        assert throttle.record("password_reset_per_address", "taro@example.jp") is None
        assert throttle.record(SCOPE, "taro@example.jp") is not None


def test_the_next_window_opens_after_the_period(rate_limit_store):
    with time_machine.travel(WINDOW_START + timedelta(minutes=59), tick=False):
        use_up(SCOPE, "taro@example.jp")
        assert throttle.record(SCOPE, "taro@example.jp") is not None
    with time_machine.travel(WINDOW_START + timedelta(hours=1), tick=False):
        assert throttle.record(SCOPE, "taro@example.jp") is None


def test_identities_are_stored_only_as_hmacs(request, rate_limit_store):
    with time_machine.travel(WINDOW_START, tick=False):
        throttle.record(SCOPE, "taro@example.jp")
    if rate_limit_store == "redis":
        server, prefix = request.getfixturevalue("redis_cache")
        stored = [key.decode() for key in server.scan_iter(f"{prefix}:*")]
    else:
        stored = [counter.identity for counter in RateCounter.objects.all()]
    assert stored
    assert not any("taro" in item for item in stored)


def test_failed_logins_lock_the_address(client, settings, rate_limit_store):
    """The login page's throttle (10 failures per address in 15 minutes) with either store."""
    # A fast hasher: eleven Argon2 checks would only slow this test about counting down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    alice = User.objects.create_user(email="alice@example.jp", password=PASSWORD)
    with time_machine.travel(WINDOW_START, tick=False):
        for _ in range(10):
            client.post("/account/login/", {"username": alice.email, "password": "wrong-1A"})
        response = client.post("/account/login/", {"username": alice.email, "password": PASSWORD})
    assert "ログインに続けて失敗したため" in response.content.decode()
    assert "_auth_user_id" not in client.session


# Redis only


def test_a_second_app_process_sees_the_same_count_in_redis(settings, redis_cache):
    settings.RATE_LIMIT_STORE = "redis"
    with time_machine.travel(WINDOW_START, tick=False):
        for _ in range(3):
            throttle.record(SCOPE, "taro@example.jp")
        new_redis_client()
        assert throttle.record(SCOPE, "taro@example.jp") is None
        assert throttle.record(SCOPE, "taro@example.jp") is None
        new_redis_client()
        assert throttle.record(SCOPE, "taro@example.jp") is not None


def test_a_redis_counter_expires_after_its_window(settings, redis_cache):
    """No cleanup job is needed for Redis: a counter goes by itself once its window is over."""
    server, prefix = redis_cache
    settings.RATE_LIMIT_STORE = "redis"
    throttle.record(SCOPE, "taro@example.jp")
    (key,) = server.scan_iter(f"{prefix}:*")
    window = throttle.Window.current(SCOPE)
    remaining = (window.end - window.now + throttle.CLOCK_SKEW_ALLOWANCE).total_seconds()
    assert 0 < server.ttl(key) <= remaining + 1


def refusals_of_eight_at_once() -> list:
    """Eight app threads, each with its own cache client and database connection as an app
    process has, record six events each at the same moment into one scope's window."""
    start = threading.Barrier(8)
    refusals = []

    def applicant():
        start.wait()
        try:
            for _ in range(6):
                if refused := throttle.record(SCOPE, "taro@example.jp"):
                    refusals.append(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=applicant) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return refusals


def test_concurrent_processes_never_lose_a_count_in_redis(settings, redis_cache):
    settings.RATE_LIMIT_STORE = "redis"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, SCOPE: (40, timedelta(hours=1))}
    assert len(refusals_of_eight_at_once()) == 8 * 6 - 40


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database is one connection; concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_lose_a_count_in_the_database(settings):
    """The window's row does not exist yet when eight app processes count into it at once."""
    settings.RATE_LIMIT_STORE = "db"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, SCOPE: (40, timedelta(hours=1))}
    assert len(refusals_of_eight_at_once()) == 8 * 6 - 40
    assert RateCounter.objects.get().count == 8 * 6

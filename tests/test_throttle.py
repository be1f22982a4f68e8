"""Rate limits hold across app processes, with the events in the database or in Redis.

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
from accounts.models import RateLimitEvent, User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

# The start of an hour (where a clock-aligned window would start).
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
    assert refused.minutes == 60


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


def test_an_event_counts_for_exactly_its_period(rate_limit_store):
    with time_machine.travel(WINDOW_START + timedelta(minutes=59), tick=False) as clock:
        use_up(SCOPE, "taro@example.jp")
        clock.shift(timedelta(minutes=59, seconds=59))
        refused = throttle.record(SCOPE, "taro@example.jp")
        assert refused is not None
        assert refused.minutes == 1
        clock.shift(timedelta(seconds=1))
        assert throttle.record(SCOPE, "taro@example.jp") is None


def test_check_sees_an_event_leave_the_window_exactly_at_its_period(rate_limit_store):
    with time_machine.travel(WINDOW_START, tick=False) as clock:
        use_up(SCOPE, "taro@example.jp")
        clock.shift(timedelta(hours=1) - timedelta(microseconds=1))
        assert throttle.check(SCOPE, "taro@example.jp") is not None
        clock.shift(timedelta(microseconds=1))
        assert throttle.check(SCOPE, "taro@example.jp") is None


def test_a_burst_at_a_clock_windows_edge_does_not_get_twice_the_limit(rate_limit_store):
    """Five at 01:59:30 and five more at 02:00:30 would pass two fixed clock windows."""
    with time_machine.travel(WINDOW_START + timedelta(minutes=59, seconds=30), tick=False) as clock:
        use_up(SCOPE, "taro@example.jp")
        clock.shift(timedelta(minutes=1))
        assert throttle.record(SCOPE, "taro@example.jp") is not None
        assert throttle.check(SCOPE, "taro@example.jp") is not None


def test_the_oldest_event_leaving_makes_room_for_one_more(rate_limit_store):
    with time_machine.travel(WINDOW_START, tick=False) as clock:
        for _ in range(5):
            assert throttle.record(SCOPE, "taro@example.jp") is None
            clock.shift(timedelta(minutes=10))
        # 00:50: five events in the last hour, the oldest from 00:00.
        assert throttle.record(SCOPE, "taro@example.jp").minutes == 10
        clock.shift(timedelta(minutes=10))
        assert throttle.record(SCOPE, "taro@example.jp") is None
        assert throttle.record(SCOPE, "taro@example.jp").minutes == 10


def test_refused_tries_do_not_push_the_opening_further_away(rate_limit_store):
    with time_machine.travel(WINDOW_START, tick=False) as clock:
        use_up(SCOPE, "taro@example.jp")
        for _ in range(6):
            clock.shift(timedelta(minutes=9))
            assert throttle.record(SCOPE, "taro@example.jp") is not None
        clock.shift(timedelta(minutes=6))
        assert throttle.record(SCOPE, "taro@example.jp") is None


def test_an_ipv6_client_is_counted_by_its_64_network():
    in_one_home = ["2001:db8:1:2::10", "2001:db8:1:2:ffff:1:2:3", "2001:DB8:1:2::abcd"]
    assert {throttle.client_identity(a) for a in in_one_home} == {"2001:db8:1:2::/64"}
    assert throttle.client_identity("2001:db8:1:3::10") == "2001:db8:1:3::/64"
    assert throttle.client_identity("192.0.2.7") == "192.0.2.7"
    assert throttle.client_identity("::ffff:192.0.2.7") == "192.0.2.7"


def test_addresses_of_one_ipv6_network_share_a_per_client_limit(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "auth_key_request_per_client": (3, timedelta(hours=1)),
    }
    for n in range(4):
        response = client.post(
            "/account/signup/",
            {"email": f"user{n}@example.jp", "email_confirm": f"user{n}@example.jp", "agree": "on"},
            REMOTE_ADDR=f"2001:db8:1:2::{n + 1}",
        )
    assert "一時的に送信を停止しています" in response.content.decode()


def test_identities_are_stored_only_as_hmacs(request, rate_limit_store):
    with time_machine.travel(WINDOW_START, tick=False):
        throttle.record(SCOPE, "taro@example.jp")
    if rate_limit_store == "redis":
        server, prefix = request.getfixturevalue("redis_cache")
        stored = [key.decode() for key in server.scan_iter(f"{prefix}:*")]
    else:
        stored = [event.identity for event in RateLimitEvent.objects.all()]
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
    assert "パスワードの誤りが続いたため" in response.content.decode()
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


def test_redis_events_expire_once_they_no_longer_count(settings, redis_cache):
    """No cleanup job is needed for Redis: an identity's events go by themselves."""
    server, prefix = redis_cache
    settings.RATE_LIMIT_STORE = "redis"
    throttle.record(SCOPE, "taro@example.jp")
    (key,) = server.scan_iter(f"{prefix}:*")
    _, period = settings.RATE_LIMITS[SCOPE]
    assert 0 < server.ttl(key) <= (period + throttle.CLOCK_SKEW_ALLOWANCE).total_seconds()


def refusals_of_eight_at_once() -> list:
    """Eight app threads, each with its own cache client and database connection as an app
    process has, record six events each at the same moment for one scope and identity."""
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


def test_concurrent_processes_never_let_more_than_the_limit_through_in_redis(settings, redis_cache):
    server, prefix = redis_cache
    settings.RATE_LIMIT_STORE = "redis"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, SCOPE: (40, timedelta(hours=1))}
    refused = len(refusals_of_eight_at_once())
    (key,) = server.scan_iter(f"{prefix}:*")
    # Every event let through is counted, and no more than the limit were let through.
    assert server.zcard(key) == 8 * 6 - refused <= 40


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database is one connection; concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_lose_a_count_in_the_database(settings):
    settings.RATE_LIMIT_STORE = "db"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, SCOPE: (40, timedelta(hours=1))}
    refused = len(refusals_of_eight_at_once())
    # Every event let through is counted, and no more than the limit were let through.
    assert RateLimitEvent.objects.count() == 8 * 6 - refused <= 40

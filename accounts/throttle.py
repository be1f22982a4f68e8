"""Rate limits shared by every server process: counted in the database or in Redis.

Each scope in settings.RATE_LIMITS allows `limit` events per fixed window of `period`.
settings.RATE_LIMIT_STORE chooses where the counts live ("db": RateCounter rows, "redis": the
default cache, which is Redis when REDIS_URL is set); both count the same way and neither loses
a count under concurrent processes. Identities (mail addresses, client addresses) are stored
only as HMACs.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateCounter

# A Redis counter outlives its window by this much, so that an app server whose clock runs a
# little behind still finds the count of the window it is in.
CLOCK_SKEW_ALLOWANCE = timedelta(minutes=1)


@dataclass(frozen=True)
class Limited:
    """The limit of a scope is reached; the next window opens after `retry_after`."""

    retry_after: timedelta

    @property
    def minutes(self) -> int:
        return max(1, -(-int(self.retry_after.total_seconds()) // 60))


@dataclass(frozen=True)
class Window:
    """The fixed window of a scope that `now` falls in."""

    scope: str
    limit: int
    start: datetime
    end: datetime
    now: datetime

    @classmethod
    def current(cls, scope: str) -> "Window":
        limit, period = settings.RATE_LIMITS[scope]
        seconds = int(period.total_seconds())
        now = timezone.now()
        start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)
        return cls(scope, limit, start, start + period, now)


@functools.cache
def _upsert_sql() -> str:
    table = RateCounter._meta.db_table
    quote = connection.ops.quote_name
    # Only the model's own names are written into the SQL; every value is a parameter.
    sql = (
        "INSERT INTO {0} ({1}, {2}, {3}, {4}) VALUES (%s, %s, %s, 1)"
        " ON CONFLICT ({1}, {2}, {3}) DO UPDATE SET {4} = {0}.{4} + 1 RETURNING {4}"
    )
    return sql.format(*map(quote, [table, "scope", "identity", "window_start", "count"]))


class DatabaseCounters:
    """One RateCounter row per scope, identity and window."""

    def count(self, window: Window, identity: str) -> int:
        counter = RateCounter.objects.filter(
            scope=window.scope, identity=identity, window_start=window.start
        ).first()
        return counter.count if counter else 0

    def increment(self, window: Window, identity: str) -> int:
        # One statement that creates the window's row or adds one to it and returns the count:
        # atomic in PostgreSQL and SQLite alike, so concurrent processes never lose a count,
        # in one round trip where get_or_create and an UPDATE took eight.
        start = RateCounter._meta.get_field("window_start").get_db_prep_save(
            window.start, connection
        )
        with connection.cursor() as cursor:
            cursor.execute(_upsert_sql(), [window.scope, identity, start])
            [count] = cursor.fetchone()
        return count


class CacheCounters:
    """One cache key per scope, identity and window, expiring after its window (Redis)."""

    def _key(self, window: Window, identity: str) -> str:
        return f"throttle:{window.scope}:{identity}:{int(window.start.timestamp())}"

    def count(self, window: Window, identity: str) -> int:
        return caches["default"].get(self._key(window, identity), 0)

    def increment(self, window: Window, identity: str) -> int:
        cache, key = caches["default"], self._key(window, identity)
        timeout = (window.end - window.now + CLOCK_SKEW_ALLOWANCE).total_seconds()
        # add is SET NX (with its expiry) and incr is INCR: each atomic in Redis, so two
        # processes starting a window both count, and the key always carries its expiry.
        for _ in range(3):
            cache.add(key, 0, timeout)
            try:
                return cache.incr(key)
            except ValueError:
                continue  # evicted between the two calls (a full Redis); start it again
        raise RuntimeError(f"The rate counter {key} cannot be kept in the cache.")


def _counters() -> DatabaseCounters | CacheCounters:
    return CacheCounters() if settings.RATE_LIMIT_STORE == "redis" else DatabaseCounters()


def _digest(identity: str) -> str:
    return salted_hmac("accounts.throttle", identity, algorithm="sha256").hexdigest()


def check(scope: str, identity: str) -> Limited | None:
    """Whether `identity` has used up `scope` in the current window, without counting."""
    window = Window.current(scope)
    if _counters().count(window, _digest(identity)) >= window.limit:
        return Limited(window.end - window.now)
    return None


def record(scope: str, identity: str) -> Limited | None:
    """Counts one event; returns Limited if it went over the limit.

    Every process counts into the same store with an atomic increment, so no count is lost;
    under a race both callers may be refused, never both let through past the limit.
    """
    window = Window.current(scope)
    if _counters().increment(window, _digest(identity)) > window.limit:
        return Limited(window.end - window.now)
    return None


def delete_expired_counters(now: datetime) -> int:
    """Deletes the database counters of windows that have ended; returns how many.

    Counters of a scope no longer in settings.RATE_LIMITS go once the longest period is over.
    (Redis counters expire by themselves.)
    """
    periods = {scope: period for scope, (_, period) in settings.RATE_LIMITS.items()}
    longest = max(periods.values(), default=timedelta(0))
    ended = Q(window_start__lt=now - longest) & ~Q(scope__in=list(periods))
    for scope, period in periods.items():
        ended |= Q(scope=scope, window_start__lte=now - period)
    deleted, _ = RateCounter.objects.filter(ended).delete()
    return deleted


def client_address(request: HttpRequest) -> str:
    """The client's IP address, trusting X-Forwarded-For only as far as our own proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")

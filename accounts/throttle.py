"""Rate limits shared by every server process: counted in the database or in Redis.

Each scope in settings.RATE_LIMITS allows `limit` events in any `period` (a sliding window): an
event counts for exactly `period` after it happened, so no burst around the edge of a clock
window lets twice the limit through. settings.RATE_LIMIT_STORE chooses where the events live
("db": RateLimitEvent rows, "redis": one sorted set per scope and identity in the default cache's
Redis). Both stores keep the same guarantee under concurrent processes: every process adds its
event first and counts after, so two processes racing for the last place may both be refused,
never both let through. A refused event is not kept, so trying again while refused does not
push the opening further away. Identities (mail addresses, clients) are stored only as HMACs.
"""

import ipaddress
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitEvent

# A Redis log outlives its period by this much, so that an app server whose clock runs a little
# behind still finds the events it would count.
CLOCK_SKEW_ALLOWANCE = timedelta(minutes=1)


@dataclass(frozen=True)
class Limited:
    """The limit of a scope is reached; the next event is allowed after `retry_after`."""

    retry_after: timedelta

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds() / 60))


def _limited(times: list[datetime], limit: int, period: timedelta, now: datetime):
    """Limited when the events at `times` (oldest first, all within the window) leave no room
    for another: the next one is allowed once enough of the oldest have left the window."""
    excess = len(times) - limit
    if excess < 0:
        return None
    return Limited(times[excess] + period - now)


class DatabaseEvents:
    """One RateLimitEvent row per event."""

    def events(self, scope: str, identity: str, since: datetime) -> list[tuple[object, datetime]]:
        events = RateLimitEvent.objects.filter(scope=scope, identity=identity, at__gt=since)
        return list(events.order_by("at").values_list("pk", "at"))

    def add(self, scope: str, identity: str, now: datetime, period: timedelta) -> object:
        return RateLimitEvent.objects.create(scope=scope, identity=identity, at=now).pk

    def remove(self, scope: str, identity: str, event: object) -> None:
        RateLimitEvent.objects.filter(pk=event).delete()

    def clear(self, scope: str, identity: str) -> None:
        RateLimitEvent.objects.filter(scope=scope, identity=identity).delete()


class RedisEvents:
    """A sorted set of event times per scope and identity, in the default cache's Redis."""

    def _redis(self, scope: str, identity: str):
        cache = caches["default"]
        key = cache.make_and_validate_key(f"throttle:{scope}:{identity}")
        # Django's cache API has no sorted sets; its Redis backend's own client is used, so
        # that the counts share the cache's connection pool, server and key prefix.
        return cache._cache.get_client(key, write=True), key

    def events(self, scope: str, identity: str, since: datetime) -> list[tuple[object, datetime]]:
        client, key = self._redis(scope, identity)
        scored = client.zrangebyscore(key, f"({since.timestamp()}", "+inf", withscores=True)
        return [(event, datetime.fromtimestamp(at, tz=since.tzinfo)) for event, at in scored]

    def add(self, scope: str, identity: str, now: datetime, period: timedelta) -> object:
        client, key = self._redis(scope, identity)
        event = uuid.uuid4().hex.encode()
        with client.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", (now - period).timestamp())
            pipe.zadd(key, {event: now.timestamp()})
            pipe.expire(key, period + CLOCK_SKEW_ALLOWANCE)
            pipe.execute()
        return event

    def remove(self, scope: str, identity: str, event: object) -> None:
        client, key = self._redis(scope, identity)
        client.zrem(key, event)

    def clear(self, scope: str, identity: str) -> None:
        client, key = self._redis(scope, identity)
        client.delete(key)


def _store() -> DatabaseEvents | RedisEvents:
    return RedisEvents() if settings.RATE_LIMIT_STORE == "redis" else DatabaseEvents()


def _digest(identity: str) -> str:
    return salted_hmac("accounts.throttle", identity, algorithm="sha256").hexdigest()


def check(scope: str, identity: str) -> Limited | None:
    """Whether `identity` has used up `scope` for now, without counting anything."""
    limit, period = settings.RATE_LIMITS[scope]
    now = timezone.now()
    events = _store().events(scope, _digest(identity), now - period)
    return _limited([at for _, at in events], limit, period, now)


def remaining(scope: str, identity: str) -> int:
    """How many more events `identity` may have in `scope` now."""
    limit, period = settings.RATE_LIMITS[scope]
    events = _store().events(scope, _digest(identity), timezone.now() - period)
    return max(limit - len(events), 0)


def clear(scope: str, identity: str) -> None:
    """Forgets every event of `identity` in `scope` (the limit opens at once)."""
    _store().clear(scope, _digest(identity))


def record(scope: str, identity: str) -> Limited | None:
    """Counts one event, or refuses it (returning Limited, and keeping nothing) when the last
    `period` already holds `limit` of them.

    Call it outside a transaction, as every caller does: in the database store, an event added
    inside one is not seen by other processes until it commits, and they could count past it.
    """
    limit, period = settings.RATE_LIMITS[scope]
    store, digest, now = _store(), _digest(identity), timezone.now()
    event = store.add(scope, digest, now, period)
    events = store.events(scope, digest, now - period)
    if len(events) <= limit:
        return None
    store.remove(scope, digest, event)
    return _limited([at for other, at in events if other != event], limit, period, now)


def expired_events(now: datetime) -> QuerySet:
    """The database events that no longer count (lifecycle.purge_expired deletes them).

    Events of a scope no longer in settings.RATE_LIMITS go once the longest period is over.
    (Redis events go with their set's expiry, or when the set is next written.)
    """
    periods = {scope: period for scope, (_, period) in settings.RATE_LIMITS.items()}
    longest = max(periods.values(), default=timedelta(0))
    ended = Q(at__lte=now - longest) & ~Q(scope__in=list(periods))
    for scope, period in periods.items():
        ended |= Q(scope=scope, at__lte=now - period)
    return RateLimitEvent.objects.filter(ended)


def client_address(request: HttpRequest) -> str:
    """Who the per-client limits count: the client's IPv4 address, or its IPv6 /64 network.

    An IPv6 client is given a whole /64 by its provider (one home, one phone), so counting by
    address would let it change address at every try. X-Forwarded-For is trusted only as far as
    our own proxies (settings.TRUSTED_PROXY_COUNT).
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return client_identity(address)


def client_identity(address: str) -> str:
    """`address` as the per-client limits count it (see client_address)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)

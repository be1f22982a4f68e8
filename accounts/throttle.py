"""Rate limits counted in the database, so they hold across every server process.

Each scope in settings.RATE_LIMITS allows `limit` events per fixed window of `period`.
Identities (mail addresses, client addresses) are stored only as HMACs.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateCounter


@dataclass(frozen=True)
class Limited:
    """The limit of a scope is reached; the next window opens after `retry_after`."""

    retry_after: timedelta

    @property
    def minutes(self) -> int:
        return max(1, -(-int(self.retry_after.total_seconds()) // 60))


def _window(scope: str) -> tuple[int, datetime, datetime]:
    limit, period = settings.RATE_LIMITS[scope]
    seconds = int(period.total_seconds())
    now = timezone.now()
    start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)
    return limit, start, now


def _digest(identity: str) -> str:
    return salted_hmac("accounts.throttle", identity, algorithm="sha256").hexdigest()


def check(scope: str, identity: str) -> Limited | None:
    """Whether `identity` has used up `scope` in the current window, without counting."""
    limit, start, now = _window(scope)
    counter = RateCounter.objects.filter(
        scope=scope, identity=_digest(identity), window_start=start
    ).first()
    if counter and counter.count >= limit:
        return Limited(start + settings.RATE_LIMITS[scope][1] - now)
    return None


def record(scope: str, identity: str) -> Limited | None:
    """Counts one event; returns Limited if it went over the limit.

    The increment is a single UPDATE, so concurrent processes never lose a count;
    under a race both callers may be refused, never both let through past the limit.
    """
    limit, start, now = _window(scope)
    with transaction.atomic():
        counter, _ = RateCounter.objects.get_or_create(
            scope=scope, identity=_digest(identity), window_start=start
        )
        RateCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    counter.refresh_from_db(fields=["count"])
    if counter.count > limit:
        return Limited(start + settings.RATE_LIMITS[scope][1] - now)
    return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address, trusting X-Forwarded-For only as far as our own proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")

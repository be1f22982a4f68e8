"""Matching a counter-made application by 求職番号 and 生年月日, and linking it to an account.

The rules of README "Applications made at the counter", each enforced here and nowhere else.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import throttle
from accounts.models import User

from ..models import Application, CounterLinkLock


@dataclass(frozen=True)
class CounterMatch:
    """The answer to a 求職番号 and 生年月日: an application to link, or nothing (and why not)."""

    application_id: int | None = None
    number: str | None = None
    retry_minutes: int | None = None
    # After a mismatch: how many more the number takes before online linking of it stops.
    remaining_attempts: int | None = None
    # Online linking of the number is stopped (settings.COUNTER_LINK_MAX_FAILURES mismatches).
    locked: bool = False


def match_counter_application(*, number: str, birth_date: date, client: str) -> CounterMatch:
    """Finds the application staff registered at the counter for this 求職番号 and 生年月日.

    `number` is canonical (jobseeker.numbers.normalize) with a valid check digit. Guarantees:
    - every try is counted per client (settings.RATE_LIMITS "counter_link_per_client") before
      anything is looked up, so a refused try learns nothing;
    - mismatches are counted per number over its lifetime, from any client (CounterLinkLock);
      the settings.COUNTER_LINK_MAX_FAILURES-th locks the number, and every later try, the
      right birth date too, is refused without a look-up until staff unlock it
      (jobseeker.services.unlock_counter_link); a match forgives the mismatches before it;
    - the number's count row is locked (SELECT … FOR UPDATE) for the whole try, so concurrent
      tries are compared one after another and never more than that many mismatch;
    - an unknown number, a wrong birth date and an application that already has an account
      give the same answers (counted alike), from one query with every condition in it;
      nothing but the counters is written.
    """
    if limited := throttle.record("counter_link_per_client", client):
        return CounterMatch(retry_minutes=limited.minutes)
    with transaction.atomic():
        tries = _locked_tries(number)
        if tries.locked_at is not None:
            return CounterMatch(locked=True)
        application_id = (
            Application.objects.filter(number=number, birth_date=birth_date, user=None)
            .values_list("pk", flat=True)
            .first()
        )
        if application_id is None:
            return _count_mismatch(tries)
        if tries.failures:
            tries.failures = 0
            tries.save(update_fields=["failures"])
    return CounterMatch(application_id=application_id, number=number)


def _locked_tries(number: str) -> CounterLinkLock:
    """The number's count, created at 0 if new, its row locked until the transaction ends."""
    # INSERT … ON CONFLICT DO NOTHING waits for a concurrent insert of the same number instead
    # of failing, so the first tries of a new number need no retry.
    CounterLinkLock.objects.bulk_create([CounterLinkLock(number=number)], ignore_conflicts=True)
    return CounterLinkLock.objects.select_for_update().get(number=number)


def _count_mismatch(tries: CounterLinkLock) -> CounterMatch:
    tries.failures += 1
    remaining = settings.COUNTER_LINK_MAX_FAILURES - tries.failures
    if remaining > 0:
        tries.save(update_fields=["failures"])
        return CounterMatch(remaining_attempts=remaining)
    # Never "0 tries left": the mismatch that uses up the last one stops linking at once.
    tries.locked_at = timezone.now()
    tries.save(update_fields=["failures", "locked_at"])
    return CounterMatch(locked=True)


def link_counter_application(user: User, application_id: int) -> str | None:
    """Links the application without an account `application_id` to `user`; returns its 求職番号.

    Guarantees: an application is linked to at most one account and an account has at most one
    application, even under concurrent calls: the account's row and then the application's are
    locked (SELECT … FOR UPDATE) and both checked again under the locks. Returns None, changing
    nothing, when the application has an account by then or `user` already has an application.
    A linked number is left with no mismatches counted and unlocked, in the same transaction.
    """
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        application = Application.objects.select_for_update().filter(pk=application_id).first()
        if (
            application is None
            or application.user_id is not None
            or Application.objects.filter(user=user).exists()
        ):
            return None
        application.user = user
        application.save(update_fields=["user", "updated_at"])
        # Mismatches others typed since this applicant's match, or a lock they caused, must not
        # stay on the number of an application its owner has just proved to be theirs.
        CounterLinkLock.objects.filter(number=application.number).update(failures=0, locked_at=None)
    return application.number


def link_on_signup(sender, user: User, link: dict | None, **kwargs) -> None:
    """accounts.signals.account_opened: a new account opened after the counter page matched an
    application (views.CounterAccountView put {"id", "number"} in the signup's link) gets it,
    in the transaction that opens the account."""
    if link is not None:
        link_counter_application(user, link["id"])

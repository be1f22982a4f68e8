"""`manage.py purge_expired` at size (issue #18 item 4): rows go in batches, each its own
transaction; a stop (Ctrl-C, SIGTERM) ends the run between two batches, and the next run
continues. What each kind keeps is tests/test_data_lifecycle.py's."""

import io
import os
import signal
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import post_delete
from django.test.utils import CaptureQueriesContext

from accounts import lifecycle
from accounts.batches import PurgeStopped
from accounts.models import RateLimitEvent, User
from jobseeker.models import ApplicationDraft

START = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
LATER = START + timedelta(days=31)


def drafts(count: int, at: datetime, first: int = 0) -> None:
    with time_machine.travel(at, tick=False):
        for n in range(first, first + count):
            user = User.objects.create(email=f"draft{n}@example.jp")
            ApplicationDraft.objects.create(user=user, data={"step": "basic"})


@pytest.fixture
def seven_old_drafts_and_a_recent_one(db):
    drafts(7, START)
    drafts(1, LATER - timedelta(days=10), first=7)


def transactions(queries: list[dict]) -> list[list[str]]:
    """The captured statements between each BEGIN and its COMMIT."""
    grouped, current = [], None
    for sql in (query["sql"] for query in queries):
        if sql.startswith("BEGIN"):  # SQLite: BEGIN IMMEDIATE (settings)
            current = []
        elif sql == "COMMIT":
            grouped.append(current)
            current = None
        else:
            assert current is not None, f"outside a transaction: {sql}"
            current.append(sql)
    return grouped


@pytest.mark.django_db(transaction=True)
def test_expired_rows_go_in_batches_each_committed_on_its_own():
    scope = "login_failure_per_address"  # counts for 15 minutes
    for n in range(7):
        RateLimitEvent.objects.create(scope=scope, identity=f"old{n}", at=START)
    RateLimitEvent.objects.create(scope=scope, identity="recent", at=LATER - timedelta(minutes=1))
    with CaptureQueriesContext(connection) as captured, time_machine.travel(LATER, tick=False):
        counts = lifecycle.purge_expired(batch_size=3)
    deleting = [
        [sql for sql in statements if sql.startswith('DELETE FROM "accounts_ratelimitevent"')]
        for statements in transactions(captured.captured_queries)
    ]
    assert [len(deletes) for deletes in deleting if deletes] == [1, 1, 1]  # 3 + 3 + 1 rows
    assert counts["rate_limit_events"] == 7
    assert list(RateLimitEvent.objects.values_list("identity", flat=True)) == ["recent"]


def test_a_purge_stopped_after_a_batch_keeps_that_batch_and_the_next_run_finishes(
    seven_old_drafts_and_a_recent_one,
):
    asked = []

    def stop_after_the_first_batch() -> bool:
        asked.append(True)
        return len(asked) > 1

    with time_machine.travel(LATER, tick=False), pytest.raises(PurgeStopped) as stopped:
        lifecycle.purge_expired(batch_size=3, stop_requested=stop_after_the_first_batch)
    assert stopped.value.counts == {"drafts": 3}
    assert ApplicationDraft.objects.count() == 5
    with time_machine.travel(LATER, tick=False):
        assert lifecycle.purge_expired(batch_size=3)["drafts"] == 4
    assert list(ApplicationDraft.objects.values_list("user__email", flat=True)) == [
        "draft7@example.jp"
    ]


def test_sigterm_stops_the_command_after_the_batch_in_hand_and_a_rerun_finishes(
    seven_old_drafts_and_a_recent_one,
):
    received_by_the_test = []

    def test_handler(number, frame):
        received_by_the_test.append(number)  # only if the command did not handle it

    def terminate_once(sender, **kwargs):
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGTERM)

    sent = []
    previous = signal.signal(signal.SIGTERM, test_handler)
    post_delete.connect(terminate_once, sender=ApplicationDraft)
    out = io.StringIO()
    try:
        with time_machine.travel(LATER, tick=False), pytest.raises(CommandError) as stopped:
            call_command("purge_expired", "--batch-size", "3", stdout=out)
        assert signal.getsignal(signal.SIGTERM) is test_handler
    finally:
        post_delete.disconnect(terminate_once, sender=ApplicationDraft)
        signal.signal(signal.SIGTERM, previous)
    assert received_by_the_test == []
    assert "Run purge_expired again to continue." in str(stopped.value)
    assert out.getvalue().splitlines() == ["     3  drafts"]
    assert ApplicationDraft.objects.count() == 5

    out = io.StringIO()
    with time_machine.travel(LATER, tick=False):
        call_command("purge_expired", "--batch-size", "3", stdout=out)
    assert out.getvalue().splitlines()[0] == "     4  drafts"
    assert ApplicationDraft.objects.count() == 1


def test_the_batch_size_must_be_positive(db):
    with pytest.raises(CommandError, match="--batch-size"):
        call_command("purge_expired", "--batch-size", "0")

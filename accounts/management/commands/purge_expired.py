"""Deletes what has expired (drafts, 認証キー and their mails, rate-limit events, sessions,
finished mail tasks): run it daily from cron.

It prints one line per kind accounts.lifecycle.purge_expired returns; what each kind keeps and
why is in that function's docstring. Rows go --batch-size at a time, each batch its own
transaction; Ctrl-C or SIGTERM stops it after the batch in hand (a second one at once), and
running it again continues (docs/operations.md, "The purge at size").
"""

import argparse
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from accounts.batches import DEFAULT_BATCH_SIZE, PurgeStopped
from accounts.lifecycle import purge_expired

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT or SIGTERM sets `stop` instead of ending the process, and puts back the previous
    handler, so that a second signal acts at once (a batch it cuts short rolls back)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}

    def request_stop(number, frame):
        stop.set()
        for restored, handler in previous.items():
            signal.signal(restored, handler)

    for number in STOP_SIGNALS:
        signal.signal(number, request_stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class Command(BaseCommand):
    help = "Deletes what has expired: drafts, 認証キー, rate-limit events, sessions… (repeatable)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=DEFAULT_BATCH_SIZE,
            help=f"rows deleted per transaction (default {DEFAULT_BATCH_SIZE})",
        )

    def handle(self, *args, batch_size: int, **options):
        stop = threading.Event()
        with stop_on_signals(stop):
            try:
                counts = purge_expired(batch_size=batch_size, stop_requested=stop.is_set)
            except PurgeStopped as stopped:
                self._print(stopped.counts)
                raise CommandError(
                    "Stopped between two batches: what is counted above is deleted, nothing is "
                    "half done. Run purge_expired again to continue."
                ) from None
        self._print(counts)

    def _print(self, counts: dict[str, int]) -> None:
        for kind, count in counts.items():
            self.stdout.write(f"{count:6d}  {kind.replace('_', ' ')}")

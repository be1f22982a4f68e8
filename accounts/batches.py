"""The purge at the size of the whole country (issue #18 item 4): rows deleted in batches, each
batch its own short transaction, with a point between two batches where a run can stop and from
which the next run continues.

A single DELETE of a month of rate-limit events or sessions would hold its locks and its snapshot
for minutes and, stopped, roll everything back; a batch holds them for milliseconds and is either
committed whole or not begun.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

DEFAULT_BATCH_SIZE = 1000


class PurgeStopped(Exception):
    """A stop was asked for: the run ended between two batches. Every batch before is committed
    and the next was never begun, so nothing is half done; `counts` is what was deleted."""

    def __init__(self, counts: dict[str, int]):
        super().__init__("stopped between two batches")
        self.counts = counts


@dataclass
class BatchedPurge:
    """One run of the purge: its time, rows per transaction, how many of each kind it has
    deleted so far, and `stop_requested`, asked before every batch (a signal handler sets it)."""

    now: datetime
    batch_size: int = DEFAULT_BATCH_SIZE
    stop_requested: Callable[[], bool] = lambda: False
    counts: dict[str, int] = field(default_factory=dict)

    def delete(self, kind: str | None, queryset: QuerySet) -> None:
        """Deletes every row of `queryset` (and what cascades from it) batch by batch, counting
        the rows of its own model under `kind` (None: counted nowhere)."""
        label = queryset.model._meta.label
        self._each_batch(kind, queryset, lambda batch: batch.delete()[1].get(label, 0))

    def update(self, kind: str, queryset: QuerySet, **values) -> None:
        """Sets `values` on every row of `queryset` batch by batch, counting them under `kind`.
        The values must take a row out of `queryset`, as a purge's do."""
        self._each_batch(kind, queryset, lambda batch: batch.update(**values))

    def _each_batch(
        self, kind: str | None, queryset: QuerySet, action: Callable[[QuerySet], int]
    ) -> None:
        """Runs `action` on the rows of `queryset`, at most batch_size at a time, each batch in
        its own transaction: the next primary keys after the previous batch's, and the rows
        among them that still match when the action runs. Starting after the previous batch
        means no batch reads again the entries of rows just deleted, which stay in the indexes
        until VACUUM."""
        if kind is not None:
            self.counts.setdefault(kind, 0)
        after = None
        while True:
            if self.stop_requested():
                raise PurgeStopped(self.counts)
            pending = queryset.order_by("pk")
            if after is not None:
                pending = pending.filter(pk__gt=after)
            with transaction.atomic():
                pks = list(pending.values_list("pk", flat=True)[: self.batch_size])
                done = action(queryset.filter(pk__in=pks)) if pks else 0
            if kind is not None:
                self.counts[kind] += done
            if len(pks) < self.batch_size:
                return
            after = pks[-1]

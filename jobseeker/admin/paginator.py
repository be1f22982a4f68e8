"""The counter's list pages without counting a million rows (docs/scale.md)."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count costs a few milliseconds, and is shown as it is.
ESTIMATE_ABOVE = 10_000


class EstimatedCountPaginator(Paginator):
    """Counts a filtered list exactly (the filters and the search narrow it through indexes,
    and "「山田」の検索結果：3件" must be true), but takes PostgreSQL's estimate of the table's
    rows (pg_class.reltuples, kept by autovacuum's ANALYZE) for an unfiltered list of the whole
    table, which only a superuser has: COUNT(*) there reads every row, on every page."""

    @property
    def estimated(self) -> bool:
        """Whether `count` is PostgreSQL's estimate (the list says 約)."""
        return self._estimate is not None

    @cached_property
    def count(self) -> int:
        return self.object_list.count() if self._estimate is None else self._estimate

    @cached_property
    def _estimate(self) -> int | None:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        # -1: never analysed yet.
        if row is None or row[0] < ESTIMATE_ABOVE:
            return None
        return row[0]

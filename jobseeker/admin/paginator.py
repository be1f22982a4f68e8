"""The counter's list pages without counting hundreds of thousands of rows (docs/scale.md)."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count costs a few milliseconds, and is shown as it is.
ESTIMATE_ABOVE = 10_000


class EstimatedCountPaginator(Paginator):
    """Counts a list exactly when PostgreSQL's planner expects it to be small (a search, a
    filter that narrows: "「山田」の検索結果：3件" is then true), and otherwise shows the
    planner's estimate of its rows (from the statistics autovacuum's ANALYZE keeps): a big
    office's list, or a superuser's of every office, would be counted row by row on every
    page, a third of a second at 300,000 rows."""

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
        if connection.vendor != "postgresql":
            return None
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            (plan,) = cursor.fetchone()
        rows = int(plan[0]["Plan"]["Plan Rows"])
        return rows if rows >= ESTIMATE_ABOVE else None

"""Migrations that touch the big tables are safe on a live database (issue #18 item 4; the
checklist in docs/operations.md, "Migrations on a live database").

Each migration of accounts and jobseeker from LIVE_SINCE on is turned into the SQL it runs on
PostgreSQL (as `manage.py sqlmigrate` does), and that SQL is read for what would lock a table
that grows with the people registered for the length of a scan, an index build or a rewrite.
The migrations before ran on small tables, and never run again on a live one.
"""

import re

import pytest
from django.apps import apps
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import connection, migrations, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's SQL"),
    # AddIndexConcurrently refuses to run, even to print its SQL, inside the test transaction.
    pytest.mark.django_db(transaction=True),
]

# The first migration of each app that runs on the national data set (issue #18): from here on,
# every migration must be safe on a live database of that size.
LIVE_SINCE = {"accounts": 12, "jobseeker": 17}
# Tables that stay small whatever the number of people: the offices (544 in the country).
SMALL_TABLES = {"jobseeker_office"}
# A migration a reviewer has checked against the checklist although a rule flags it, with why
# (e.g. a varchar made longer, which PostgreSQL does in the catalog only):
# {("jobseeker", "0018_…"): "why it is safe"}.
REVIEWED: dict[tuple[str, str], str] = {}

TABLE = r'"(?P<table>\w+)"'
RULES = [
    (
        re.compile(rf"^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY).* ON {TABLE}"),
        "builds an index while writes wait: AddIndexConcurrently in a migration with "
        "atomic = False (a field's db_index or a ForeignKey's index: db_index=False, then the "
        "index concurrently)",
    ),
    (
        re.compile(rf"^ALTER TABLE {TABLE} .*ALTER COLUMN \S+ TYPE "),
        "changes a column's type, which rewrites the table under an exclusive lock: a new "
        "column, filled in batches, then switched to",
    ),
    (
        re.compile(rf"^ALTER TABLE {TABLE} .*SET NOT NULL"),
        "SET NOT NULL reads every row under an exclusive lock: a CHECK (… IS NOT NULL) NOT "
        "VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL",
    ),
    (
        re.compile(rf"^ALTER TABLE {TABLE} ADD CONSTRAINT (?!.*NOT VALID)"),
        "checks every row, or builds a unique index, under lock: a check or foreign key "
        "NOT VALID then VALIDATE CONSTRAINT; a unique one from an index made concurrently",
    ),
    (
        re.compile(rf"^ALTER TABLE {TABLE} ADD COLUMN .*GENERATED ALWAYS AS .* STORED"),
        "a stored generated column rewrites the table: a plain column filled in batches",
    ),
    (
        re.compile(rf"^ALTER TABLE {TABLE} ADD COLUMN .*DEFAULT .*(random|uuid|clock_timestamp)\("),
        "a volatile default is computed for every row, rewriting the table: add the column "
        "without it, then fill it in batches",
    ),
]
CREATE_TABLE = re.compile(rf"^CREATE TABLE {TABLE}")
# Which table a DROP INDEX is on is not in its SQL: concurrently on any table of these apps.
DROP_INDEX = re.compile(r"^DROP INDEX (?!CONCURRENTLY)")


def big_tables() -> set[str]:
    return {
        model._meta.db_table
        for label in ("accounts", "jobseeker")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    } - SMALL_TABLES


def unsafe_statements(statements: list[str]) -> list[str]:
    """Each statement that locks a big table for long, with what to do instead."""
    found = []
    tables = big_tables()
    for sql in statements:
        sql = " ".join(sql.split())
        if created := CREATE_TABLE.search(sql):
            tables.discard(created["table"])  # empty until the migration has run
        for pattern, advice in RULES:
            match = pattern.search(sql)
            if match and match["table"] in tables:
                found.append(f"{sql[:200]} — {advice}")
        if DROP_INDEX.search(sql):
            found.append(f"{sql[:200]} — RemoveIndexConcurrently, atomic = False")
    return found


def migration_sql(migration, state: ProjectState) -> list[str]:
    with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
        migration.apply(state, editor, collect_sql=True)
    return editor.collected_sql


def unsafe_in(executor: MigrationExecutor, label: str, name: str) -> list[str]:
    migration = executor.loader.graph.nodes[label, name]
    state = executor.loader.project_state((label, name), at_end=False)
    return unsafe_statements(migration_sql(migration, state))


def test_every_migration_since_the_national_data_set_is_safe_on_a_live_database():
    executor = MigrationExecutor(connection)
    unsafe = {}
    for label, name in executor.loader.graph.nodes:
        if label not in LIVE_SINCE or int(name[:4]) < LIVE_SINCE[label]:
            continue
        if (label, name) not in REVIEWED and (found := unsafe_in(executor, label, name)):
            unsafe[f"{label}.{name}"] = found
    assert not unsafe, f"unsafe on a live database (docs/operations.md): {unsafe}"


# The check itself: what it must find, and what it must let through.


def on_applications(*operations, atomic=True):
    migration = migrations.Migration("0999_check", "jobseeker")
    migration.operations, migration.atomic = list(operations), atomic
    state = MigrationExecutor(connection).loader.project_state()
    return unsafe_statements(migration_sql(migration, state))


def test_the_check_finds_an_index_built_while_writes_wait():
    index = models.Index(fields=["family_name_kana"], name="application_kana_idx")
    assert on_applications(migrations.AddIndex("application", index))
    assert on_applications(AddIndexConcurrently("application", index), atomic=False) == []


def test_the_check_finds_a_rewrite_and_a_scan_under_lock():
    assert on_applications(migrations.AlterField("application", "city", models.TextField()))
    assert on_applications(
        migrations.AddField("application", "note", models.CharField(max_length=10, null=True)),
        migrations.AlterField("application", "note", models.CharField(max_length=10)),
    )


def test_the_check_lets_a_nullable_column_and_one_with_a_database_default_through():
    assert (
        on_applications(
            migrations.AddField("application", "note", models.TextField(null=True)),
            migrations.AddField("application", "flagged", models.BooleanField(db_default=False)),
        )
        == []
    )


def test_the_check_finds_a_foreign_key_index_and_a_unique_constraint():
    assert on_applications(
        migrations.AddField(
            "application",
            "second_office",
            models.ForeignKey("jobseeker.Office", models.PROTECT, null=True, related_name="+"),
        )
    )
    assert on_applications(
        migrations.AddConstraint(
            "application",
            models.UniqueConstraint(fields=["email", "phone_mobile"], name="one_per_contact"),
        )
    )


def test_the_check_names_what_earlier_migrations_did_to_then_small_tables():
    """Before LIVE_SINCE the tables were small; on today's they would have waited or locked."""
    executor = MigrationExecutor(connection)
    constraint = unsafe_in(executor, "jobseeker", "0013_auditrecord_staff_unless_by_applicant")
    assert any("auditrecord_staff_unless_by_applicant" in found for found in constraint)
    index = unsafe_in(executor, "jobseeker", "0004_counter")
    assert any('ON "jobseeker_application" ("accepted_by_id")' in found for found in index)
    assert unsafe_in(executor, "jobseeker", "0015_expiry_reminder") == []  # a new table

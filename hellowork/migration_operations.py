"""Migration operations for tables that stay in use while they migrate (docs/scale.md).

A plain CREATE INDEX holds a lock that blocks every write to the table while it builds: minutes
on a million applications, during which no one can submit or be accepted. These build indexes
with PostgreSQL's CREATE INDEX CONCURRENTLY instead, so a migration that uses them must say
`atomic = False` (CONCURRENTLY cannot run inside a transaction). Other databases (SQLite in
development and tests) get a plain CREATE INDEX, or nothing for what only PostgreSQL can build.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class AddIndexWithoutLocking(AddIndexConcurrently):
    """An index of the model's Meta.indexes, built without blocking writes on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(
            self, app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(
            self, app_label, schema_editor, from_state, to_state
        )


class AddPostgreSQLIndex(AddIndexConcurrently):
    """An index only PostgreSQL can build (a GIN index of trigrams), built without blocking
    writes; other databases skip it.

    It stays out of the model's state (Meta.indexes): SQLite rebuilds a table with every index of
    the state when a field changes, and would fail on this one. The model's code names it in a
    comment, and a test proves the queries it is made for use it.
    """

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return
        self._ensure_not_in_transaction(schema_editor)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)

    def describe(self):
        return f"Concurrently create index {self.index.name} on {self.model_name} (PostgreSQL)"

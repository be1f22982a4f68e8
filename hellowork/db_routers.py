"""Reads on a streaming replica (issue #18 item 5): which database a query goes to when
DATABASE_REPLICA_URL adds a "replica" to settings.DATABASES.

A replica is a little behind the primary, so nothing reads from it by default: a view that can
show data a moment old (the admin's 業務統計 and CSV exports) chooses it explicitly, with
`queryset.using(replica_alias())`, and every other read, above all one that must see a write
just made, stays on the primary. The router makes sure nothing is ever written to, or
migrated on, the replica.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"


def replica_alias() -> str:
    """The database for reads that may be a little behind: the replica when there is one."""
    return REPLICA if REPLICA in settings.DATABASES else DEFAULT_DB_ALIAS


class PrimaryReplicaRouter:
    """Writes and migrations on the primary only; reads where the queryset says (the primary
    unless a view chose replica_alias()). Without it, saving an object read from the replica
    would be sent to the replica (Django writes an instance back to the database it came from)."""

    def db_for_read(self, model, **hints):
        return None  # the primary, or the database of the instance the read starts from

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The same rows, whichever copy an object was read from.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS

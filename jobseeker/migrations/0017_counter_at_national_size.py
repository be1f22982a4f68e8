"""Indexes for the counter at a million applications (docs/scale.md), built without blocking
writes: CREATE INDEX CONCURRENTLY on PostgreSQL, hence not atomic."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Cast, Replace, Upper

from hellowork.migration_operations import AddIndexWithoutLocking, AddPostgreSQLIndex
from jobseeker.models.search import Joined

# jobseeker.models.search.search_document() as this migration built its index; UPPER(…::text)
# is what Django's icontains makes of it, so the planner matches the index to the query.
SPACE = Value(" ")
SEARCH_DOCUMENT = Upper(
    Cast(
        Joined(
            SPACE,
            "family_name",
            SPACE,
            "given_name",
            SPACE,
            "family_name_kana",
            SPACE,
            "given_name_kana",
            SPACE,
            "email",
            SPACE,
            Replace("phone_fixed", Value("-"), Value("")),
            SPACE,
            Replace("phone_mobile", Value("-"), Value("")),
        ),
        models.TextField(),
    )
)


def analyze(apps, schema_editor):
    """Statistics of the new index's expression: without them the planner guesses that any
    search term matches 100 rows and may read a million to find them."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE jobseeker_application")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobseeker", "0016_online_renewal"),
    ]

    operations = [
        TrigramExtension(),
        AddPostgreSQLIndex(
            model_name="application",
            index=GinIndex(
                OpClass(SEARCH_DOCUMENT, name="gin_trgm_ops"), name="application_search_trgm"
            ),
        ),
        AddIndexWithoutLocking(
            model_name="application",
            index=models.Index(
                fields=["office", "submitted_at", "id"],
                include=["status", "valid_until", "employment_type"],
                name="application_office_list",
            ),
        ),
        AddIndexWithoutLocking(
            model_name="application",
            index=models.Index(fields=["submitted_at", "id"], name="application_list"),
        ),
        AddIndexWithoutLocking(
            model_name="application",
            index=models.Index(fields=["office", "accepted_at"], name="application_office_accepted"),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]

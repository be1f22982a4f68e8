"""The counter finds an application by its account's mail address (jobseeker/admin/search.py):
a GIN index of trigrams on UPPER(email), built without blocking writes (PostgreSQL only;
docs/scale.md)."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models.functions import Cast, Upper

from hellowork.migration_operations import AddPostgreSQLIndex


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0011_sent_mail_expiry_reminder_kinds"),
    ]

    operations = [
        TrigramExtension(),
        AddPostgreSQLIndex(
            model_name="user",
            index=GinIndex(
                OpClass(Upper(Cast("email", models.TextField())), name="gin_trgm_ops"),
                name="user_email_trgm",
            ),
        ),
    ]

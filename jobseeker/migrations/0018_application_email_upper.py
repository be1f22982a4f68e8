"""The counter finds a whole mail address exactly (jobseeker/admin/search.py) from a B-tree
index on UPPER(email), built without blocking writes (docs/scale.md)."""

from django.db import migrations, models
from django.db.models.functions import Cast, Upper

from hellowork.migration_operations import AddIndexWithoutLocking


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobseeker", "0017_counter_at_national_size"),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="application",
            index=models.Index(
                Upper(Cast("email", models.TextField())), name="application_email_upper"
            ),
        ),
    ]

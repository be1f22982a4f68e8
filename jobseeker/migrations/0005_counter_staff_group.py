"""The 窓口職員 group with exactly what the counter needs, and the demo office's area."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "窓口職員"
# Counter staff find, view, complete and accept applications, and register one for a person
# without an account. They delete nothing and administer no accounts or groups.
PERMISSIONS = [
    ("jobseeker", "add_application"),
    ("jobseeker", "change_application"),
    ("jobseeker", "view_application"),
    ("jobseeker", "add_qualification"),
    ("jobseeker", "change_qualification"),
    ("jobseeker", "view_qualification"),
    ("jobseeker", "add_workhistory"),
    ("jobseeker", "change_workhistory"),
    ("jobseeker", "view_workhistory"),
    ("jobseeker", "view_office"),
]


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in PERMISSIONS
        ]
    )
    apps.get_model("jobseeker", "Office").objects.filter(code="74601").update(
        service_area="鹿児島県伊佐市\n鹿児島県姶良郡湧水町"
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jobseeker", "0004_counter"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

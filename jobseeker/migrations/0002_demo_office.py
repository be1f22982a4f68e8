"""The demo office, ハローワーク大口, so that a fresh database can serve applicants at once."""

from django.db import migrations

DEMO_OFFICE = {
    "code": "74601",
    "name": "ハローワーク大口",
    "postal_code": "895-2511",
    "address": "鹿児島県伊佐市大口里768-1",
    "phone": "0995-22-8609",
    "opening_hours": "平日 8時30分〜17時15分（土・日・祝日・年末年始を除く）",
}


def create_demo_office(apps, schema_editor):
    Office = apps.get_model("jobseeker", "Office")
    Office.objects.update_or_create(code=DEMO_OFFICE["code"], defaults=DEMO_OFFICE)


def remove_demo_office(apps, schema_editor):
    apps.get_model("jobseeker", "Office").objects.filter(code=DEMO_OFFICE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("jobseeker", "0001_initial")]

    operations = [migrations.RunPython(create_demo_office, remove_demo_office)]

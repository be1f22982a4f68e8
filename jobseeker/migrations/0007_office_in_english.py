"""The office's name, address and hours in English, and the demo office's English values."""

from django.db import migrations, models

DEMO_OFFICE_CODE = "74601"
DEMO_OFFICE_IN_ENGLISH = {
    "name_en": "Hello Work Oguchi",
    "address_en": "768-1 Oguchisato, Isa-shi, Kagoshima",
    "opening_hours_en": (
        "Weekdays 8:30–17:15 "
        "(closed on Saturdays, Sundays, national holidays and over the New Year)"
    ),
}


def fill_demo_office_in_english(apps, schema_editor):
    Office = apps.get_model("jobseeker", "Office")
    Office.objects.filter(code=DEMO_OFFICE_CODE).update(**DEMO_OFFICE_IN_ENGLISH)


class Migration(migrations.Migration):
    dependencies = [("jobseeker", "0006_answers_changed_at")]

    operations = [
        migrations.AddField(
            model_name="office",
            name="address_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="所在地（英語）"),
        ),
        migrations.AddField(
            model_name="office",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="名称（英語）"),
        ),
        migrations.AddField(
            model_name="office",
            name="opening_hours_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="開庁時間（英語）"),
        ),
        migrations.RunPython(fill_demo_office_in_english, migrations.RunPython.noop),
    ]

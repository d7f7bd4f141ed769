from django.db import migrations, models


def forget_counts(apps, schema_editor):
    """The cached counts are computed again, with the new columns, when next read."""
    apps.get_model("results", "CountsState").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("results", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="countsstate",
            name="valid",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="countsstate",
            name="units_below",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
    ]

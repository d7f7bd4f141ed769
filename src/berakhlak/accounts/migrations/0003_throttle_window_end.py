"""Rate-limit rows keep the end of their window (and their limit's name), so that a row can
be deleted as soon as it counts nothing more. Rows in progress are forgotten."""

from django.db import migrations, models


def forget_counts(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("accounts", "Throttle").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_throttle_unlogged")]

    operations = [
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
        migrations.RenameField("throttle", "window_start", "window_end"),
        migrations.AddField(
            model_name="throttle",
            name="limit_name",
            field=models.CharField(default="", max_length=40),
        ),
    ]

"""The Throttle model moves to the shared package (berakhlak.common); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_throttle_window_end"), ("common", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Throttle")],
            database_operations=[],
        )
    ]

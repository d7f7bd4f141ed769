"""The Throttle model moves here from the accounts app; its table stays as it is."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("accounts", "0003_throttle_window_end")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Throttle",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=64, unique=True)),
                        ("limit_name", models.CharField(default="", max_length=40)),
                        ("window_end", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                        ("blocked_until", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={"db_table": "accounts_throttle"},
                )
            ],
            database_operations=[],
        )
    ]

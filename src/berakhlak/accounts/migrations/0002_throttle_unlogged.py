"""The rate-limit counters need no crash safety: on PostgreSQL their table is UNLOGGED.

A change to an unlogged table writes no WAL, so counting an attempt does not wait for the
disk (with the questionnaire's limit on, that wait was the most expensive part of a
submission). After a crash of the database server the table starts empty: a lockout or a
limit in progress is forgotten, which is harmless.
"""

from django.db import migrations


def unlogged(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE accounts_throttle SET UNLOGGED")


def logged(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE accounts_throttle SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(unlogged, logged)]

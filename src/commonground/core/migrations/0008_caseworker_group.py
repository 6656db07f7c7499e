"""A group for the caseworker role (hate-incident casework), like the other roles' groups."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="caseworker")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="caseworker").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0007_rtl_strategy_translations")]
    operations = [migrations.RunPython(create_group, remove_group)]

from django.db import migrations


def grant_existing(apps, schema_editor):
    """Give ``core.acts_for_an_organisation`` to every account with a confirmed membership."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("core", "User")
    content_type, _ = ContentType.objects.get_or_create(app_label="core", model="membership")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="acts_for_an_organisation",
        defaults={"name": "Acts for an organisation (kept by the app)"},
    )
    for user in User.objects.filter(memberships__status="confirmed").distinct():
        user.user_permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_caseworker_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="membership",
            options={
                "ordering": ["organisation", "-requested_at", "-pk"],
                "permissions": [
                    ("acts_for_an_organisation", "Acts for an organisation (kept by the app)")
                ],
                "verbose_name": "membership",
            },
        ),
        migrations.RunPython(grant_existing, migrations.RunPython.noop),
    ]

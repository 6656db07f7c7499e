# Short strategy texts in other languages (issue 11, part 3): see core.models.strategy.Translatable.

from django.db import migrations, models


def _field():
    return models.JSONField(
        blank=True,
        default=dict,
        help_text="Short texts in other languages, by language code, then field.",
        verbose_name="translations",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_task_leases"),
    ]

    operations = [
        migrations.AddField(model_name=model, name="translations", field=_field())
        for model in ("strategy", "pillar", "objective", "priority", "challenge")
    ]

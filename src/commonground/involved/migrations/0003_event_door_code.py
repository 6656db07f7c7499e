"""Each event gets its own door code (for the mixing-challenges app): added empty, filled
with a fresh code per existing event, then made unique."""

from django.db import migrations, models

import commonground.involved.models


def fill_codes(apps, schema_editor):
    Event = apps.get_model("involved", "Event")
    for event in Event.objects.filter(door_code__isnull=True).only("pk").iterator():
        Event.objects.filter(pk=event.pk).update(
            door_code=commonground.involved.models.new_door_code()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("involved", "0002_registration_reminded_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="door_code",
            field=models.CharField(editable=False, max_length=24, null=True),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="door_code",
            field=models.CharField(
                default=commonground.involved.models.new_door_code,
                editable=False,
                help_text="Printed as a QR code at the door for the mixing-challenges app: "
                "unlike the UID it is in no feed, so only people at the event have it.",
                max_length=24,
                unique=True,
                verbose_name="door QR code",
            ),
        ),
    ]

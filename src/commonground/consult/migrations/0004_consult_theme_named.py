# A theme the platform proposed is published only once an officer has named it.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consult", "0003_task_recovery"),
    ]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="named_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="named"),
        ),
    ]

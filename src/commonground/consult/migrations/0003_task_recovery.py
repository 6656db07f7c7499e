# Background task recovery: each analysis run records its task, so a dead run is seen (issue 10, finding 7).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("consult", "0002_activity_withdraw_and_edit")]

    operations = [
        migrations.AddField(
            model_name="analysisrun",
            name="task_id",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]

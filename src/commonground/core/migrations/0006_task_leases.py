# Background task leases and the failed-work page (issue 10, finding 7).
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_append_only"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskLease",
            fields=[
                (
                    "task",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="lease",
                        serialize=False,
                        to="django_tasks_database.dbtaskresult",
                    ),
                ),
                ("worker_id", models.CharField(blank=True, max_length=64)),
                ("host", models.CharField(blank=True, max_length=255)),
                ("pid", models.PositiveIntegerField(blank=True, null=True)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("lease_until", models.DateTimeField(blank=True, null=True)),
                ("heartbeat_at", models.DateTimeField(blank=True, null=True)),
                ("note", models.TextField(blank=True)),
                ("retried_as", models.UUIDField(blank=True, null=True)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["lease_until"], name="core_taskle_lease_u_6e916e_idx")
                ],
            },
        ),
    ]

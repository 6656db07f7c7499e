# Organisation membership: who may act for an organisation (issue 10, finding 6).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def carry_over_organisations(apps, schema_editor):
    """Every account's organisation becomes a confirmed membership.

    Before memberships existed an account's organisation could only be set by the
    administrators (there was no page for it), so it stands as confirmed, by nobody in
    particular.  Proposals that named an organisation their proposer did not belong to
    are not touched: they show as unconfirmed to officers and the public (fund docs).
    """
    User = apps.get_model("core", "User")
    Membership = apps.get_model("core", "Membership")
    now = timezone.now()
    Membership.objects.bulk_create(
        Membership(
            user_id=user_id,
            organisation_id=organisation_id,
            status="confirmed",
            confirmed_at=now,
            decided_at=now,
        )
        for user_id, organisation_id in User.objects.filter(organisation__isnull=False).values_list(
            "pk", "organisation_id"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_strategy")]

    operations = [
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("requested", "Waiting for confirmation"),
                            ("confirmed", "Confirmed"),
                            ("refused", "Refused"),
                            ("ended", "Ended"),
                        ],
                        db_index=True,
                        default="requested",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "is_admin",
                    models.BooleanField(
                        default=False,
                        help_text="May confirm, refuse and end this organisation's memberships.",
                        verbose_name="organisation admin",
                    ),
                ),
                ("requested_at", models.DateTimeField(auto_now_add=True, verbose_name="asked")),
                (
                    "confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="ended")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="core.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "ordering": ["organisation", "-requested_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["requested", "confirmed"])),
                        fields=("user", "organisation"),
                        name="core_membership_one_open",
                    )
                ],
            },
        ),
        migrations.RunPython(carry_over_organisations, migrations.RunPython.noop),
    ]

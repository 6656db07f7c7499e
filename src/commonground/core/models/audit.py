from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = "Audit events are append-only."


class AuditEventQuerySet(models.QuerySet):
    """Reading and adding only: bulk changes are refused here, before the database's trigger.

    The database enforces the same rule for everyone else (migration 0005): PostgreSQL
    refuses UPDATE and DELETE of an audit row, SQLite refuses UPDATE. Deleting an account
    goes through Django's base manager, not this one, and the trigger lets exactly that
    change through: the account link becomes NULL, `actor_label` keeps who acted.
    """

    def update(self, **kwargs):
        raise PermissionError(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError(APPEND_ONLY)

    def update_or_create(self, *args, **kwargs):
        raise PermissionError(APPEND_ONLY)

    def delete(self):
        raise PermissionError(APPEND_ONLY)

    delete.queryset_only = True


class AuditEvent(models.Model):
    """One row per change to something the public relies on: append-only.

    Published figures, votes, results and strategy loads all record here through
    `commonground.core.audit.record`, so a Board member can see who changed what, when and why.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=150, blank=True, help_text=_("Who acted, kept if the account is deleted.")
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or '-'} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(APPEND_ONLY)

"""Keep ``safety.staffs_a_reporting_centre`` (the header's flag, see ``models.CENTRE_STAFF_FLAG``)
in step when a membership or a person's default organisation changes: both are core's, so
safety listens rather than asking core to know about reporting centres."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save


def _membership_changed(sender, instance, **kwargs) -> None:
    from .models import ReportingCentre, sync_centre_flag

    if ReportingCentre.objects.filter(organisation_id=instance.organisation_id).exists():
        sync_centre_flag(instance.user)


def _user_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    from .models import CENTRE_STAFF_FLAG, ReportingCentre, sync_centre_flag

    if created or (update_fields is not None and "organisation" not in update_fields):
        return  # a login's last_login, a changed name … cannot change the flag
    organisation_id = instance.organisation_id
    if (
        organisation_id is not None
        and ReportingCentre.objects.filter(organisation_id=organisation_id).exists()
    ) or instance.user_permissions.filter(codename=CENTRE_STAFF_FLAG).exists():
        sync_centre_flag(instance)


def connect() -> None:
    from commonground.core.models import Membership, User

    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="safety-centre-m-save")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="safety-centre-m-del")
    post_save.connect(_user_saved, sender=User, dispatch_uid="safety-centre-user")

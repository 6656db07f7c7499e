"""The membership actions: asking to join an organisation, confirming, refusing, ending.

Each is one audited state change, asked for by a permission name declared in `core.rules`
(`core.request_membership`, `core.decide_membership`, …).  They also keep
`User.organisation` (the organisation a person acts for by default) consistent: set on
confirmation when empty, cleared or moved to another confirmed organisation when the
membership it rests on ends.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core import audit
from commonground.core.models import Membership, MembershipStatus, Organisation, User


def _require(user, permission: str, target=None) -> None:
    """Refuse unless `user` holds the core permission `permission` on `target`."""
    if user is None or not user.has_perm(permission, target):
        raise PermissionDenied


def _lock(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )


def _audit_data(membership: Membership) -> dict:
    return {
        "organisation": membership.organisation.slug,
        "user": membership.user.get_username(),
        "status": membership.status,
        "admin": membership.is_admin,
    }


def request_membership(*, actor: User, organisation: Organisation) -> Membership:
    """Ask to act for `organisation`; an officer or one of its admins decides."""
    _require(actor, "core.request_membership", organisation)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=actor, organisation=organisation)
            audit.record(
                "core.membership_requested",
                actor=actor,
                obj=membership,
                data=_audit_data(membership),
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already asked to join %(organisation)s, or are a member.")
            % {"organisation": organisation.name}
        ) from None
    return membership


def _decide(
    actor: User, membership: Membership, *, confirm: bool, admin: bool = False
) -> Membership:
    with transaction.atomic():
        membership = _lock(membership)
        _require(actor, "core.decide_membership", membership)
        if admin:
            _require(actor, "core.appoint_organisation_admin", membership)
        if membership.status != MembershipStatus.REQUESTED:
            raise ValidationError(_("This request has already been decided."))
        now = timezone.now()
        membership.status = MembershipStatus.CONFIRMED if confirm else MembershipStatus.REFUSED
        membership.decided_at = now
        membership.decided_by = actor
        membership.is_admin = bool(confirm and admin)
        if confirm:
            membership.confirmed_at = now
        membership.save()
        if confirm and membership.user.organisation_id is None:
            membership.user.organisation = membership.organisation
            membership.user.save(update_fields=["organisation"])
        audit.record(
            "core.membership_confirmed" if confirm else "core.membership_refused",
            actor=actor,
            obj=membership,
            data=_audit_data(membership),
        )
    return membership


def confirm_membership(*, actor: User, membership: Membership, admin: bool = False) -> Membership:
    """Confirm a request: the person may now act for the organisation (its admin if `admin`)."""
    return _decide(actor, membership, confirm=True, admin=admin)


def refuse_membership(*, actor: User, membership: Membership) -> Membership:
    """Refuse a request; the person sees "Refused" on their account page."""
    return _decide(actor, membership, confirm=False)


def end_membership(*, actor: User, membership: Membership) -> Membership:
    """End a membership (or withdraw a request): the person no longer acts for the organisation.

    Proposals submitted while it was confirmed keep naming the organisation: the row stays
    with its end date so that history can be told.
    """
    with transaction.atomic():
        membership = _lock(membership)
        _require(actor, "core.end_membership", membership)
        if not membership.is_open:
            raise ValidationError(_("This membership has already ended."))
        membership.status = MembershipStatus.ENDED
        membership.ended_at = timezone.now()
        membership.is_admin = False
        membership.save()
        user = membership.user
        if user.organisation_id == membership.organisation_id:
            user.organisation = user.confirmed_organisations().first()
            user.save(update_fields=["organisation"])
        audit.record(
            "core.membership_ended", actor=actor, obj=membership, data=_audit_data(membership)
        )
    return membership


def set_admin(*, actor: User, membership: Membership, admin: bool) -> Membership:
    """Give or take a confirmed member's admin flag (officers only)."""
    with transaction.atomic():
        membership = _lock(membership)
        _require(actor, "core.appoint_organisation_admin", membership)
        if not membership.is_confirmed:
            raise ValidationError(_("Only a confirmed member can be an organisation admin."))
        membership.is_admin = admin
        membership.save(update_fields=["is_admin"])
        audit.record(
            "core.membership_admin_set",
            actor=actor,
            obj=membership,
            data=_audit_data(membership),
        )
    return membership


def grant_membership(
    *,
    user: User,
    organisation: Organisation,
    admin: bool = False,
    actor: User | None = None,
    actor_label: str = "",
) -> Membership:
    """A confirmed membership made directly by an officer, the demo or a command line.

    Without an `actor` (demo, CLI) the caller is trusted; with one, they must be allowed to
    decide for the organisation (and to appoint admins if `admin`).
    """
    if actor is not None:
        _require(actor, "core.decide_membership", organisation)
        if admin:
            _require(actor, "core.appoint_organisation_admin", organisation)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(user=user, organisation=organisation)
            .open()
            .first()
        )
        now = timezone.now()
        if membership is None:
            membership = Membership(user=user, organisation=organisation)
        membership.status = MembershipStatus.CONFIRMED
        membership.is_admin = admin
        membership.confirmed_at = membership.confirmed_at or now
        membership.decided_at = membership.decided_at or now
        membership.decided_by = membership.decided_by or actor
        membership.save()
        if user.organisation_id is None:
            user.organisation = organisation
            user.save(update_fields=["organisation"])
        audit.record(
            "core.membership_confirmed",
            actor=actor,
            actor_label=actor_label,
            obj=membership,
            data=_audit_data(membership),
        )
    return membership

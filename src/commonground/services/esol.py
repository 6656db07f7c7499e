"""The ESOL central unit's work: record a need, find classes that fit, offer a place, follow it.

Each change is one audited action (``f(*, actor, …)``). Who may do what is in ``rules.py``: the
unit (officers) sees every learner; a provider (a partner acting for the organisation that runs
a class) sees and updates only placements on its own classes, and its classes' capacity.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core import audit, places

from . import esol_messages, postcodes
from .models import EsolClass, EsolNeed, Placement, PlacementState, RecordedBy
from .models.esol import HOLDING, LEVEL_ORDER, TRANSITIONS

NEED_RECORDED = "services.esol_need_recorded"
PLACE_OFFERED = "services.esol_place_offered"
PLACEMENT_MOVED = "services.esol_placement_moved"
CAPACITY_SET = "services.esol_capacity_set"


@transaction.atomic
def record_need(*, actor, consent: bool, **fields) -> EsolNeed:
    """Put a learner on the one waiting list; refused without their consent."""
    if not consent:
        raise ValidationError(_("The learner's consent is needed to record their details."))
    need = EsolNeed.objects.create(
        consent_at=timezone.now(),
        recorded_by=actor if actor is not None and actor.pk else None,
        **fields,
    )
    audit.record(
        NEED_RECORDED,
        actor=actor,
        obj=need,
        data={"level": need.level, "via": need.recorded_via},
        actor_label="" if actor is not None else "learner (no account)",
    )
    return need


def ward_of_postcode(postcode: str):
    """The ward a postcode's centroid falls in (None when the postcode or the ward boundaries
    are unknown). The postcode itself is not kept: the unit plans by ward."""
    point = postcodes.centroid(postcode) if postcode else None
    if point is None:
        return None
    _lsoa, ward = places.locate(*point)
    return ward


@transaction.atomic
def learner_asks(*, consent: bool, postcode: str = "", **fields) -> EsolNeed:
    """A learner puts themselves on the waiting list (no account): recorded as by the learner,
    the ward found from their postcode when they gave one and chose no ward, written to later in
    ``language`` (the language they asked in)."""
    if postcode and fields.get("ward") is None:
        fields["ward"] = ward_of_postcode(postcode)
    fields["recorded_via"] = RecordedBy.LEARNER
    # The learner's own consent says "and contact me about it", so agreeing covers messages.
    fields["contact_consent"] = consent
    return record_need(actor=None, consent=consent, **fields)


@dataclass(frozen=True)
class Fit:
    esol_class: EsolClass
    places_left: int
    same_ward: bool
    shared_days: tuple[str, ...]


def classes_for(need: EsolNeed) -> list[Fit]:
    """Classes that fit a learner: their level, a free place, childcare if needed, a day they
    are available; classes in their own ward first."""
    found = []
    classes = EsolClass.objects.select_related("service").prefetch_related(
        "service__schedules", "service__service_at_locations__location"
    )
    for esol_class in classes:
        if not esol_class.covers(need.level) or (need.needs_childcare and not esol_class.childcare):
            continue
        left = esol_class.places_left()
        if left <= 0:
            continue
        days = {
            day
            for schedule in esol_class.service.schedules.all()
            for day in schedule.byday.split(",")
            if day
        }
        shared = tuple(d for d in need.available_days if d in days) if need.available_days else ()
        if need.available_days and not shared:
            continue
        wards = {sal.location.ward_id for sal in esol_class.service.service_at_locations.all()}
        found.append(Fit(esol_class, left, need.ward_id in wards, shared))
    return sorted(found, key=lambda f: (not f.same_ward, -f.places_left, f.esol_class.pk))


@transaction.atomic
def offer_place(*, actor, need: EsolNeed, esol_class: EsolClass) -> Placement:
    """The unit offers a learner a place on a class that has one."""
    if not actor.has_perm("services.esol_offer"):
        raise PermissionDenied
    esol_class = EsolClass.objects.select_for_update().get(pk=esol_class.pk)
    if esol_class.places_left() <= 0:
        raise ValidationError(_("This class has no places left."))
    if need.placements.filter(state__in=HOLDING).exists():
        raise ValidationError(_("This learner already holds a place."))
    placement = Placement.objects.create(need=need, esol_class=esol_class)
    # The learner hears of it by their own channel (if they agreed); the audit says which
    # channel was used, never the number or address.
    told = esol_messages.tell_offer(placement)
    audit.record(
        PLACE_OFFERED, actor=actor, obj=placement, data={"class": esol_class.pk, "told_by": told}
    )
    return placement


@transaction.atomic
def move_placement(
    *, actor, placement: Placement, state: str, assessed_level: str = ""
) -> Placement:
    """Follow a placement to its next state (offered → accepted → started → completed …)."""
    if not actor.has_perm("services.esol_update_placement", placement):
        raise PermissionDenied
    if state not in TRANSITIONS[PlacementState(placement.state)]:
        raise ValidationError(
            _("A placement cannot go from %(before)s to %(after)s.")
            % {"before": placement.state, "after": state}
        )
    if assessed_level and assessed_level not in LEVEL_ORDER:
        raise ValidationError(_("Unknown level %(level)s.") % {"level": assessed_level})
    before = placement.state
    placement.state = state
    if assessed_level:
        placement.assessed_level = assessed_level
    placement.updated_at = timezone.now()
    placement.save()
    audit.record(
        PLACEMENT_MOVED,
        actor=actor,
        obj=placement,
        data={"from": before, "to": state, "assessed_level": assessed_level},
    )
    return placement


@transaction.atomic
def set_capacity(*, actor, esol_class: EsolClass, capacity: int) -> EsolClass:
    if not actor.has_perm("services.esol_manage_class", esol_class):
        raise PermissionDenied
    if capacity < 0:
        raise ValidationError(_("Capacity cannot be negative."))
    before = esol_class.capacity
    esol_class.capacity = capacity
    esol_class.save(update_fields=["capacity"])
    audit.record(CAPACITY_SET, actor=actor, obj=esol_class, data={"from": before, "to": capacity})
    return esol_class


def placements_visible_to(user):
    """The unit sees every placement; a provider only those on its own classes."""
    rows = Placement.objects.select_related("need", "esol_class__service__organization")
    if user.has_perm("services.esol_see_all"):
        return rows
    organisations = list(user.confirmed_organisations()) if user.is_authenticated else []
    return rows.filter(esol_class__service__organization__partner__in=organisations)

"""Every change in school linking: one function each, permission checked by name
(``schools/rules.py``), made in one transaction with one audit event, so the trail never
disagrees with the data.  Bad input raises ``ValidationError`` naming the field and changes
nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core import audit

from . import planning, queries
from .events import SchoolsEvent
from .models import (
    Answer,
    Booking,
    ContactRole,
    DayKind,
    LinkingDay,
    LinkingSession,
    LinkingYear,
    LinkPair,
    PairRule,
    Participant,
    Phase,
    RuleKind,
    School,
    SchoolContact,
    Stage,
    SurveyCount,
    YearStatus,
)
from .survey import STATEMENTS


def _ensure(actor, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _ordered(a: School, b: School) -> tuple[School, School]:
    return (a, b) if a.urn <= b.urn else (b, a)


def _draft(linking_year: LinkingYear) -> LinkingYear:
    """Lock the year and refuse changes once it is confirmed."""
    locked = LinkingYear.objects.select_for_update().get(pk=linking_year.pk)
    if locked.status != YearStatus.DRAFT:
        raise ValidationError(_("This linking year is confirmed; its pairs can no longer change."))
    return locked


# --- Measures (issue part 2a) ---------------------------------------------------------------


def publish_measure(*, actor, year: str) -> dict[str, int]:
    """Send the "more/less White British than its neighbours" counts for a census year to
    Measures (count and share of district schools, by phase); unchanged figures add nothing."""
    _ensure(actor, "schools.publish_measure")
    from .publish import publish_neighbour_counts

    rows = queries.censuses(year)
    if not rows:
        raise ValidationError(
            {"year": _("No school census is loaded for %(year)s.") % {"year": year}}
        )
    with transaction.atomic():
        counts = publish_neighbour_counts(queries.as_table(rows), year, user=actor)
        audit.record(
            SchoolsEvent.MEASURE_PUBLISHED, actor=actor, data={"year": year, "figures": counts}
        )
    return counts


# --- School contacts ------------------------------------------------------------------------


def add_contact(*, actor, school: School, user, role: str, phone: str = "") -> SchoolContact:
    """Let a signed-in person act for a school (contact or teacher)."""
    _ensure(actor, "schools.manage_linking")
    if role not in ContactRole.values:
        raise ValidationError({"role": _("Choose contact or teacher.")})
    with transaction.atomic():
        contact, _created = SchoolContact.objects.update_or_create(
            school=school, user=user, defaults={"role": role, "phone": phone.strip()}
        )
        audit.record(
            SchoolsEvent.CONTACT_ADDED,
            actor=actor,
            obj=contact,
            data={"school": school.urn, "user": user.pk, "role": role},
        )
    return contact


def remove_contact(*, actor, contact: SchoolContact) -> None:
    _ensure(actor, "schools.manage_linking")
    with transaction.atomic():
        audit.record(
            SchoolsEvent.CONTACT_REMOVED,
            actor=actor,
            obj=contact,
            data={"school": contact.school.urn, "user": contact.user_id},
        )
        contact.delete()


# --- Planning a linking year (issue part 3) -------------------------------------------------


def create_year(
    *, actor, year: str, phase: str, max_km: Decimal, conflicts: list[tuple[School, School]] = ()
) -> LinkingYear:
    """Start planning a year.  The census used is the latest loaded; the pairs of the most
    recent earlier year of the same phase are avoided automatically (schools meet new partners),
    as are the known conflicts given."""
    _ensure(actor, "schools.manage_linking")
    if phase not in (Phase.PRIMARY, Phase.SECONDARY):
        raise ValidationError({"phase": _("Choose primary or secondary.")})
    if not (max_km > 0):
        raise ValidationError({"max_km": _("The distance must be more than 0 km.")})
    census_years = queries.years()
    if not census_years:
        raise ValidationError(_("Load a school census first."))
    if LinkingYear.objects.filter(year=year, phase=phase).exists():
        raise ValidationError(
            {"year": _("There is already a linking year %(year)s for this phase.") % {"year": year}}
        )
    with transaction.atomic():
        item = LinkingYear.objects.create(
            year=year, phase=phase, census_year=census_years[0], max_km=max_km, created_by=actor
        )
        previous = (
            LinkingYear.objects.filter(phase=phase, year__lt=year, status=YearStatus.CONFIRMED)
            .order_by("-year")
            .first()
        )
        last_year = []
        if previous is not None:
            for pair in previous.pairs.exclude(answer_a=Answer.DECLINED).exclude(
                answer_b=Answer.DECLINED
            ):
                PairRule.objects.get_or_create(
                    linking_year=item,
                    school_a_id=pair.school_a_id,
                    school_b_id=pair.school_b_id,
                    defaults={"kind": RuleKind.LAST_YEAR},
                )
                last_year.append([pair.school_a_id, pair.school_b_id])
        for a, b in conflicts:
            a, b = _ordered(a, b)
            PairRule.objects.get_or_create(
                linking_year=item, school_a=a, school_b=b, defaults={"kind": RuleKind.CONFLICT}
            )
        audit.record(
            SchoolsEvent.YEAR_CREATED,
            actor=actor,
            obj=item,
            data={
                "year": year,
                "phase": phase,
                "max_km": str(max_km),
                "census": item.census_year,
                "last_year": last_year,
                "previous": previous.pk if previous else None,
            },
        )
    return item


def set_participants(
    *, actor, linking_year: LinkingYear, rows: list[tuple[School, int, str]]
) -> list[Participant]:
    """Replace the schools taking part (with their classes and year groups)."""
    _ensure(actor, "schools.manage_linking")
    for school, classes, _groups in rows:
        if school.phase != linking_year.phase or not school.in_district:
            raise ValidationError(
                {
                    "schools": _("%(name)s is not a District school of this phase.")
                    % {"name": school.name}
                }
            )
        if classes < 1:
            raise ValidationError(
                {
                    "schools": _("%(name)s: the number of classes must be at least 1.")
                    % {"name": school.name}
                }
            )
    with transaction.atomic():
        linking_year = _draft(linking_year)
        linking_year.participants.all().delete()
        made = Participant.objects.bulk_create(
            Participant(linking_year=linking_year, school=s, classes=c, year_groups=g.strip()[:60])
            for s, c, g in rows
        )
        linking_year.pairs.all().delete()
        linking_year.total_difference = linking_year.best_difference = None
        linking_year.save(update_fields=["total_difference", "best_difference"])
        audit.record(
            SchoolsEvent.PARTICIPANTS_CHANGED,
            actor=actor,
            obj=linking_year,
            data={"schools": [[s.urn, c, g] for s, c, g in rows]},
        )
    return made


def _store_proposal(linking_year: LinkingYear) -> planning.YearPlan:
    plan = planning.plan_year(linking_year)
    linking_year.pairs.all().delete()
    LinkPair.objects.bulk_create(
        LinkPair(
            linking_year=linking_year,
            school_a=a,
            school_b=b,
            difference=diff,
            km=km,
            forced=forced,
        )
        for a, b, diff, km, forced in (
            (*_ordered(a, b), diff, km, forced) for a, b, diff, km, forced in plan.links
        )
    )
    linking_year.total_difference = plan.total
    linking_year.best_difference = plan.best
    linking_year.save(update_fields=["total_difference", "best_difference"])
    return plan


def propose(*, actor, linking_year: LinkingYear) -> planning.YearPlan:
    """Run the engine on the year's schools and rules and store its pairs (replacing any)."""
    _ensure(actor, "schools.manage_linking")
    with transaction.atomic():
        linking_year = _draft(linking_year)
        if linking_year.participants.count() < 2:
            raise ValidationError(_("Choose at least two schools taking part."))
        plan = _store_proposal(linking_year)
        audit.record(
            SchoolsEvent.PAIRS_PROPOSED,
            actor=actor,
            obj=linking_year,
            data={"pairs": len(plan.links), "total": plan.total, "best": plan.best},
        )
    return plan


def add_rule(
    *, actor, linking_year: LinkingYear, a: School, b: School, kind: str
) -> planning.YearPlan:
    """Force or forbid a pair (or note a known conflict), then propose again, so the officer
    sees at once what the change costs in total difference."""
    _ensure(actor, "schools.manage_linking")
    if kind not in (RuleKind.FORCE, RuleKind.FORBID, RuleKind.CONFLICT):
        raise ValidationError({"kind": _("Choose force, forbid or conflict.")})
    if a.pk == b.pk:
        raise ValidationError({"school_b": _("Choose two different schools.")})
    with transaction.atomic():
        linking_year = _draft(linking_year)
        taking_part = set(linking_year.participants.values_list("school_id", flat=True))
        for field, school in (("school_a", a), ("school_b", b)):
            if school.pk not in taking_part:
                raise ValidationError(
                    {field: _("%(name)s is not taking part this year.") % {"name": school.name}}
                )
        a, b = _ordered(a, b)
        if kind == RuleKind.FORCE:
            forced = linking_year.rules.filter(kind=RuleKind.FORCE).exclude(school_a=a, school_b=b)
            classes = dict(linking_year.participants.values_list("school_id", "classes"))
            for school in (a, b):
                held = forced.filter(Q(school_a=school) | Q(school_b=school)).count()
                if held >= classes.get(school.pk, 1):
                    raise ValidationError(
                        {
                            "school_a": _(
                                "%(name)s already has a forced pair for each of its classes; "
                                "remove one first."
                            )
                            % {"name": school.name}
                        }
                    )
        PairRule.objects.update_or_create(
            linking_year=linking_year, school_a=a, school_b=b, defaults={"kind": kind}
        )
        before = linking_year.total_difference
        plan = _store_proposal(linking_year)
        audit.record(
            SchoolsEvent.RULE_ADDED,
            actor=actor,
            obj=linking_year,
            data={
                "kind": kind,
                "pair": [a.urn, b.urn],
                "total_before": before,
                "total": plan.total,
                "best": plan.best,
            },
        )
    return plan


def remove_rule(*, actor, rule: PairRule) -> planning.YearPlan:
    _ensure(actor, "schools.manage_linking")
    with transaction.atomic():
        linking_year = _draft(rule.linking_year)
        data = {"kind": rule.kind, "pair": [rule.school_a.urn, rule.school_b.urn]}
        rule.delete()
        plan = _store_proposal(linking_year)
        audit.record(
            SchoolsEvent.RULE_REMOVED,
            actor=actor,
            obj=linking_year,
            data=data | {"total": plan.total, "best": plan.best},
        )
    return plan


def _refuse_swap(linking_year: LinkingYear, first: LinkPair, second: LinkPair, new) -> None:
    """Why a swap cannot be made, naming the school or pair; nothing when it can.

    With several classes a school is in several pairs, so two pairs may share a school (the
    swap would link it with itself or change nothing), a new pair may already be linked
    through another class, or it may be a pair the year must avoid."""
    shared = {first.school_a, first.school_b} & {second.school_a, second.school_b}
    if shared:
        raise ValidationError(
            {
                "second": _(
                    "Both pairs include %(name)s, so swapping partners would not make two new "
                    "pairs. Choose two pairs of four different schools."
                )
                % {"name": min(shared, key=lambda s: s.urn).name}
            }
        )
    old = {_key(first), _key(second)}
    linked = {
        frozenset(ids)
        for ids in linking_year.pairs.values_list("school_a_id", "school_b_id")
        if frozenset(ids) not in old
    }
    rules = {
        frozenset((r.school_a_id, r.school_b_id)): r
        for r in linking_year.rules.exclude(kind=RuleKind.FORCE)
    }
    for a, b in new:
        names = {"a": a.name, "b": b.name}
        if frozenset((a.pk, b.pk)) in linked:
            raise ValidationError(
                {
                    "second": _(
                        "%(a)s and %(b)s are already linked through another class; a school's "
                        "classes are linked to different schools."
                    )
                    % names
                }
            )
        rule = rules.get(frozenset((a.pk, b.pk)))
        if rule is not None:
            raise ValidationError(
                {
                    "second": _("%(a)s and %(b)s cannot be linked this year: %(reason)s.")
                    % (names | {"reason": rule.get_kind_display()})
                }
            )


def _key(pair) -> frozenset[int]:
    return frozenset((pair.school_a_id, pair.school_b_id))


def swap(*, actor, first: LinkPair, second: LinkPair) -> planning.YearPlan:
    """Swap partners between two proposed pairs (A–B, C–D become A–D, C–B): both new pairs are
    forced, so the engine keeps them, and the rest is proposed again.

    Only the two swapped pairs lose a forced rule (when they had one; the audit event lists
    them as released): a school with several classes keeps its other forced pairs.  A swap
    that cannot be made (the pairs share a school, a new pair is already linked or must be
    avoided) is refused, naming it, and nothing changes."""
    _ensure(actor, "schools.manage_linking")
    if first.linking_year_id != second.linking_year_id or first.pk == second.pk:
        raise ValidationError({"second": _("Choose two different pairs of the same year.")})
    with transaction.atomic():
        linking_year = _draft(first.linking_year)
        first, second = (
            LinkPair.objects.select_related("school_a", "school_b").get(pk=pair.pk)
            for pair in (first, second)
        )
        old = [(first.school_a, first.school_b), (second.school_a, second.school_b)]
        new = [
            _ordered(first.school_a, second.school_b),
            _ordered(second.school_a, first.school_b),
        ]
        _refuse_swap(linking_year, first, second, new)
        released = []
        for a, b in old:
            deleted, _rows = linking_year.rules.filter(
                kind=RuleKind.FORCE, school_a=a, school_b=b
            ).delete()
            if deleted:
                released.append([a.urn, b.urn])
        for a, b in new:
            PairRule.objects.update_or_create(
                linking_year=linking_year, school_a=a, school_b=b, defaults={"kind": RuleKind.FORCE}
            )
        before = linking_year.total_difference
        plan = _store_proposal(linking_year)
        audit.record(
            SchoolsEvent.PAIRS_SWAPPED,
            actor=actor,
            obj=linking_year,
            data={
                "old": [[a.urn, b.urn] for a, b in old],
                "new": [[a.urn, b.urn] for a, b in new],
                "released": released,
                "total_before": before,
                "total": plan.total,
                "best": plan.best,
            },
        )
    return plan


def confirm_year(*, actor, linking_year: LinkingYear) -> LinkingYear:
    """Fix the pairs: each school is now asked to accept, and each pair gets its three days."""
    _ensure(actor, "schools.manage_linking")
    with transaction.atomic():
        linking_year = _draft(linking_year)
        pairs = list(linking_year.pairs.all())
        if not pairs:
            raise ValidationError(_("Propose pairs before confirming."))
        linking_year.status = YearStatus.CONFIRMED
        linking_year.confirmed_at = timezone.now()
        linking_year.save(update_fields=["status", "confirmed_at"])
        LinkingDay.objects.bulk_create(
            LinkingDay(pair=pair, kind=kind) for pair in pairs for kind in DayKind.values
        )
        audit.record(
            SchoolsEvent.YEAR_CONFIRMED,
            actor=actor,
            obj=linking_year,
            data={
                "pairs": [[p.school_a.urn, p.school_b.urn] for p in pairs],
                "total": linking_year.total_difference,
                "cost": linking_year.cost,
            },
        )
    return linking_year


def answer_pair(
    *, actor, pair: LinkPair, school: School, accept: bool, reason: str = ""
) -> LinkPair:
    """A school's contact (or an officer on its behalf) accepts or declines the pair."""
    _ensure(actor, "schools.answer_pair", pair)
    if school.pk not in (pair.school_a_id, pair.school_b_id):
        raise ValidationError({"school": _("This school is not in the pair.")})
    if not LinkingYear.objects.filter(
        pk=pair.linking_year_id, status=YearStatus.CONFIRMED
    ).exists():
        raise ValidationError(_("The officer has not confirmed the pairs yet."))
    on_behalf = not SchoolContact.objects.filter(
        user=actor, school=school, role=ContactRole.CONTACT
    ).exists()
    if on_behalf and not actor.has_perm("schools.manage_linking"):
        raise PermissionDenied("schools.answer_pair")
    answer = Answer.ACCEPTED if accept else Answer.DECLINED
    with transaction.atomic():
        pair = LinkPair.objects.select_for_update().get(pk=pair.pk)
        field = "answer_a" if school.pk == pair.school_a_id else "answer_b"
        before = getattr(pair, field)
        setattr(pair, field, answer)
        pair.save(update_fields=[field])
        audit.record(
            SchoolsEvent.PAIR_ANSWERED,
            actor=actor,
            obj=pair,
            reason=reason.strip(),
            data={
                "school": school.urn,
                "before": before,
                "answer": answer,
                "on_behalf": on_behalf,
            },
        )
    return pair


def repair(*, actor, linking_year: LinkingYear) -> planning.RepairPlan:
    """After schools declined, pair the freed partners with the remaining unpaired or newly
    freed schools (``planning.plan_repair``), keeping every standing pair fixed.  The new pairs
    get their three linking days and wait for both schools' answers; the audit event keeps the
    total and what keeping the standing pairs cost."""
    _ensure(actor, "schools.manage_linking")
    with transaction.atomic():
        linking_year = LinkingYear.objects.select_for_update().get(pk=linking_year.pk)
        if linking_year.status != YearStatus.CONFIRMED:
            raise ValidationError(_("Only a confirmed year's declined links can be re-paired."))
        plan = planning.plan_repair(linking_year)
        if not plan.freed:
            raise ValidationError(_("No school is waiting for a new partner."))
        made = LinkPair.objects.bulk_create(
            LinkPair(
                linking_year=linking_year,
                school_a=a,
                school_b=b,
                difference=diff,
                km=km,
            )
            for a, b, diff, km in ((*_ordered(a, b), diff, km) for a, b, diff, km in plan.links)
        )
        made = list(LinkPair.objects.filter(pk__in=[p.pk for p in made]))
        LinkingDay.objects.bulk_create(
            LinkingDay(pair=pair, kind=kind) for pair in made for kind in DayKind.values
        )
        audit.record(
            SchoolsEvent.PAIRS_REPAIRED,
            actor=actor,
            obj=linking_year,
            data={
                "freed": [s.urn for s in plan.freed],
                "new": [[p.school_a.urn, p.school_b.urn] for p in made],
                "total": plan.total,
                "kept": plan.kept,
                "best": plan.best,
                "cost": plan.cost,
            },
        )
    return plan


def register_intervention(*, actor, linking_year: LinkingYear, owner: str, start_date: date):
    """Register a confirmed linking year as an intervention in test and learn (``evaluation``),
    through evaluation's own form and action (so its audit trail and rules apply): the wards of
    the schools taking part, the pairs as its outputs.  Why: the year is then an intervention
    officers can plan, decide on and publish in "what works"; the survey's change becomes its
    result with ``record_survey_result``."""
    from commonground.core.models import Area
    from commonground.evaluation import actions as evaluation_actions
    from commonground.evaluation.forms import InterventionForm
    from commonground.evaluation.models import Kind

    _ensure(actor, "schools.manage_linking")
    _ensure(actor, "evaluation.manage")
    if linking_year.status != YearStatus.CONFIRMED:
        raise ValidationError(_("Confirm the year's pairs before registering it."))
    if linking_year.intervention_id:
        raise ValidationError(_("This linking year is already registered as an intervention."))
    schools = [p.school for p in linking_year.participants.select_related("school")]
    pairs = list(linking_year.pairs.select_related("school_a", "school_b"))
    wards = Area.objects.wards().filter(code__in={s.ward_code for s in schools if s.ward_code})
    form = InterventionForm(
        data={
            "title": _("School linking %(year)s, %(phase)s")
            % {"year": linking_year.year, "phase": linking_year.get_phase_display()},
            "summary": _(
                "Classes from schools whose pupils differ most are linked for a year: three "
                "linking days each, at both schools and at a neutral venue."
            ),
            "kind": Kind.PROGRAMME,
            "wards": [w.pk for w in wards],
            "owner": owner.strip(),
            "start_date": start_date.isoformat(),
            "activities": "\n".join(
                [_("Linking days"), _("Training with the toolkit"), _("Pupils' survey")]
            ),
            "outputs": "\n".join(f"{p.school_a.name} – {p.school_b.name}" for p in pairs),
        }
    )
    if not form.is_valid():
        raise ValidationError(form.errors)
    with transaction.atomic():
        linking_year = LinkingYear.objects.select_for_update().get(pk=linking_year.pk)
        if linking_year.intervention_id:
            raise ValidationError(_("This linking year is already registered as an intervention."))
        intervention = evaluation_actions.save_intervention(actor=actor, form=form)
        linking_year.intervention = intervention
        linking_year.save(update_fields=["intervention"])
        audit.record(
            SchoolsEvent.INTERVENTION_REGISTERED,
            actor=actor,
            obj=linking_year,
            data={"intervention": intervention.pk, "wards": sorted(w.code for w in wards)},
        )
    return intervention


# --- Running the links (issue part 4) -------------------------------------------------------

DAY_FIELDS = ("date", "venue", "location", "classes", "teachers", "transport")


def update_day(*, actor, day: LinkingDay, **values) -> LinkingDay:
    """Set a day's details; a new date must be confirmed again by both schools."""
    _ensure(actor, "schools.edit_days", day.pair)
    unknown = set(values) - set(DAY_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        day = LinkingDay.objects.select_for_update().select_related("pair").get(pk=day.pk)
        changed = {}
        for key, value in values.items():
            old = getattr(day, key)
            if old != value:
                changed[key] = [str(old or ""), str(value or "")]
                setattr(day, key, value)
        if "date" in changed:
            day.confirmed_a_by = day.confirmed_b_by = None
        day.save()
        audit.record(SchoolsEvent.DAY_UPDATED, actor=actor, obj=day, data={"changed": changed})
    return day


def confirm_day(*, actor, day: LinkingDay, school: School) -> LinkingDay:
    """A teacher confirms the day's date for their school (an officer may, on its behalf)."""
    _ensure(actor, "schools.confirm_dates", day.pair)
    pair = day.pair
    if school.pk not in (pair.school_a_id, pair.school_b_id):
        raise ValidationError({"school": _("This school is not in the pair.")})
    own = SchoolContact.objects.filter(user=actor, school=school).exists()
    if not own and not actor.has_perm("schools.manage_linking"):
        raise PermissionDenied("schools.confirm_dates")
    with transaction.atomic():
        day = LinkingDay.objects.select_for_update().get(pk=day.pk)
        if day.date is None:
            raise ValidationError({"date": _("Set a date before confirming it.")})
        field = "confirmed_a_by" if school.pk == pair.school_a_id else "confirmed_b_by"
        setattr(day, field, actor)
        day.save(update_fields=[field])
        audit.record(
            SchoolsEvent.DAY_CONFIRMED,
            actor=actor,
            obj=day,
            data={"school": school.urn, "date": day.date.isoformat(), "on_behalf": not own},
        )
    return day


def create_session(
    *,
    actor,
    kind: str,
    title: str,
    starts_on: date,
    venue: str,
    capacity: int,
    toolkit_url: str = "",
    pair: LinkPair | None = None,
) -> LinkingSession:
    _ensure(actor, "schools.manage_linking")
    if capacity < 1:
        raise ValidationError({"capacity": _("A session needs at least one place.")})
    with transaction.atomic():
        session = LinkingSession.objects.create(
            kind=kind,
            title=title.strip(),
            starts_on=starts_on,
            venue=venue.strip(),
            capacity=capacity,
            toolkit_url=toolkit_url,
            pair=pair,
            created_by=actor,
        )
        audit.record(
            SchoolsEvent.SESSION_CREATED,
            actor=actor,
            obj=session,
            data={"kind": kind, "date": starts_on.isoformat(), "capacity": capacity},
        )
    return session


def book(
    *, actor, session: LinkingSession, name: str, organisation: str, places: int = 1
) -> Booking:
    """Book places for a named person from a school or group; refused when the session is full."""
    _ensure(actor, "schools.book_session")
    if places < 1:
        raise ValidationError({"places": _("Book at least one place.")})
    with transaction.atomic():
        session = LinkingSession.objects.select_for_update().get(pk=session.pk)
        left = session.capacity - session.booked
        if places > left:
            raise ValidationError(
                {"places": _("Only %(left)s places are left.") % {"left": max(left, 0)}}
            )
        booking = Booking.objects.create(
            session=session,
            name=name.strip(),
            organisation=organisation.strip(),
            places=places,
            booked_by=actor,
        )
        audit.record(
            SchoolsEvent.SESSION_BOOKED,
            actor=actor,
            obj=session,
            data={"booking": booking.pk, "places": places},
        )
    return booking


def mark_attendance(*, actor, session: LinkingSession, attended: dict[int, bool]) -> int:
    """Record who came (booking id → attended); returns how many bookings changed."""
    _ensure(actor, "schools.manage_linking")
    with transaction.atomic():
        changed = 0
        for booking in session.bookings.select_for_update():
            if booking.pk in attended and booking.attended != attended[booking.pk]:
                booking.attended = attended[booking.pk]
                booking.save(update_fields=["attended"])
                changed += 1
        audit.record(
            SchoolsEvent.ATTENDANCE_MARKED,
            actor=actor,
            obj=session,
            data={"attended": {str(k): v for k, v in sorted(attended.items())}},
        )
    return changed


# --- Did it work (issue part 5) -------------------------------------------------------------


def record_survey(
    *,
    actor,
    pair: LinkPair,
    school: School,
    stage: str,
    counts: dict[int, tuple[int, int, int]],
) -> list[SurveyCount]:
    """A class's answers, as counts per answer for each statement (no names); entering them
    again replaces the earlier counts (both are in the audit trail)."""
    _ensure(actor, "schools.enter_survey", pair)
    if school.pk not in (pair.school_a_id, pair.school_b_id):
        raise ValidationError({"school": _("This school is not in the pair.")})
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose before or after.")})
    if sorted(counts) != list(range(1, len(STATEMENTS) + 1)):
        raise ValidationError(_("Give counts for every statement."))
    for number, values in counts.items():
        if len(values) != 3 or any(v < 0 for v in values):
            raise ValidationError(
                {
                    f"s{number}_agree": _(
                        "Statement %(n)s: counts must be whole numbers, 0 or more."
                    )
                    % {"n": number}
                }
            )
    with transaction.atomic():
        # Locked, so counts cannot slip in while the year's survey moves to Conversations.
        year = LinkingYear.objects.select_for_update().get(pk=pair.linking_year_id)
        if year.in_conversations:
            raise ValidationError(
                _(
                    "This year's survey is in Conversations: enter the class's counts there "
                    "(the pair's page links to them)."
                )
            )
        rows = []
        for number, (agree, unsure, disagree) in sorted(counts.items()):
            row, _created = SurveyCount.objects.update_or_create(
                pair=pair,
                school=school,
                stage=stage,
                statement=number,
                defaults={
                    "agree": agree,
                    "unsure": unsure,
                    "disagree": disagree,
                    "entered_by": actor,
                },
            )
            rows.append(row)
        audit.record(
            SchoolsEvent.SURVEY_ENTERED,
            actor=actor,
            obj=pair,
            data={
                "school": school.urn,
                "stage": stage,
                "counts": {str(k): list(v) for k, v in sorted(counts.items())},
            },
        )
    return rows


def open_survey_in_conversations(*, actor, linking_year: LinkingYear, consultation):
    """Create the year's before and after attitude surveys in Conversations (consult's survey
    engine, under ``consultation``), each with a count group per pair and school that the
    school's teachers may fill in (``schools.acts_for_a_school``).  Why: the issue asks for the
    Conversations survey engine, so the counts live with every other survey's answers; the
    results page reads them back (``survey.results``).  Refused once the year has them.

    Counts already entered on the old class-count form are carried into the matching groups
    through consult's ``record_answer_counts`` (validated and audited there, the officer
    entering them), so nothing entered is lost and the results read one source afterwards."""
    from .survey_consult import build, carry_old_counts

    _ensure(actor, "schools.manage_linking")
    _ensure(actor, "consult.build_survey", None)
    with transaction.atomic():
        linking_year = LinkingYear.objects.select_for_update().get(pk=linking_year.pk)
        if linking_year.status != YearStatus.CONFIRMED:
            raise ValidationError(_("Confirm the year's pairs before opening its survey."))
        if linking_year.survey_before_id or linking_year.survey_after_id:
            raise ValidationError(_("This linking year's survey is already in Conversations."))
        linking_year.survey_before = build(
            actor=actor, linking_year=linking_year, consultation=consultation, stage=Stage.BEFORE
        )
        linking_year.survey_after = build(
            actor=actor, linking_year=linking_year, consultation=consultation, stage=Stage.AFTER
        )
        linking_year.save(update_fields=["survey_before", "survey_after"])
        carried = carry_old_counts(actor=actor, linking_year=linking_year)
        audit.record(
            SchoolsEvent.SURVEY_OPENED_IN_CONVERSATIONS,
            actor=actor,
            obj=linking_year,
            data={
                "consultation": consultation.slug,
                "before": linking_year.survey_before_id,
                "after": linking_year.survey_after_id,
                "carried": carried,
            },
        )
    return linking_year


def record_survey_result(*, actor, linking_year: LinkingYear):
    """Record the survey's overall change (all pairs and statements, in percentage points, with
    its Newcombe 95% interval) as the result of the intervention the year is registered as,
    through evaluation's own audited action.  Why: the year is judged in test and learn, and
    the survey is its outcome.  Recording again adds a newer result only when the figures have
    changed since the last one recorded from this year (both stay, and decisions keep the one
    they rested on); unchanged figures are refused, so nothing is recorded twice."""
    from commonground.evaluation import actions as evaluation_actions

    from .survey import results as survey_results

    _ensure(actor, "schools.manage_linking")
    _ensure(actor, "evaluation.manage")
    with transaction.atomic():
        linking_year = LinkingYear.objects.select_for_update().get(pk=linking_year.pk)
        intervention = linking_year.intervention
        if intervention is None:
            raise ValidationError(_("Register this linking year as an intervention first."))
        overall = survey_results(linking_year).overall
        if overall.change is None:
            raise ValidationError(
                _("There is no change to record yet: enter the answers before and after.")
            )
        estimate = round(100 * overall.change, 6)
        low, high = round(100 * overall.low, 6), round(100 * overall.high, 6)
        previous = next(
            (
                r
                for r in intervention.results.all()
                if (r.data.get("source") or {}).get("app") == "schools"
                and (r.data.get("source") or {}).get("linking_year") == linking_year.pk
            ),
            None,
        )
        if previous is not None and (
            previous.data.get("estimate"),
            previous.data.get("ci"),
        ) == (estimate, [low, high]):
            raise ValidationError(
                _("This change is already the intervention's result; nothing has changed since.")
            )
        result = evaluation_actions.record_external_result(
            actor=actor,
            intervention=intervention,
            estimate=estimate,
            ci_low=low,
            ci_high=high,
            measure=_("share of pupils answering yes (percentage points)"),
            source={
                "app": "schools",
                "linking_year": linking_year.pk,
                "measure": "survey-overall",
                "children_before": overall.before_n,
                "children_after": overall.after_n,
                "before": overall.before,
                "after": overall.after,
                "interval": "newcombe",
            },
            summary=_(
                "Pupils' attitude survey, all pairs and statements: %(before)s%% said yes "
                "before the linking year and %(after)s%% after (Newcombe's 95%% interval for "
                "the change)."
            )
            % {"before": f"{100 * overall.before:.1f}", "after": f"{100 * overall.after:.1f}"},
        )
        audit.record(
            SchoolsEvent.SURVEY_RESULT_RECORDED,
            actor=actor,
            obj=linking_year,
            data={
                "intervention": intervention.pk,
                "result": result.pk,
                "replaces": previous.pk if previous else None,
                "estimate": estimate,
                "ci": [low, high],
            },
        )
    return result

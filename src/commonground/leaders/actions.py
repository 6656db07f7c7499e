"""Every change in Future Leaders: one audited function each.

Each takes ``actor``, checks the permission by name, validates (raising ``ValidationError``
with a message naming the field, and changing nothing), and writes one audit event in the same
transaction.  Audit events hold references and counts, never backgrounds, goals or log text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from commonground.core import audit
from commonground.core.models import Organisation
from commonground.sortition import Infeasible, gini, select

from . import matching
from .events import LeadersEvent
from .models import (
    MAX_COHORT,
    MIN_COHORT,
    Application,
    Attendance,
    Cohort,
    EntryKind,
    Goal,
    Grade,
    Horizon,
    LogEntry,
    Lottery,
    Mentor,
    Minority,
    Outcome,
    Pairing,
    Quota,
    Session,
    SessionKind,
    Status,
    WorkforceShare,
)
from .selection import FEATURES, instance_for

MAX_GOALS = 3
"""Goals an applicant may choose: few enough that a mentor match means something."""


def _ensure(actor, permission: str, obj=None) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(permission)


def _day(value: date) -> str:
    return formats.date_format(value, "j E Y")


def describe_relaxation(change: dict) -> str:
    """A change to a quota, in the reader's language."""
    values = {
        "quota": f"{quota_feature_label(change['feature'])}: {quota_value_label(change['feature'], change['value'])}",  # noqa: E501
        "old": change["from"],
        "new": change["to"],
    }
    if change["bound"] == "min":
        return _("lower the minimum for %(quota)s from %(old)s to %(new)s") % values
    return _("raise the maximum for %(quota)s from %(old)s to %(new)s") % values


def quota_feature_label(feature: str) -> str:
    return str(dict(Quota.Feature.choices).get(feature, feature))


def quota_value_label(feature: str, value: str) -> str:
    if feature == "grade":
        return str(dict(Grade.choices).get(value, value))
    if feature == "minority":
        return str(dict(Minority.choices).get(value, value))
    organisation = Organisation.objects.filter(slug=value).first()
    return organisation.name if organisation else value


# -- cohorts and applications ----------------------------------------------------------------


@transaction.atomic
def create_cohort(
    *,
    actor,
    name: str,
    slug: str,
    year: int,
    size: int,
    opens_on: date,
    closes_on: date,
    description: str = "",
) -> Cohort:
    """A new cohort of 20 to 40 places with its application window."""
    _ensure(actor, "leaders.manage")
    if not MIN_COHORT <= size <= MAX_COHORT:
        raise ValidationError(
            {
                "size": _("A cohort has from %(low)s to %(high)s places.")
                % {"low": MIN_COHORT, "high": MAX_COHORT}
            }
        )
    if closes_on < opens_on:
        raise ValidationError(
            {"closes_on": _("Applications must close on or after the day they open.")}
        )
    if Cohort.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another cohort already uses this short name.")})
    cohort = Cohort.objects.create(
        name=name,
        slug=slug,
        year=year,
        size=size,
        opens_on=opens_on,
        closes_on=closes_on,
        description=description,
    )
    audit.record(
        LeadersEvent.COHORT_CREATED,
        actor=actor,
        obj=cohort,
        data={"size": size, "opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()},
    )
    return cohort


def window_message(cohort: Cohort, today: date | None = None) -> str:
    """Why a cohort is not taking applications now, with the day; empty when it is."""
    state = cohort.window(today)
    if state == "not_yet":
        return _("Applications open on %(day)s.") % {"day": _day(cohort.opens_on)}
    if state == "closed":
        return _("Applications closed on %(day)s.") % {"day": _day(cohort.closes_on)}
    return ""


@transaction.atomic
def apply(
    *,
    actor,
    cohort: Cohort,
    organisation: Organisation,
    grade: str,
    minority: str,
    goals: Sequence[str],
    learn: str,
    consent: bool,
    job_title: str = "",
    background: str = "",
    background_prefer_not: bool = False,
) -> Application:
    """An application from a member of staff of a partner organisation, in the window."""
    _ensure(actor, "leaders.apply", cohort)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    closed = window_message(cohort)
    if closed:
        raise ValidationError(closed)
    if not (organisation.is_partner and actor.may_act_for(organisation)):
        raise ValidationError(
            {"organisation": _("Choose an organisation in the partnership that you work for.")}
        )
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Choose your grade band.")})
    if minority not in Minority.values:
        raise ValidationError(
            {"minority": _("Say whether you consider yourself from a minority background.")}
        )
    goals = [g for g in dict.fromkeys(goals)]
    if not goals or any(g not in Goal.values for g in goals) or len(goals) > MAX_GOALS:
        raise ValidationError({"goals": _("Choose from one to %(n)s goals.") % {"n": MAX_GOALS}})
    if not learn.strip():
        raise ValidationError({"learn": _("Say what you want to learn.")})
    if not consent:
        raise ValidationError(
            {"consent": _("Agree to how we use your answers, or you cannot apply.")}
        )
    if cohort.applications.filter(applicant=actor).exists():
        raise ValidationError(_("You have already applied to this cohort."))
    number = cohort.applications.count() + 1
    application = Application.objects.create(
        cohort=cohort,
        reference=f"FL{number:03d}",
        applicant=actor,
        organisation=organisation,
        job_title=job_title.strip(),
        grade=grade,
        background="" if background_prefer_not else background.strip(),
        background_prefer_not=background_prefer_not,
        minority=minority,
        goals=goals,
        learn=learn.strip(),
        consent=True,
    )
    audit.record(
        LeadersEvent.APPLIED,
        actor=actor,
        obj=application,
        data={"cohort": cohort.slug, "reference": application.reference},
    )
    return application


@transaction.atomic
def withdraw(*, actor, application: Application) -> Application:
    """The applicant withdraws (before or after an offer); their log stays theirs."""
    if actor is None or application.applicant_id != actor.pk:
        raise PermissionDenied("leaders.view_application")
    if application.status == Status.WITHDRAWN:
        raise ValidationError(_("This application has already been withdrawn."))
    before = application.status
    application.status = Status.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    Pairing.objects.filter(participant=application).delete()
    audit.record(
        LeadersEvent.WITHDRAWN,
        actor=actor,
        obj=application,
        data={"reference": application.reference, "from": before},
    )
    return application


DECISIONS = (Status.SELECTED, Status.NOT_SELECTED, Status.INELIGIBLE, Status.SUBMITTED)


@transaction.atomic
def decide(
    *, actor, application: Application, status: str, score: int | None = None, note: str = ""
) -> Application:
    """Selection by assessment: an officer scores an application and offers a place or not."""
    _ensure(actor, "leaders.manage")
    application = Application.objects.select_for_update().get(pk=application.pk)
    if status not in DECISIONS:
        raise ValidationError({"status": _("Choose a decision.")})
    if score is not None and not 0 <= score <= 10:
        raise ValidationError({"score": _("A score is from 0 to 10.")})
    if application.status == Status.WITHDRAWN:
        raise ValidationError(_("This application has been withdrawn."))
    cohort = application.cohort
    if status == Status.SELECTED and application.status != Status.SELECTED:
        taken = cohort.applications.filter(status=Status.SELECTED).count()
        if taken >= cohort.size:
            raise ValidationError({"status": _("All %(n)s places are taken.") % {"n": cohort.size}})
    before = application.status
    application.status = status
    application.score = score
    application.assessor_note = note.strip()
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.save()
    if status != Status.SELECTED:
        Pairing.objects.filter(participant=application).delete()
    audit.record(
        LeadersEvent.DECIDED,
        actor=actor,
        obj=application,
        data={"reference": application.reference, "from": before, "to": status, "score": score},
    )
    return application


# -- the fair lottery ------------------------------------------------------------------------


@transaction.atomic
def set_quotas(*, actor, cohort: Cohort, rows: Iterable[dict]) -> list[Quota]:
    """Replace the cohort's quotas (feature, value, minimum, maximum); all checked first."""
    _ensure(actor, "leaders.manage")
    clean = []
    for row in rows:
        feature, value = row["feature"], row["value"]
        label = f"{quota_feature_label(feature)}: {quota_value_label(feature, value)}"
        if feature not in FEATURES:
            raise ValidationError(_("Unknown quota: %(q)s") % {"q": feature})
        low, high = int(row["minimum"]), int(row["maximum"])
        if low < 0 or high < low or high > cohort.size:
            raise ValidationError(
                _(
                    "%(quota)s: the minimum must be from 0 to the maximum, "
                    "and the maximum at most %(size)s."
                )
                % {"quota": label, "size": cohort.size}
            )
        clean.append(Quota(cohort=cohort, feature=feature, value=value, minimum=low, maximum=high))
    cohort.quotas.all().delete()
    Quota.objects.bulk_create(clean)
    audit.record(
        LeadersEvent.QUOTAS_SET,
        actor=actor,
        obj=cohort,
        data={"quotas": [[q.feature, q.value, q.minimum, q.maximum] for q in clean]},
    )
    return clean


FAIR_METHODS = ("maximin", "nash", "leximin")
"""The sortition package's methods that bound everyone's chance (its greedy legacy one does not)."""


@transaction.atomic
def run_lottery(*, actor, cohort: Cohort, seed: int, algorithm: str = "maximin") -> Lottery:
    """Offer the places by the fair lottery among eligible applicants, meeting the quotas.

    The seed is announced before the draw, so anyone with the references, the quotas and the
    seed can repeat it.  Every applicant's probability is kept; the draw is audited.
    """
    _ensure(actor, "leaders.manage")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.window() != "closed":
        raise ValidationError(
            _("The lottery runs after applications close on %(day)s.")
            % {"day": _day(cohort.closes_on)}
        )
    if cohort.applications.filter(status=Status.SELECTED).exists():
        raise ValidationError(
            _("Places have already been offered in this cohort, so a lottery cannot be run.")
        )
    if not 0 <= seed < 2**31:
        raise ValidationError({"seed": _("The seed is a whole number from 0 to 2147483647.")})
    if algorithm not in FAIR_METHODS:
        raise ValidationError({"algorithm": _("Choose maximin, Nash or leximin.")})
    instance, people = instance_for(cohort)
    if len(people) <= cohort.size:
        raise ValidationError(
            _(
                "There are %(n)s eligible applicants for %(size)s places: no lottery is needed, "
                "offer places by assessment."
            )
            % {"n": len(people), "size": cohort.size}
        )
    try:
        chosen = select(instance, algorithm=algorithm, seed=seed)
    except Infeasible as error:
        changes = "; ".join(describe_relaxation(r.as_dict()) for r in error.relaxations)
        raise ValidationError(
            _("The quotas cannot be met from these applicants. To make them possible: %(c)s")
            % {"c": changes or _("relax the quotas")}
        ) from error
    probabilities = chosen.probabilities
    lottery = Lottery.objects.create(
        cohort=cohort,
        algorithm=chosen.algorithm,
        seed=seed,
        quotas=[
            {"feature": q.feature, "value": q.value, "min": q.min, "max": q.max}
            for q in instance.quotas
        ],
        probabilities=probabilities,
        min_probability=chosen.min_probability,
        gini=gini(chosen.distribution.probabilities),
        pool_size=len(people),
        run_by=actor,
    )
    selected = set(chosen.panel_ids)
    now = timezone.now()
    for application in people:
        application.status = (
            Status.SELECTED if application.reference in selected else (Status.NOT_SELECTED)
        )
        application.lottery = lottery
        application.decided_at = now
        application.decided_by = actor
    Application.objects.bulk_update(people, ["status", "lottery", "decided_at", "decided_by"])
    audit.record(
        LeadersEvent.LOTTERY_RUN,
        actor=actor,
        obj=cohort,
        data={
            "lottery": lottery.pk,
            "seed": seed,
            "algorithm": lottery.algorithm,
            "pool": len(people),
            "selected": sorted(selected),
            "min_probability": lottery.min_probability,
        },
    )
    return lottery


# -- the programme ---------------------------------------------------------------------------


@transaction.atomic
def add_session(
    *, actor, cohort: Cohort, kind: str, title: str, on: date, place: str, description: str = ""
) -> Session:
    _ensure(actor, "leaders.manage")
    if kind not in SessionKind.values:
        raise ValidationError({"kind": _("Choose the kind of session.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the session a title.")})
    if not place.strip():
        raise ValidationError({"place": _("Say where the session is.")})
    session = Session.objects.create(
        cohort=cohort,
        kind=kind,
        title=title.strip(),
        on=on,
        place=place.strip(),
        description=description.strip(),
    )
    audit.record(
        LeadersEvent.SESSION_ADDED,
        actor=actor,
        obj=session,
        data={"cohort": cohort.slug, "kind": kind, "on": on.isoformat()},
    )
    return session


@transaction.atomic
def record_attendance(*, actor, session: Session, present: Iterable[int]) -> int:
    """Who came (application ids); everyone else with a place is marked absent."""
    _ensure(actor, "leaders.manage")
    present = set(present)
    participants = list(session.cohort.participants())
    known = {p.pk for p in participants}
    if present - known:
        raise ValidationError(_("Only participants of this cohort can attend its sessions."))
    for participant in participants:
        Attendance.objects.update_or_create(
            session=session,
            participant=participant,
            defaults={"present": participant.pk in present},
        )
    audit.record(
        LeadersEvent.ATTENDANCE_RECORDED,
        actor=actor,
        obj=session,
        data={"present": len(present), "of": len(participants)},
    )
    return len(present)


@transaction.atomic
def add_mentor(
    *,
    actor,
    name: str,
    organisation: Organisation,
    role: str,
    strengths: Sequence[str],
    capacity: int = 1,
    user=None,
) -> Mentor:
    """A volunteer senior member of staff who will mentor someone from another organisation."""
    _ensure(actor, "leaders.manage")
    strengths = list(dict.fromkeys(strengths))
    if not name.strip():
        raise ValidationError({"name": _("Give the mentor's name.")})
    if not strengths or any(s not in Goal.values for s in strengths):
        raise ValidationError({"strengths": _("Choose at least one thing they can help with.")})
    if not 1 <= capacity <= 3:
        raise ValidationError({"capacity": _("A mentor takes from one to three people.")})
    mentor = Mentor.objects.create(
        name=name.strip(),
        organisation=organisation,
        role=role.strip(),
        strengths=strengths,
        capacity=capacity,
        user=user,
    )
    audit.record(
        LeadersEvent.MENTOR_ADDED,
        actor=actor,
        obj=mentor,
        data={"organisation": organisation.slug, "capacity": capacity},
    )
    return mentor


@transaction.atomic
def match_mentors(*, actor, cohort: Cohort) -> tuple[list[Pairing], list[Application]]:
    """Pair every participant still without a mentor, never with someone from their own
    organisation, maximising shared goals (see :mod:`.matching`).  Existing pairs stay."""
    _ensure(actor, "leaders.manage")
    participants = [p for p in cohort.participants() if not hasattr(p, "pairing")]
    mentors = list(Mentor.objects.filter(active=True).select_related("organisation"))
    used: dict[int, int] = {}
    for pairing in Pairing.objects.filter(mentor__in=mentors):
        used[pairing.mentor_id] = used.get(pairing.mentor_id, 0) + 1
    pairs, unmatched = matching.match(
        [
            matching.Person(str(p.pk), str(p.organisation_id), frozenset(p.goals))
            for p in participants
        ],
        [
            matching.Person(
                str(m.pk),
                str(m.organisation_id),
                frozenset(m.strengths),
                m.capacity - used.get(m.pk, 0),
            )
            for m in mentors
        ],
        order=Goal.values,
    )
    made = [
        Pairing.objects.create(
            participant_id=int(pair.participant),
            mentor_id=int(pair.mentor),
            shared=list(pair.shared),
        )
        for pair in pairs
    ]
    left = [p for p in participants if str(p.pk) in set(unmatched)]
    audit.record(
        LeadersEvent.MENTORS_MATCHED,
        actor=actor,
        obj=cohort,
        data={"pairs": len(made), "unmatched": [p.reference for p in left]},
    )
    return made, left


@transaction.atomic
def write_log(
    *, actor, participant: Application, kind: str, text: str, session: Session | None = None
) -> LogEntry:
    """A participant's own log entry or reflection (private to them and the officers)."""
    _ensure(actor, "leaders.write_log", participant)
    if kind not in EntryKind.values:
        raise ValidationError({"kind": _("Choose a log entry or a reflection.")})
    if not text.strip():
        raise ValidationError({"text": _("Write something to record.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("Keep an entry under 5,000 characters.")})
    if session is not None and session.cohort_id != participant.cohort_id:
        raise ValidationError({"session": _("Choose a session of your own cohort.")})
    entry = LogEntry.objects.create(
        participant=participant, kind=kind, text=text.strip(), session=session
    )
    audit.record(
        LeadersEvent.LOG_WRITTEN,
        actor=actor,
        obj=entry,
        data={"reference": participant.reference, "kind": kind},
    )
    return entry


@transaction.atomic
def record_outcome(
    *,
    actor,
    participant: Application,
    horizon: int,
    new_role: bool,
    promotion: bool,
    board_role: bool,
    note: str = "",
) -> Outcome:
    """What changed for a participant one or two years on (replacing an earlier record)."""
    _ensure(actor, "leaders.manage")
    if participant.status != Status.SELECTED:
        raise ValidationError(_("Outcomes are recorded for participants only."))
    if horizon not in Horizon.values:
        raise ValidationError({"horizon": _("Choose one year or two years on.")})
    outcome, _created = Outcome.objects.update_or_create(
        participant=participant,
        horizon=horizon,
        defaults={
            "new_role": new_role,
            "promotion": promotion,
            "board_role": board_role,
            "note": note.strip(),
        },
    )
    audit.record(
        LeadersEvent.OUTCOME_RECORDED,
        actor=actor,
        obj=outcome,
        data={
            "reference": participant.reference,
            "horizon": horizon,
            "new_role": new_role,
            "promotion": promotion,
            "board_role": board_role,
        },
    )
    return outcome


@transaction.atomic
def set_workforce(*, actor, cohort: Cohort, dimension: str, shares: dict[str, float]) -> None:
    """The workforce's shares (percent) for one dimension, to compare the cohort with."""
    _ensure(actor, "leaders.manage")
    if dimension not in WorkforceShare.Dimension.values:
        raise ValidationError(_("Unknown dimension."))
    allowed = Grade.values if dimension == "grade" else Minority.values
    for value, percent in shares.items():
        if value not in allowed:
            raise ValidationError(_("Unknown value: %(v)s") % {"v": value})
        if not 0 <= percent <= 100:
            raise ValidationError(
                _("%(v)s: a share is from 0 to 100 per cent.")
                % {"v": quota_value_label(dimension, value)}
            )
    if sum(shares.values()) > 100.05:
        raise ValidationError(_("The shares add up to more than 100 per cent."))
    cohort.workforce.filter(dimension=dimension).delete()
    WorkforceShare.objects.bulk_create(
        [
            WorkforceShare(cohort=cohort, dimension=dimension, value=v, percent=round(p, 1))
            for v, p in shares.items()
        ]
    )
    audit.record(
        LeadersEvent.WORKFORCE_SET,
        actor=actor,
        obj=cohort,
        data={"dimension": dimension, "shares": {k: float(v) for k, v in shares.items()}},
    )

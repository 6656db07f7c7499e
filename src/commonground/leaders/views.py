"""Pages: the public programme and cohort pages and make-up; applying; officers' decisions,
lottery, programme, mentors and outcomes; a participant's private log.

Thin views: forms validate, :mod:`.actions` change state (and check the rules again).
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from commonground.core.views_support import refusal_on_form
from commonground.measures.suppression import SYMBOL, threshold
from commonground.sortition.lottery import new_seed

from . import actions
from .forms import (
    LOTTERY_METHODS,
    ApplyForm,
    CohortForm,
    DecideForm,
    LogForm,
    MentorForm,
    OutcomeForm,
    SeedForm,
    SessionForm,
)
from .makeup import breakdown
from .models import (
    Application,
    Attendance,
    Cohort,
    Grade,
    Horizon,
    Lottery,
    Mentor,
    Minority,
    Pairing,
    Quota,
    Session,
    Status,
)
from .selection import eligible, feasibility, feature_values


def _cohort(slug: str) -> Cohort:
    return get_object_or_404(Cohort, slug=slug)


def _errors(error: ValidationError) -> list[str]:
    return error.messages


# -- public ----------------------------------------------------------------------------------


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    """The programme explained, and every cohort with its application window."""
    return render(request, "leaders/index.html", {"cohorts": Cohort.objects.all()})


@login_not_required
def cohort(request: HttpRequest, slug: str) -> HttpResponse:
    """A cohort: what the programme offers, whether applications are open (and when), Apply."""
    the_cohort = _cohort(slug)
    mine = None
    if request.user.is_authenticated:
        mine = the_cohort.applications.filter(applicant=request.user).first()
    return render(
        request,
        "leaders/cohort.html",
        {
            "cohort": the_cohort,
            "window": the_cohort.window(),
            "window_message": actions.window_message(the_cohort),
            "mine": mine,
            "places_taken": the_cohort.applications.filter(status=Status.SELECTED).count(),
        },
    )


def makeup_tables(the_cohort: Cohort) -> list[dict]:
    """Participants by grade band and by minority background, beside the workforce, with the
    project's small-number suppression."""
    participants = list(the_cohort.participants())
    below = threshold()
    workforce: dict[str, dict[str, float]] = {"grade": {}, "minority": {}}
    for share in the_cohort.workforce.all():
        workforce[share.dimension][share.value] = float(share.percent)
    tables = []
    for dimension, title, choices in (
        ("grade", _("Grade band"), Grade.choices),
        ("minority", _("Minority background"), Minority.choices),
    ):
        counts = Counter(getattr(p, dimension) for p in participants)
        labels = dict(choices)
        rows = breakdown(counts, [v for v, _label in choices], workforce[dimension], below)
        tables.append(
            {
                "dimension": dimension,
                "title": title,
                "rows": [{"label": labels[r.value], "row": r} for r in rows],
            }
        )
    return tables


@login_not_required
def makeup(request: HttpRequest, slug: str) -> HttpResponse:
    """The cohort's make-up against the workforce: totals only, small numbers withheld."""
    the_cohort = _cohort(slug)
    return render(
        request,
        "leaders/makeup.html",
        {
            "cohort": the_cohort,
            "total": the_cohort.participants().count(),
            "tables": makeup_tables(the_cohort),
            "symbol": SYMBOL,
            "below": threshold(),
        },
    )


# -- applying --------------------------------------------------------------------------------


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply: staff of partner organisations, while the window is open."""
    the_cohort = _cohort(slug)
    if not request.user.has_perm("leaders.apply", the_cohort):
        return render(request, "leaders/apply_refused.html", {"cohort": the_cohort}, status=403)
    existing = the_cohort.applications.filter(applicant=request.user).first()
    if existing:
        return redirect("leaders:application", the_cohort.slug, existing.reference)
    closed = actions.window_message(the_cohort)
    form = ApplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and not closed and form.is_valid():
        data = form.cleaned_data
        try:
            application = actions.apply(
                actor=request.user,
                cohort=the_cohort,
                organisation=data["organisation"],
                grade=data["grade"],
                minority=data["minority"],
                goals=data["goals"],
                learn=data["learn"],
                consent=data["consent"],
                job_title=data["job_title"],
                background=data["background"],
                background_prefer_not=data["background_prefer_not"],
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Your application has been sent."))
            return redirect("leaders:application", the_cohort.slug, application.reference)
    return render(
        request, "leaders/apply.html", {"cohort": the_cohort, "form": form, "closed": closed}
    )


def application(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    """An application as its author (or an officer) sees it, with its status."""
    the_application = get_object_or_404(
        Application.objects.select_related("cohort", "organisation", "applicant"),
        cohort__slug=slug,
        reference=reference,
    )
    if not request.user.has_perm("leaders.view_application", the_application):
        raise PermissionDenied
    return render(request, "leaders/application.html", {"application": the_application})


@require_POST
def withdraw(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    the_application = get_object_or_404(Application, cohort__slug=slug, reference=reference)
    if not request.user.has_perm("leaders.view_application", the_application):
        raise PermissionDenied
    try:
        actions.withdraw(actor=request.user, application=the_application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("leaders:application", slug, reference)


# -- officers: cohorts, decisions, quotas, lottery -------------------------------------------


@permission_required("leaders.manage", raise_exception=True)
def new_cohort(request: HttpRequest) -> HttpResponse:
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.create_cohort(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            return redirect(created)
    return render(request, "leaders/cohort_form.html", {"form": form})


@permission_required("leaders.manage", raise_exception=True)
def applications(request: HttpRequest, slug: str) -> HttpResponse:
    """Every application, to decide by assessment, with the way to the lottery."""
    the_cohort = _cohort(slug)
    rows = the_cohort.applications.select_related("organisation", "applicant").order_by("reference")
    counts = Counter(a.status for a in rows)
    return render(
        request,
        "leaders/applications.html",
        {
            "cohort": the_cohort,
            "applications": rows,
            "selected": counts.get(Status.SELECTED, 0),
            "waiting": counts.get(Status.SUBMITTED, 0),
            "lotteries": the_cohort.lotteries.all(),
        },
    )


@permission_required("leaders.manage", raise_exception=True)
def decide(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    """Assess one application: a score, a note, and the decision."""
    the_application = get_object_or_404(
        Application.objects.select_related("cohort", "organisation", "applicant"),
        cohort__slug=slug,
        reference=reference,
    )
    form = DecideForm(
        request.POST or None,
        initial={
            "status": the_application.status,
            "score": the_application.score,
            "note": the_application.assessor_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide(
                actor=request.user,
                application=the_application,
                status=form.cleaned_data["status"],
                score=form.cleaned_data["score"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("leaders:applications", slug)
    return render(request, "leaders/decide.html", {"application": the_application, "form": form})


@permission_required("leaders.manage", raise_exception=True)
def quotas(request: HttpRequest, slug: str) -> HttpResponse:
    """Minimum and maximum places per grade band, background and organisation; shows at once
    whether the eligible applicants can meet them, and what to relax if not."""
    the_cohort = _cohort(slug)
    values = feature_values(the_cohort, list(eligible(the_cohort)))
    current = {(q.feature, q.value): q for q in the_cohort.quotas.all()}
    errors: list[str] = []
    if request.method == "POST":
        rows = []
        for feature, _label in Quota.Feature.choices:
            for value in values[feature]:
                low = request.POST.get(f"min-{feature}-{value}", "").strip()
                high = request.POST.get(f"max-{feature}-{value}", "").strip()
                if not low and not high:
                    continue
                if not (low or "0").isdigit() or not (high or "0").isdigit():
                    errors.append(
                        _("%(quota)s: give whole numbers.")
                        % {
                            "quota": f"{actions.quota_feature_label(feature)}: "
                            f"{actions.quota_value_label(feature, value)}"
                        }
                    )
                    continue
                rows.append(
                    {
                        "feature": feature,
                        "value": value,
                        "minimum": int(low or 0),
                        "maximum": int(high or the_cohort.size),
                    }
                )
        if not errors:
            try:
                actions.set_quotas(actor=request.user, cohort=the_cohort, rows=rows)
            except ValidationError as error:
                errors = _errors(error)
            else:
                messages.success(request, _("Quotas saved."))
                return redirect("leaders:quotas", slug)
    ok, changes = feasibility(the_cohort)
    sections = [
        {
            "feature": feature,
            "label": label,
            "rows": [
                {
                    "value": value,
                    "label": actions.quota_value_label(feature, value),
                    "min": request.POST.get(f"min-{feature}-{value}")
                    if errors
                    else (current[(feature, value)].minimum if (feature, value) in current else ""),
                    "max": request.POST.get(f"max-{feature}-{value}")
                    if errors
                    else (current[(feature, value)].maximum if (feature, value) in current else ""),
                }
                for value in values[feature]
            ],
        }
        for feature, label in Quota.Feature.choices
    ]
    return render(
        request,
        "leaders/quotas.html",
        {
            "cohort": the_cohort,
            "sections": sections,
            "errors": errors,
            "feasible": ok,
            "changes": [actions.describe_relaxation(c) for c in changes],
            "pool": eligible(the_cohort).count(),
        },
    )


@permission_required("leaders.manage", raise_exception=True)
def lottery(request: HttpRequest, slug: str) -> HttpResponse:
    """Run the fair lottery with the announced seed."""
    the_cohort = _cohort(slug)
    form = SeedForm(request.POST or None, initial={"seed": new_seed()})
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.run_lottery(
                actor=request.user,
                cohort=the_cohort,
                seed=form.cleaned_data["seed"],
                algorithm=form.cleaned_data["algorithm"] or "maximin",
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("The lottery has been run and places offered."))
            return redirect("leaders:lottery_result", slug, run.pk)
    ok, changes = feasibility(the_cohort)
    return render(
        request,
        "leaders/lottery.html",
        {
            "cohort": the_cohort,
            "form": form,
            "pool": eligible(the_cohort).count(),
            "feasible": ok,
            "changes": [actions.describe_relaxation(c) for c in changes],
            "lotteries": the_cohort.lotteries.all(),
        },
    )


def lottery_result(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The draw: seed, quotas, each reference's probability, the fairness figures."""
    run = get_object_or_404(Lottery.objects.select_related("cohort"), cohort__slug=slug, pk=pk)
    if not request.user.has_perm("leaders.view_programme", run.cohort):
        raise PermissionDenied
    chosen = set(
        run.applications.filter(status=Status.SELECTED).values_list("reference", flat=True)
    )
    rows = [
        {"reference": ref, "probability": p, "selected": ref in chosen}
        for ref, p in sorted(run.probabilities.items())
    ]
    quotas = [
        {
            "label": f"{actions.quota_feature_label(q['feature'])}: "
            f"{actions.quota_value_label(q['feature'], q['value'])}",
            "min": q["min"],
            "max": q["max"],
        }
        for q in run.quotas
        if q["min"] > 0 or q["max"] < run.cohort.size
    ]
    return render(
        request,
        "leaders/lottery_result.html",
        {
            "run": run,
            "cohort": run.cohort,
            "rows": rows,
            "quotas": quotas,
            "method": dict(LOTTERY_METHODS).get(run.algorithm, run.algorithm),
        },
    )


# -- the programme ---------------------------------------------------------------------------


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    """Sessions with attendance, and mentoring pairs (a participant sees only their own)."""
    the_cohort = _cohort(slug)
    if not request.user.has_perm("leaders.view_programme", the_cohort):
        raise PermissionDenied
    manager = request.user.has_perm("leaders.manage")
    form = SessionForm(request.POST or None) if manager else None
    if manager and request.method == "POST" and form.is_valid():
        try:
            actions.add_session(actor=request.user, cohort=the_cohort, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("leaders:programme", slug)
    sessions = the_cohort.sessions.annotate(
        came=Count("attendance", filter=Q(attendance__present=True))
    )
    pairs = Pairing.objects.filter(participant__cohort=the_cohort).select_related(
        "participant__applicant", "participant__organisation", "mentor__organisation"
    )
    mine = the_cohort.applications.filter(applicant=request.user, status=Status.SELECTED).first()
    if not manager:
        pairs = pairs.filter(participant__applicant=request.user)
    unpaired = (
        the_cohort.participants().filter(pairing__isnull=True)
        if manager
        else Application.objects.none()
    )
    return render(
        request,
        "leaders/programme.html",
        {
            "cohort": the_cohort,
            "sessions": sessions,
            "pairs": pairs.order_by("participant__reference"),
            "unpaired": unpaired,
            "form": form,
            "manager": manager,
            "mine": mine,
            "participants": the_cohort.participants().count(),
        },
    )


@permission_required("leaders.manage", raise_exception=True)
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("cohort"), cohort__slug=slug, pk=pk)
    participants = list(session.cohort.participants())
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
        try:
            actions.record_attendance(actor=request.user, session=session, present=chosen)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("leaders:programme", slug)
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list(
            "participant_id", flat=True
        )
    )
    return render(
        request,
        "leaders/attendance.html",
        {
            "session": session,
            "cohort": session.cohort,
            "participants": participants,
            "present": present,
        },
    )


@require_POST
@permission_required("leaders.manage", raise_exception=True)
def match(request: HttpRequest, slug: str) -> HttpResponse:
    the_cohort = _cohort(slug)
    made, left = actions.match_mentors(actor=request.user, cohort=the_cohort)
    messages.success(
        request,
        _("%(made)s mentoring pairs made; %(left)s participants still need a mentor.")
        % {"made": len(made), "left": len(left)},
    )
    return redirect("leaders:programme", slug)


@permission_required("leaders.manage", raise_exception=True)
def mentors(request: HttpRequest) -> HttpResponse:
    form = MentorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_mentor(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Mentor added."))
            return redirect("leaders:mentors")
    rows = Mentor.objects.select_related("organisation").annotate(paired=Count("pairings"))
    return render(request, "leaders/mentors.html", {"mentors": rows, "form": form})


# -- a participant's page --------------------------------------------------------------------


def participant(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    """A participant's sessions, mentor, private log and reflections; officers also record
    outcomes here."""
    person = get_object_or_404(
        Application.objects.select_related("cohort", "organisation", "applicant"),
        cohort__slug=slug,
        reference=reference,
        status=Status.SELECTED,
    )
    if not request.user.has_perm("leaders.view_log", person):
        raise PermissionDenied
    sessions = list(person.cohort.sessions.all())
    writer = request.user.has_perm("leaders.write_log", person)
    form = LogForm(request.POST or None, sessions=sessions) if writer else None
    if writer and request.method == "POST" and form.is_valid():
        try:
            actions.write_log(
                actor=request.user,
                participant=person,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                session=form.cleaned_data["session"],
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Saved to your log."))
            return redirect("leaders:participant", slug, reference)
    attended = {a.session_id: a.present for a in Attendance.objects.filter(participant=person)}
    manager = request.user.has_perm("leaders.manage")
    outcomes = {o.horizon: o for o in person.outcomes.all()}
    return render(
        request,
        "leaders/participant.html",
        {
            "person": person,
            "cohort": person.cohort,
            "sessions": [(s, attended.get(s.pk)) for s in sessions],
            "pairing": Pairing.objects.filter(participant=person)
            .select_related("mentor__organisation")
            .first(),
            "entries": person.log.select_related("session"),
            "form": form,
            "manager": manager,
            "outcomes": [(h, label, outcomes.get(h)) for h, label in Horizon.choices],
            "outcome_form": OutcomeForm() if manager else None,
        },
    )


@require_POST
@permission_required("leaders.manage", raise_exception=True)
def outcome(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    person = get_object_or_404(Application, cohort__slug=slug, reference=reference)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            actions.record_outcome(actor=request.user, participant=person, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Outcome saved."))
    else:
        for field, problems in form.errors.items():
            for problem in problems:
                messages.error(
                    request,
                    f"{form.fields[field].label}: {problem}" if field in form.fields else problem,
                )
    return redirect("leaders:participant", slug, reference)


@permission_required("leaders.manage", raise_exception=True)
def workforce(request: HttpRequest, slug: str) -> HttpResponse:
    """The officer enters the workforce's shares to compare the cohort with."""
    the_cohort = _cohort(slug)
    current = {(w.dimension, w.value): w.percent for w in the_cohort.workforce.all()}
    errors: list[str] = []
    dimensions = (
        ("grade", _("Grade band"), Grade.choices),
        ("minority", _("Minority background"), Minority.choices),
    )
    if request.method == "POST":
        parsed: dict[str, dict[str, float]] = {}
        for dimension, _title, choices in dimensions:
            parsed[dimension] = {}
            for value, label in choices:
                raw = request.POST.get(f"{dimension}-{value}", "").strip()
                if not raw:
                    continue
                try:
                    parsed[dimension][value] = float(raw.replace(",", "."))
                except ValueError:
                    errors.append(_("%(v)s: give a number of per cent.") % {"v": label})
        if not errors:
            try:
                for dimension, shares in parsed.items():
                    actions.set_workforce(
                        actor=request.user, cohort=the_cohort, dimension=dimension, shares=shares
                    )
            except ValidationError as error:
                errors = _errors(error)
            else:
                messages.success(request, _("Workforce figures saved."))
                return redirect("leaders:makeup", slug)
    sections = [
        {
            "dimension": dimension,
            "title": title,
            "rows": [
                {
                    "value": value,
                    "label": label,
                    "percent": request.POST.get(f"{dimension}-{value}", "")
                    if errors
                    else current.get((dimension, value), ""),
                }
                for value, label in choices
            ],
        }
        for dimension, title, choices in dimensions
    ]
    return render(
        request,
        "leaders/workforce.html",
        {"cohort": the_cohort, "sections": sections, "errors": errors},
    )

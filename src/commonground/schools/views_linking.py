"""Pages for a stored linking year: planning it (officers), answering and running the links
(schools' contacts and teachers), training and parents' sessions, the survey and its results.

Views stay thin: forms validate, ``actions`` change (permission checked, audited), and a
refused action's message is shown on the form it came from.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from commonground.core.views_support import refusal_on_form

from . import actions, planning, queries
from .forms import (
    AnswerForm,
    BookingForm,
    ConfirmDayForm,
    ContactForm,
    DayForm,
    OpenSurveyForm,
    ParticipantsForm,
    PublishForm,
    RegisterForm,
    RuleForm,
    SessionForm,
    SurveyForm,
    SwapForm,
    YearForm,
)
from .models import (
    OFFICER_CHANGES,
    Answer,
    DayKind,
    LinkingDay,
    LinkingSession,
    LinkingYear,
    LinkPair,
    PairRule,
    School,
    SchoolContact,
    Stage,
)
from .survey import results as survey_results

SECTION = "schools"


# --- Linking years (officers) ------------------------------------------------------------------


@permission_required("schools.view_linking", raise_exception=True)
def years(request: HttpRequest) -> HttpResponse:
    """The linking years, and (officers) a form to start a new one."""
    form = YearForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("schools.manage_linking"):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = actions.create_year(
                    actor=request.user,
                    year=data["year"],
                    phase=data["phase"],
                    max_km=data["max_km"],
                    conflicts=data["conflicts"],
                )
            except ValidationError as error:
                refusal_on_form(form, error)
            else:
                return redirect(item)
    items = LinkingYear.objects.all()
    return render(
        request,
        "schools/years.html",
        {"section": SECTION, "years": items, "form": form},
    )


def _year_again(request: HttpRequest, item: LinkingYear, **shown) -> HttpResponse:
    """The year's page again (400) with what was refused: a form with its errors, or ``errors``."""
    return render(request, "schools/year.html", _year_context(request, item, **shown), status=400)


def _year_context(request, item: LinkingYear, **forms) -> dict:
    pairs = list(item.pairs.select_related("school_a", "school_b"))
    participants = list(item.participants.select_related("school"))
    rules = list(item.rules.select_related("school_a", "school_b"))
    initial = "\n".join(
        f"{p.school.urn}, {p.classes}, {p.year_groups}".rstrip(", ") for p in participants
    )
    explained = planning.explain_pairs(pairs, item.census_year)
    for p in pairs:
        p.explanation = explained.get(p.pk, "")
    repair = None
    if (
        not item.is_draft
        and request.user.has_perm("schools.manage_linking")
        and any(p.status == Answer.DECLINED for p in pairs)
    ):
        repair = planning.plan_repair(item)
        if not repair.freed:
            repair = None
    return {
        "repair": repair,
        "section": SECTION,
        "item": item,
        "pairs": pairs,
        "participants": participants,
        "rules": rules,
        "officer_changes": [r for r in rules if r.kind in OFFICER_CHANGES],
        "participants_form": forms.get("participants")
        or ParticipantsForm(initial={"schools": initial}, phase=item.phase),
        "rule_form": forms.get("rule") or RuleForm(linking_year=item),
        "swap_form": forms.get("swap") or SwapForm(linking_year=item),
        "errors": forms.get("errors", []),
        "survey_form": forms.get("survey") or OpenSurveyForm(),
        "surveys": _surveys_in_conversations(item),
        "district_schools": School.objects.filter(phase=item.phase, in_district=True).count(),
    }


def _surveys_in_conversations(item: LinkingYear) -> list[dict]:
    """The year's before and after surveys in Conversations, with where their counts are
    entered (empty while the year still uses the class-count form)."""
    if not item.in_conversations:
        return []
    out = []
    for stage, survey in (
        (Stage.BEFORE, item.survey_before),
        (Stage.AFTER, item.survey_after),
    ):
        if survey is None:
            continue
        slug = survey.consultation.slug
        out.append(
            {
                "stage": stage.label,
                "survey": survey,
                "consultation": survey.consultation,
                "url": reverse("consult:survey_counts", args=[slug]) + f"?survey={survey.pk}",
                "groups": survey.count_groups.count(),
                "entered": survey.count_groups.filter(entered_at__isnull=False).count(),
            }
        )
    return out


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_open_survey(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the year's before and after surveys in Conversations, under the chosen
    consultation (counts entered on the class-count form are carried over)."""
    item = get_object_or_404(LinkingYear, pk=pk)
    form = OpenSurveyForm(request.POST)
    if form.is_valid():
        try:
            actions.open_survey_in_conversations(
                actor=request.user,
                linking_year=item,
                consultation=form.cleaned_data["consultation"],
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(
                request,
                _("The surveys are open in Conversations: schools enter their counts there."),
            )
            return redirect(item.get_absolute_url() + "#survey")
    return _year_again(request, item, survey=form)


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_repair(request: HttpRequest, pk: int) -> HttpResponse:
    """Pair the schools freed by a decline again, keeping the standing pairs."""
    item = get_object_or_404(LinkingYear, pk=pk)
    try:
        plan = actions.repair(actor=request.user, linking_year=item)
    except ValidationError as error:
        return _year_again(request, item, errors=error.messages)
    messages.success(
        request,
        _("New pairs made: %(n)s. Each school is asked to answer.") % {"n": len(plan.links)},
    )
    return redirect(item.get_absolute_url() + "#pairs")


@permission_required("schools.view_linking", raise_exception=True)
def year(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LinkingYear, pk=pk)
    return render(request, "schools/year.html", _year_context(request, item))


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_schools(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the schools taking part; ``every=1`` takes every District school of the phase
    (one class each, the year group given)."""
    item = get_object_or_404(LinkingYear, pk=pk)
    data = request.POST.copy()
    if data.get("every"):
        group = data.get("year_group", "").strip()
        data["schools"] = "\n".join(
            f"{urn}, 1, {group}"
            for urn in School.objects.filter(phase=item.phase, in_district=True)
            .order_by("name")
            .values_list("urn", flat=True)
        )
    form = ParticipantsForm(data, phase=item.phase)
    if form.is_valid():
        try:
            actions.set_participants(
                actor=request.user, linking_year=item, rows=form.cleaned_data["schools"]
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Schools taking part saved."))
            return redirect(item)
    return _year_again(request, item, participants=form)


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_propose(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LinkingYear, pk=pk)
    try:
        actions.propose(actor=request.user, linking_year=item)
    except ValidationError as error:
        return _year_again(request, item, errors=error.messages)
    return redirect(item.get_absolute_url() + "#pairs")


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_rule(request: HttpRequest, pk: int) -> HttpResponse:
    """Force or forbid a pair (or note a conflict); the proposal is run again at once."""
    item = get_object_or_404(LinkingYear, pk=pk)
    form = RuleForm(request.POST, linking_year=item)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_rule(
                actor=request.user,
                linking_year=item,
                a=data["school_a"],
                b=data["school_b"],
                kind=data["kind"],
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            return redirect(item.get_absolute_url() + "#pairs")
    return _year_again(request, item, rule=form)


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def rule_remove(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(PairRule.objects.select_related("linking_year"), pk=pk)
    try:
        actions.remove_rule(actor=request.user, rule=rule)
    except ValidationError as error:
        item = rule.linking_year
        return _year_again(request, item, errors=error.messages)
    return redirect(rule.linking_year.get_absolute_url() + "#pairs")


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_swap(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LinkingYear, pk=pk)
    form = SwapForm(request.POST, linking_year=item)
    if form.is_valid():
        try:
            actions.swap(
                actor=request.user,
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            return redirect(item.get_absolute_url() + "#pairs")
    return _year_again(request, item, swap=form)


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LinkingYear, pk=pk)
    try:
        actions.confirm_year(actor=request.user, linking_year=item)
    except ValidationError as error:
        return _year_again(request, item, errors=error.messages)
    messages.success(request, _("Pairs confirmed: each school is now asked to accept its link."))
    return redirect(item)


@permission_required("schools.view_results", raise_exception=True)
def year_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Did it work: the attitude survey's change by pair and overall, with 95% intervals."""
    item = get_object_or_404(LinkingYear, pk=pk)
    found = survey_results(item)
    return render(
        request,
        "schools/results.html",
        {
            "section": SECTION,
            "item": item,
            "results": found,
            "chart": _chart(found.statements),
            "register_form": RegisterForm(),
        },
    )


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the year as an intervention in test and learn, then open it there."""
    item = get_object_or_404(LinkingYear, pk=pk)
    form = RegisterForm(request.POST)
    if form.is_valid():
        try:
            intervention = actions.register_intervention(
                actor=request.user, linking_year=item, **form.cleaned_data
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Registered as an intervention in test and learn."))
            return redirect(intervention)
    found = survey_results(item)
    return render(
        request,
        "schools/results.html",
        {
            "section": SECTION,
            "item": item,
            "results": found,
            "chart": _chart(found.statements),
            "register_form": form,
        },
        status=400,
    )


def _chart(statements) -> dict:
    """Each statement's change and interval as a horizontal bar on a −100…+100 point scale."""

    def x(value: float) -> int:
        return round(160 + 140 * value)

    bars = [
        {"y": 24 + 30 * i, "low": x(c.low), "high": x(c.high), "mid": x(c.change)}
        for i, (_text, c) in enumerate(statements)
        if c.change is not None
    ]
    return {"bars": bars, "height": 24 + 30 * len(bars) + 10}


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def year_record_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the survey's overall change as the registered intervention's result."""
    item = get_object_or_404(LinkingYear, pk=pk)
    try:
        actions.record_survey_result(actor=request.user, linking_year=item)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Recorded as the intervention's result in test and learn."))
    return redirect("schools:year_results", pk=item.pk)


# --- A pair: answers, days, survey ---------------------------------------------------------------


def _my_schools(user, pair: LinkPair, *, contact_only: bool = False):
    """The pair's schools this person may act for (an officer: both)."""
    ids = [pair.school_a_id, pair.school_b_id]
    if user.has_perm("schools.manage_linking"):
        return School.objects.filter(pk__in=ids)
    own = SchoolContact.objects.filter(user=user, school_id__in=ids)
    if contact_only:
        own = own.filter(role="contact")
    return School.objects.filter(pk__in=own.values("school_id"))


def _count_groups(pair: LinkPair, schools) -> list[dict]:
    """Where each of ``schools``' classes in the pair enters its counts in Conversations,
    before and after (empty while the year uses the class-count form)."""
    from commonground.consult.models import CountGroup

    from .survey_consult import group_key

    year = pair.linking_year
    if not year.in_conversations:
        return []
    schools = list(schools)
    keys = {group_key(pair, school): school for school in schools}
    stages = {year.survey_before_id: Stage.BEFORE, year.survey_after_id: Stage.AFTER}
    groups = CountGroup.objects.filter(survey_id__in=stages, key__in=keys).select_related(
        "survey__consultation"
    )
    rows = [
        {
            "school": keys[g.key],
            "stage": stages[g.survey_id].label,
            "order": (keys[g.key].name, stages[g.survey_id] != Stage.BEFORE),
            "entered_at": g.entered_at,
            "url": reverse("consult:survey_count_group", args=[g.survey.consultation.slug, g.pk]),
        }
        for g in groups
    ]
    return sorted(rows, key=lambda r: r["order"])


def _pair_page(request, pair: LinkPair, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    days = list(
        pair.days.select_related("location", "confirmed_a_by", "confirmed_b_by").order_by("pk")
    )
    mine = _my_schools(user, pair)
    answering = _my_schools(user, pair, contact_only=True)
    return render(
        request,
        "schools/pair.html",
        {
            "section": SECTION,
            "pair": pair,
            "days": days,
            "explanation": planning.explain_pairs([pair], pair.linking_year.census_year).get(
                pair.pk, ""
            ),
            "answer_form": forms.get("answer")
            or (AnswerForm(schools=answering) if answering.exists() else None),
            "confirm_schools": list(mine),
            "may_answer": user.has_perm("schools.answer_pair", pair),
            "may_edit_days": user.has_perm("schools.edit_days", pair),
            "may_confirm": user.has_perm("schools.confirm_dates", pair),
            "may_survey": user.has_perm("schools.enter_survey", pair),
            "count_groups": _count_groups(pair, mine),
            "sessions": pair.sessions.all(),
        },
        status=status,
    )


@permission_required(
    "schools.view_pair",
    fn=lambda request, pk: LinkPair.objects.filter(pk=pk).first(),
    raise_exception=True,
)
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        LinkPair.objects.select_related("linking_year", "school_a", "school_b"), pk=pk
    )
    return _pair_page(request, item)


@require_POST
@permission_required(
    "schools.answer_pair",
    fn=lambda request, pk: LinkPair.objects.filter(pk=pk).first(),
    raise_exception=True,
)
def pair_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        LinkPair.objects.select_related("linking_year", "school_a", "school_b"), pk=pk
    )
    form = AnswerForm(request.POST, schools=_my_schools(request.user, item, contact_only=True))
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.answer_pair(
                actor=request.user,
                pair=item,
                school=data["school"],
                accept=data["answer"] == "accept",
                reason=data["reason"],
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Your answer is saved."))
            return redirect(item)
    return _pair_page(request, item, answer=form, status=400)


def _day(pk: int) -> LinkingDay:
    return get_object_or_404(
        LinkingDay.objects.select_related(
            "pair__linking_year", "pair__school_a", "pair__school_b", "location"
        ),
        pk=pk,
    )


def _pair_of_day(request, pk: int):
    day = LinkingDay.objects.filter(pk=pk).select_related("pair").first()
    return day.pair if day else None


@permission_required("schools.edit_days", fn=_pair_of_day, raise_exception=True)
def day_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A linking day's date, place, classes, teachers and transport."""
    day = _day(pk)
    neutral = day.kind == DayKind.NEUTRAL
    initial = {
        "date": day.date,
        "venue": day.venue,
        "location": day.location_id,
        "classes": day.classes,
        "teachers": day.teachers,
        "transport": day.transport,
    }
    form = DayForm(request.POST or None, initial=initial, neutral=neutral)
    if request.method == "POST" and form.is_valid():
        actions.update_day(actor=request.user, day=day, **form.cleaned_data)
        messages.success(request, _("The linking day is saved."))
        return redirect(day.pair)
    return render(
        request,
        "schools/day.html",
        {"section": SECTION, "day": day, "form": form, "neutral": neutral},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("schools.confirm_dates", fn=_pair_of_day, raise_exception=True)
def day_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(pk)
    mine = _my_schools(request.user, day.pair)
    data = request.POST.copy()
    if not data.get("school") and mine.count() == 1:
        data["school"] = str(mine.get().pk)
    form = ConfirmDayForm(data, schools=mine)
    if form.is_valid():
        try:
            actions.confirm_day(actor=request.user, day=day, school=form.cleaned_data["school"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Date confirmed."))
    else:
        messages.error(request, _("Choose the school you are confirming for."))
    return redirect(day.pair)


@permission_required(
    "schools.enter_survey",
    fn=lambda request, pk: LinkPair.objects.filter(pk=pk).first(),
    raise_exception=True,
)
def pair_survey(request: HttpRequest, pk: int) -> HttpResponse:
    """A teacher enters a class's answers: how many children chose each face."""
    item = get_object_or_404(
        LinkPair.objects.select_related("linking_year", "school_a", "school_b"), pk=pk
    )
    if item.linking_year.in_conversations:
        # The year's survey moved to Conversations: each class's counts are entered there.
        return render(
            request,
            "schools/survey_moved.html",
            {
                "section": SECTION,
                "pair": item,
                "count_groups": _count_groups(item, _my_schools(request.user, item)),
            },
            status=409 if request.method == "POST" else 200,
        )
    form = SurveyForm(request.POST or None, schools=_my_schools(request.user, item))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_survey(
                actor=request.user,
                pair=item,
                school=form.cleaned_data["school"],
                stage=form.cleaned_data["stage"],
                counts=form.counts(),
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("The class's answers are saved."))
            return redirect(item)
    return render(
        request,
        "schools/survey.html",
        {"section": SECTION, "pair": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("schools.view_sessions", raise_exception=True)
def my_links(request: HttpRequest) -> HttpResponse:
    """The pairs of the schools this person acts for (officers: every confirmed pair)."""
    pairs = LinkPair.objects.filter(linking_year__status="confirmed").select_related(
        "linking_year", "school_a", "school_b"
    )
    if not request.user.has_perm("schools.manage_linking"):
        own = SchoolContact.objects.filter(user=request.user).values("school_id")
        pairs = pairs.filter(Q(school_a__in=own) | Q(school_b__in=own))
    return render(request, "schools/my_links.html", {"section": SECTION, "pairs": pairs})


# --- Sessions: training (toolkit) and parents' linking -----------------------------------------


@permission_required("schools.view_sessions", raise_exception=True)
def sessions(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("schools.manage_linking"):
            raise PermissionDenied
        if form.is_valid():
            try:
                item = actions.create_session(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                refusal_on_form(form, error)
            else:
                return redirect(item)
    items = LinkingSession.objects.prefetch_related("bookings").select_related(
        "pair__school_a", "pair__school_b"
    )
    return render(
        request,
        "schools/sessions.html",
        {"section": SECTION, "sessions": items, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("schools.view_sessions", raise_exception=True)
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """A session: book places (school people, officers); officers see bookings, mark who came."""
    item = get_object_or_404(LinkingSession, pk=pk)
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.book(actor=request.user, session=item, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Places booked."))
            return redirect(item)
    officer = request.user.has_perm("schools.manage_linking")
    bookings = item.bookings.all() if officer else item.bookings.filter(booked_by=request.user)
    return render(
        request,
        "schools/session.html",
        {"section": SECTION, "session": item, "form": form, "bookings": bookings},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LinkingSession, pk=pk)
    came = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
    actions.mark_attendance(
        actor=request.user,
        session=item,
        attended={b.pk: b.pk in came for b in item.bookings.all()},
    )
    messages.success(request, _("Attendance saved."))
    return redirect(item)


# --- Contacts and the Measures feed -------------------------------------------------------------


@permission_required("schools.manage_linking", raise_exception=True)
def contacts(request: HttpRequest) -> HttpResponse:
    """Who acts for which school in linking."""
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.add_contact(
            actor=request.user,
            school=data["urn"],
            user=data["username"],
            role=data["role"],
            phone=data["phone"],
        )
        messages.success(request, _("Contact saved."))
        return redirect("schools:contacts")
    items = SchoolContact.objects.select_related("school", "user")
    return render(
        request,
        "schools/contacts.html",
        {"section": SECTION, "contacts": items, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("schools.manage_linking", raise_exception=True)
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(SchoolContact.objects.select_related("school"), pk=pk)
    actions.remove_contact(actor=request.user, contact=contact)
    return redirect("schools:contacts")


@require_POST
@permission_required("schools.publish_measure", raise_exception=True)
def publish(request: HttpRequest) -> HttpResponse:
    """Send the neighbour measure for a census year to Measures (an officer's action)."""
    form = PublishForm(request.POST)
    if form.is_valid() and form.cleaned_data["year"] in queries.years():
        try:
            counts = actions.publish_measure(actor=request.user, year=form.cleaned_data["year"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if counts:
                messages.success(
                    request,
                    _(
                        "Sent to Measures: %(created)s new, %(corrected)s corrected, "
                        "%(unchanged)s unchanged."
                    )
                    % counts,
                )
            else:
                messages.error(request, _("No District is loaded, so nothing was sent."))
    else:
        messages.error(request, _("Choose a school census year that is loaded."))
    return redirect("schools:index")

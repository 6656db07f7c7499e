"""Pages of the panel at work: members and rotation, meetings and attendance, expenses,
the Board's questions, the panel's recommendations and the Board's responses.

Officers run the panel; Board members ask questions and respond; the public page shows the
panel's make-up only as counts (small ones suppressed), never a member's name or reference.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from . import actions
from . import characteristics as chars
from .forms import (
    ClaimForm,
    EstablishForm,
    MeetingForm,
    MemberForm,
    QuestionForm,
    RecommendationForm,
    ReplaceForm,
    ResponseForm,
    WithdrawForm,
    member_label,
)
from .models import (
    ClaimStatus,
    ExpenseClaim,
    Meeting,
    MemberStatus,
    Panel,
    PanelMember,
    PanelQuestion,
    Pool,
    Presence,
    QuestionStatus,
    Recommendation,
)

SUPPRESS_BELOW = 3
"""Public counts under this are shown as "fewer than 3": a panel is small enough that a count
of one or two could point at a person."""


def _pool(slug: str) -> Pool:
    return get_object_or_404(Pool, slug=slug)


def _panel(slug: str) -> Panel:
    return get_object_or_404(Panel.objects.select_related("pool", "run"), pool__slug=slug)


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def _members(panel: Panel):
    return panel.run.members.select_related("respondent", "respondent__contact").order_by("pk")


@permission_required("people.view_panel", raise_exception=True)
def panel(request: HttpRequest, slug: str) -> HttpResponse:
    """The panel's home for officers and the Board: make-up, rotation, meetings, questions; and,
    before it sits, the form to set it up from a published selection."""
    the_pool = _pool(slug)
    the_panel = Panel.objects.filter(pool=the_pool).select_related("run").first()
    if the_panel is None:
        form = EstablishForm(request.POST or None, pool=the_pool)
        errors: list[str] = []
        if request.method == "POST" and request.user.has_perm("people.manage_panel", the_pool):
            if form.is_valid():
                try:
                    actions.establish_panel(
                        actor=request.user,
                        run=form.cleaned_data["run"],
                        started_on=form.cleaned_data["started_on"],
                        term_months=form.cleaned_data["term_months"],
                        rotation_groups=form.cleaned_data["rotation_groups"],
                    )
                except ValidationError as error:
                    errors = _errors(error)
                else:
                    messages.success(request, _("The panel is set up."))
                    return redirect("people:panel", the_pool.slug)
        elif request.method == "POST":
            raise PermissionDenied("people.manage_panel")
        return render(
            request,
            "people/panel/establish.html",
            {"pool": the_pool, "form": form, "errors": errors},
        )
    serving = the_panel.run.members.filter(status=MemberStatus.ACTIVE)
    return render(
        request,
        "people/panel/panel.html",
        {
            "pool": the_pool,
            "panel": the_panel,
            "serving": serving.count(),
            "makeup": makeup(the_panel),
            "due": actions.due_for_rotation(the_panel),
            "meetings": the_panel.meetings.annotate(
                present=Count(
                    "attendance",
                    filter=Q(attendance__presence__in=[Presence.PRESENT, Presence.ONLINE]),
                )
            )[:20],
            "questions": the_panel.questions.annotate(n=Count("recommendations"))[:50],
            "now": timezone.now(),
        },
    )


def makeup(panel: Panel, suppress: bool = False) -> list[dict]:
    """Serving members by each characteristic the pool uses: counts only."""
    people = [
        m.respondent.characteristics
        for m in panel.run.members.filter(status=MemberStatus.ACTIVE).select_related("respondent")
    ]
    sections = []
    for feature in panel.pool.characteristics:
        tally = Counter(p.get(feature, chars.PREFER_NOT) for p in people)
        rows = []
        for value in chars.values(feature):
            n = tally.get(value, 0)
            if not n:
                continue
            shown = (
                _("fewer than %(n)s") % {"n": SUPPRESS_BELOW}
                if suppress and n < SUPPRESS_BELOW
                else str(n)
            )
            rows.append((chars.label_of(feature, value), shown))
        sections.append({"label": chars.LABELS[feature], "rows": rows})
    return sections


@permission_required("people.manage_panel", raise_exception=True)
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Every member, serving or not, with terms, and the members due for rotation."""
    the_panel = _panel(slug)
    rows = [(m, member_label(m)) for m in _members(the_panel)]
    return render(
        request,
        "people/panel/members.html",
        {
            "pool": the_panel.pool,
            "panel": the_panel,
            "rows": rows,
            "due": {m.pk for m in actions.due_for_rotation(the_panel)},
        },
    )


@permission_required("people.manage_panel", raise_exception=True)
def member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One member: accessibility needs, term, attendance and claims; replace or rotate."""
    the_panel = _panel(slug)
    the_member = get_object_or_404(_members(the_panel), pk=pk)
    form = MemberForm(
        request.POST or None,
        initial={
            "accessibility_needs": the_member.accessibility_needs,
            "term_end": the_member.term_end,
        },
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_member(
                actor=request.user,
                member=the_member,
                accessibility_needs=form.cleaned_data["accessibility_needs"],
                term_end=form.cleaned_data["term_end"],
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:member", slug, pk)
    return render(
        request,
        "people/panel/member.html",
        {
            "pool": the_panel.pool,
            "panel": the_panel,
            "member": the_member,
            "label": member_label(the_member),
            "form": form,
            "errors": errors,
            "attendance": the_member.attendance.select_related("meeting").order_by(
                "-meeting__starts_at"
            ),
            "claims": the_member.claims.select_related("meeting"),
            "replaced_by": PanelMember.objects.filter(replaces=the_member)
            .select_related("respondent")
            .first(),
        },
    )


@require_POST
@permission_required("people.manage_panel", raise_exception=True)
def replace(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Draw a replacement through the same lottery (the member dropped out, or rotates off)."""
    the_panel = _panel(slug)
    the_member = get_object_or_404(_members(the_panel), pk=pk)
    form = ReplaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why the member is leaving."))
        return redirect("people:member", slug, pk)
    if not request.user.has_perm("people.run_selection", the_panel.pool):
        raise PermissionDenied("people.run_selection")
    try:
        new = actions.replace_member(
            actor=request.user, member=the_member, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("people:member", slug, pk)
    messages.success(
        request,
        _("%(new)s was drawn to replace %(old)s, keeping every quota.")
        % {"new": member_label(new), "old": member_label(the_member)},
    )
    return redirect("people:member", slug, new.pk)


@permission_required("people.manage_panel", raise_exception=True)
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    the_panel = _panel(slug)
    form = MeetingForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.schedule_meeting(
                actor=request.user, panel=the_panel, **form.cleaned_data
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Meeting added."))
            return redirect(meeting)
    return render(
        request,
        "people/panel/meeting_form.html",
        {"pool": the_panel.pool, "panel": the_panel, "form": form, "errors": errors},
    )


def _meeting(slug: str, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("panel", "panel__pool", "panel__run"),
        pk=pk,
        panel__pool__slug=slug,
    )


@permission_required("people.view_panel", raise_exception=True)
def meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A meeting: agenda, where, who came; for officers the needs to plan for and claims."""
    the_meeting = _meeting(slug, pk)
    recorded = dict(the_meeting.attendance.values_list("member_id", "presence"))
    officer = request.user.has_perm("people.manage_panel", the_meeting.panel.pool)
    rows = []
    if officer:
        for m in actions.serving_at(the_meeting):
            rows.append(
                {
                    "member": m,
                    "label": member_label(m),
                    "presence": Presence(recorded[m.pk]).label if m.pk in recorded else "",
                }
            )
    tally = Counter(recorded.values())
    return render(
        request,
        "people/panel/meeting.html",
        {
            "pool": the_meeting.panel.pool,
            "panel": the_meeting.panel,
            "meeting": the_meeting,
            "rows": rows,
            "officer": officer,
            "tally": [(Presence(v).label, tally.get(v, 0)) for v in Presence.values],
            "started": the_meeting.starts_at <= timezone.now(),
            "claims": the_meeting.claims.select_related("member__respondent__contact")
            if request.user.has_perm("people.manage_expenses", the_meeting.panel.pool)
            else None,
        },
    )


@permission_required("people.manage_panel", raise_exception=True)
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record who came: one choice per member serving on the meeting's date."""
    the_meeting = _meeting(slug, pk)
    serving = list(actions.serving_at(the_meeting))
    recorded = dict(the_meeting.attendance.values_list("member_id", "presence"))
    errors: list[str] = []
    chosen = dict(recorded)
    if request.method == "POST":
        chosen = {}
        for m in serving:
            value = request.POST.get(f"presence-{m.pk}", "")
            if value not in Presence.values:
                errors.append(
                    _("%(member)s: choose present, online, apologies or absent.")
                    % {"member": member_label(m)}
                )
            else:
                chosen[m.pk] = value
        if not errors:
            try:
                actions.record_attendance(actor=request.user, meeting=the_meeting, presence=chosen)
            except ValidationError as error:
                errors = _errors(error)
            else:
                messages.success(request, _("Attendance saved."))
                return redirect(the_meeting)
    return render(
        request,
        "people/panel/attendance.html",
        {
            "pool": the_meeting.panel.pool,
            "panel": the_meeting.panel,
            "meeting": the_meeting,
            "rows": [
                {"member": m, "label": member_label(m), "value": chosen.get(m.pk, "")}
                for m in serving
            ],
            "choices": Presence.choices,
            "errors": errors,
        },
    )


@permission_required("people.manage_expenses", raise_exception=True)
def expenses(request: HttpRequest, slug: str) -> HttpResponse:
    """Claims by status, with the form to record a new one."""
    the_panel = _panel(slug)
    form = ClaimForm(request.POST or None, panel=the_panel)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_claim(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Claim recorded."))
            return redirect("people:expenses", slug)
    claims = ExpenseClaim.objects.filter(member__run=the_panel.run).select_related(
        "member__respondent__contact", "meeting", "decided_by"
    )
    totals = {
        row["status"]: row["total"]
        for row in claims.order_by().values("status").annotate(total=Sum("amount"))
    }
    return render(
        request,
        "people/panel/expenses.html",
        {
            "pool": the_panel.pool,
            "panel": the_panel,
            "form": form,
            "errors": errors,
            "claims": [(c, member_label(c.member)) for c in claims],
            "totals": [
                (label, totals.get(value, Decimal("0"))) for value, label in ClaimStatus.choices
            ],
        },
    )


@require_POST
@permission_required("people.manage_expenses", raise_exception=True)
def decide_claim(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_panel = _panel(slug)
    claim = get_object_or_404(ExpenseClaim, pk=pk, member__run=the_panel.run)
    try:
        actions.decide_claim(
            actor=request.user,
            claim=claim,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", "")[:1000],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Claim updated."))
    return redirect("people:expenses", slug)


@permission_required("people.ask_question", raise_exception=True)
def question_new(request: HttpRequest, slug: str) -> HttpResponse:
    the_panel = _panel(slug)
    form = QuestionForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            question = actions.ask_question(
                actor=request.user, panel=the_panel, **form.cleaned_data
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("The question is with the panel."))
            return redirect(question)
    return render(
        request,
        "people/panel/question_form.html",
        {"pool": the_panel.pool, "panel": the_panel, "form": form, "errors": errors},
    )


def _question(slug: str, pk: int) -> PanelQuestion:
    return get_object_or_404(
        PanelQuestion.objects.select_related("panel", "panel__pool", "asked_by"),
        pk=pk,
        panel__pool__slug=slug,
    )


def feedback_url(question: PanelQuestion) -> str:
    """The related conversation's "You said, we did" page, if that app answers the URL."""
    if not question.consultation_slug:
        return ""
    try:
        return reverse("consult:you_said_we_did", args=[question.consultation_slug])
    except NoReverseMatch:
        return ""


@permission_required("people.view_panel", raise_exception=True)
def question(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A question with its recommendations and the Board's responses; forms for each role."""
    the_question = _question(slug, pk)
    the_panel = the_question.panel
    may_record = request.user.has_perm("people.record_recommendation", the_panel.pool)
    form = RecommendationForm(request.POST or None, panel=the_panel)
    withdraw_form = WithdrawForm(prefix="withdraw")
    errors: list[str] = []
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied("people.record_recommendation")
        if form.is_valid():
            try:
                actions.record_recommendation(
                    actor=request.user, question=the_question, **form.cleaned_data
                )
            except ValidationError as error:
                errors = _errors(error)
            else:
                messages.success(request, _("Recommendation recorded."))
                return redirect(the_question)
    return render(
        request,
        "people/panel/question.html",
        {
            "pool": the_panel.pool,
            "panel": the_panel,
            "question": the_question,
            "recommendations": the_question.recommendations.select_related("response", "meeting"),
            "form": form,
            "withdraw_form": withdraw_form,
            "errors": errors,
            "may_record": may_record and the_question.status != QuestionStatus.WITHDRAWN,
            "may_withdraw": request.user.has_perm("people.ask_question", the_panel.pool)
            and the_question.status == QuestionStatus.OPEN,
            "may_respond": request.user.has_perm(
                "people.respond_to_recommendation", the_panel.pool
            ),
            "feedback_url": feedback_url(the_question),
        },
    )


@require_POST
@permission_required("people.ask_question", raise_exception=True)
def withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_question = _question(slug, pk)
    form = WithdrawForm(request.POST, prefix="withdraw")
    try:
        if not form.is_valid():
            raise ValidationError(_("Reason: say why the question is withdrawn."))
        actions.withdraw_question(
            actor=request.user, question=the_question, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The question is withdrawn."))
    return redirect(the_question)


@permission_required("people.respond_to_recommendation", raise_exception=True)
def respond(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The Board's response to one recommendation: decision and reasons, published at once."""
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("question", "question__panel__pool"),
        pk=pk,
        question__panel__pool__slug=slug,
    )
    form = ResponseForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.respond_to_recommendation(
                actor=request.user, recommendation=recommendation, **form.cleaned_data
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("The Board's response is published."))
            return redirect(recommendation.question)
    return render(
        request,
        "people/panel/respond.html",
        {
            "pool": recommendation.question.panel.pool,
            "question": recommendation.question,
            "recommendation": recommendation,
            "form": form,
            "errors": errors,
        },
    )


@login_not_required
def public(request: HttpRequest, slug: str) -> HttpResponse:
    """The panel's work in public: make-up as counts, meetings held, every question, the
    panel's recommendations and the Board's responses, with links to "You said, we did"."""
    the_panel = _panel(slug)
    questions = (
        the_panel.questions.exclude(status=QuestionStatus.WITHDRAWN)
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("response").order_by("pk"),
            )
        )
        .order_by("-asked_at")
    )
    held = the_panel.meetings.filter(starts_at__lte=timezone.now())
    return render(
        request,
        "people/panel/public.html",
        {
            "pool": the_panel.pool,
            "panel": the_panel,
            "serving": the_panel.run.members.filter(status=MemberStatus.ACTIVE).count(),
            "makeup": makeup(the_panel, suppress=True),
            "held": held.count(),
            "next_meeting": the_panel.meetings.filter(starts_at__gt=timezone.now())
            .order_by("starts_at")
            .first(),
            "questions": [(q, feedback_url(q)) for q in questions],
        },
    )

"""Officer pages: consultations (list, create, edit, open/close, publish), the dashboard, and
entering offline conversations. Views validate with forms and change through actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.consult import actions
from commonground.consult.forms import (
    ActivityEditForm,
    ActivityForm,
    ConsultationForm,
    MoreNotesForm,
    ReinstateForm,
    WithdrawForm,
)
from commonground.consult.models import (
    Activity,
    ActivityAttachment,
    AnalysisKind,
    Comment,
    Consultation,
    ConsultationStatus,
    Method,
)
from commonground.consult.models.activity import OFFLINE_METHODS
from commonground.consult.rules import require
from commonground.consult.views.common import (
    DASHBOARD_ANALYSES,
    SECTION,
    analysis_status,
    consultation_for_officer,
    may,
    permission_required,
)

METHOD_SLUGS = {
    "board-table": Method.BOARD_TABLE,
    "focus-group": Method.FOCUS_GROUP,
    "interview": Method.INTERVIEW,
    "vox-pop": Method.VOX_POP,
    "commission": Method.COMMISSION,
}
SLUG_OF = {v: k for k, v in METHOD_SLUGS.items()}


def _form_errors(form, error: ValidationError) -> None:
    """Put an action's ValidationError on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        form.add_error(None, error)


@permission_required("consult.manage_consultation")
def manage(request: HttpRequest) -> HttpResponse:
    """Every consultation, with how much evidence each has."""
    consultations = Consultation.objects.annotate(
        n_comments=Count("comments", filter=Q(comments__withdrawn=False), distinct=True),
        n_activities=Count(
            "activities", filter=Q(activities__withdrawn_at__isnull=True), distinct=True
        ),
    ).order_by("-opens_at")
    return render(
        request, "consult/manage.html", {"consultations": consultations, "section": SECTION}
    )


@permission_required("consult.manage_consultation")
def create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = actions.create_consultation(actor=request.user, **form.action_kwargs())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The consultation was created as a draft."))
            return redirect("consult:dashboard", consultation.slug)
    return render(request, "consult/consultation_form.html", {"form": form, "section": SECTION})


@permission_required("consult.manage_consultation")
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = consultation_for_officer(slug)
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = actions.update_consultation(
                actor=request.user, consultation=consultation, **form.action_kwargs()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("consult:dashboard", consultation.slug)
    return render(
        request,
        "consult/consultation_form.html",
        {"form": form, "consultation": consultation, "section": SECTION},
    )


@require_POST
@permission_required("consult.manage_consultation")
def set_status(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = consultation_for_officer(slug)
    status = request.POST.get("status", "")
    try:
        actions.set_status(actor=request.user, consultation=consultation, status=status)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The consultation is open.")
            if status == ConsultationStatus.OPEN
            else _("The consultation is closed."),
        )
    return redirect("consult:dashboard", slug)


@require_POST
@permission_required("consult.publish_report")
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = consultation_for_officer(slug)
    publish_it = request.POST.get("publish") == "1"
    try:
        actions.publish_report(actor=request.user, consultation=consultation, publish=publish_it)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The report is published.") if publish_it else _("The report was withdrawn."),
        )
    return redirect("consult:dashboard", slug)


@permission_required("consult.manage_consultation")
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """One consultation: its state, the evidence by method, and links to everything."""
    consultation = get_object_or_404(
        Consultation.objects.prefetch_related("options", "pillars", "areas", "communities"),
        slug=slug,
    )
    by_method = {
        row["method"]: row["n"]
        for row in consultation.comments.values("method").annotate(n=Count("pk")).order_by()
    }
    activities = (consultation.activities.with_related().annotate(n_comments=Count("comments")))[
        :50
    ]
    totals = consultation.activities.aggregate(people=Sum("participants"), n=Count("pk"))
    return render(
        request,
        "consult/dashboard.html",
        {
            "consultation": consultation,
            "comment_counts": [(Method(m).label, by_method.get(m, 0)) for m in Method.values],
            "activities": activities,
            "totals": totals,
            "methods": [(SLUG_OF[m], m.label) for m in OFFLINE_METHODS],
            "analyses": [
                {
                    **analysis_status(consultation, kind),
                    "label": AnalysisKind(kind).label,
                    "kind_slug": kind_slug,
                    "url": reverse(url_name, args=[consultation.slug]),
                }
                for kind, kind_slug, url_name in DASHBOARD_ANALYSES
            ],
            "withdrawn": Activity.all_objects.withdrawn()
            .filter(consultation=consultation)
            .select_related("ward", "withdrawn_by")
            .order_by("-withdrawn_at"),
            "survey_builder_url": reverse("consult:survey_builder", args=[consultation.slug]),
            "section": SECTION,
        },
    )


# ================================================================ offline evidence


@permission_required("consult.enter_evidence")
def activity_new(request: HttpRequest, slug: str, method: str) -> HttpResponse:
    """Enter one offline conversation: a board table, focus group, interview, vox pop or
    open-commission submission."""
    consultation = consultation_for_officer(slug)
    if method not in METHOD_SLUGS:
        raise Http404
    code = METHOD_SLUGS[method]
    form = ActivityForm(
        request.POST or None, request.FILES or None, consultation=consultation, method=code
    )
    # A draft takes no evidence: the page says so instead of showing the form (nothing typed
    # is lost to a refusal after the officer filled it in).
    if request.method == "POST" and consultation.takes_evidence and form.is_valid():
        try:
            activity = actions.record_activity(
                actor=request.user,
                consultation=consultation,
                method=code,
                **form.action_kwargs(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved: %(title)s, with %(n)s items in the evidence base.")
                % {"title": activity.title, "n": activity.comments.count()},
            )
            return redirect(activity)
    return render(
        request,
        "consult/activity_form.html",
        {
            "consultation": consultation,
            "form": form,
            "method": code,
            "method_label": code.label,
            "section": SECTION,
        },
    )


def _activity(request: HttpRequest, slug: str, pk: int) -> Activity:
    """An activity (withdrawn too) for officers, or for the researcher who entered it."""
    activity = get_object_or_404(
        Activity.all_objects.with_related(), pk=pk, consultation__slug=slug
    )
    require(request.user, "consult.view_activity", activity)
    return activity


@permission_required("consult.enter_evidence")
def activity(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _activity(request, slug, pk)
    return render(
        request,
        "consult/activity.html",
        {
            "consultation": item.consultation,
            "activity": item,
            "tallies": item.tallies.select_related("option"),
            "comments": Comment.all_objects.filter(activity=item),
            "attachments": item.attachments.all(),
            "who": _who_rows(item),
            "form": MoreNotesForm(),
            "may_see_evidence": may(request, "consult.view_evidence"),
            "may_reinstate": may(request, "consult.reinstate_activity", item),
            "may_change": may(request, "consult.change_activity", item) and not item.is_withdrawn,
            "reinstate_form": ReinstateForm(),
            "section": SECTION,
        },
    )


def _who_rows(item: Activity) -> list[tuple[str, list[tuple[str, int]]]]:
    from commonground.consult.forms import WHO_LABELS
    from commonground.consultstats import categories

    rows = []
    for dimension, counts in (item.who_took_part or {}).items():
        known = categories.by_code(dimension) if dimension in categories.ABOUT_YOU else {}
        rows.append(
            (
                WHO_LABELS.get(dimension, dimension),
                [(_(known[c].label) if c in known else c, n) for c, n in counts.items()],
            )
        )
    return rows


@permission_required("consult.enter_evidence")
def activity_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Correct a session: its details, dots, who took part and the text of its notes."""
    item = _activity(request, slug, pk)
    require(request.user, "consult.change_activity", item)
    if item.is_withdrawn:
        messages.error(request, _("This session is withdrawn: reinstate it before correcting it."))
        return redirect(item)
    form = ActivityEditForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.update_activity(
                actor=request.user, activity=item, **form.action_kwargs()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your corrections were saved."))
            return redirect(item)
    return render(
        request,
        "consult/activity_edit.html",
        {
            "consultation": item.consultation,
            "activity": item,
            "form": form,
            "method_label": item.get_method_display(),
            "section": SECTION,
        },
    )


@permission_required("consult.enter_evidence")
def activity_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask why, then take the session and its notes out of the evidence (kept, reversible)."""
    item = _activity(request, slug, pk)
    require(request.user, "consult.change_activity", item)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_activity(
                actor=request.user, activity=item, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("The session was withdrawn: it no longer counts in the evidence.")
            )
            return redirect(item)
    return render(
        request,
        "consult/activity_withdraw.html",
        {"consultation": item.consultation, "activity": item, "form": form, "section": SECTION},
    )


@require_POST
@permission_required("consult.reinstate_activity")
def activity_reinstate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _activity(request, slug, pk)
    form = ReinstateForm(request.POST)
    if form.is_valid():
        try:
            actions.reinstate_activity(
                actor=request.user, activity=item, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The session was reinstated in the evidence."))
    return redirect(item)


@require_POST
@permission_required("consult.enter_evidence")
def activity_notes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _activity(request, slug, pk)
    form = MoreNotesForm(request.POST)
    if form.is_valid():
        try:
            added = actions.add_activity_comments(
                actor=request.user,
                activity=item,
                comments=actions.split_notes(form.cleaned_data["comments_text"]),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s notes added.") % {"n": len(added)})
    else:
        messages.error(request, _("Type at least one note to add."))
    return redirect(item)


@permission_required("consult.enter_evidence")
def attachment(request: HttpRequest, slug: str, pk: int, kind: str = "file") -> FileResponse:
    """An activity's file, to officers and the person who entered it (never public)."""
    if kind == "audio":
        item = _activity(request, slug, pk)
        if not item.audio:
            raise Http404
        return FileResponse(item.audio.open("rb"), as_attachment=True)
    file = get_object_or_404(
        ActivityAttachment.objects.select_related("activity"),
        pk=pk,
        activity__consultation__slug=slug,
    )
    _activity(request, slug, file.activity_id)
    return FileResponse(
        file.file.open("rb"),
        as_attachment=file.kind != "image",
        filename=file.original_name or None,
    )

"""Volunteering pages: finding and signing up (public and residents), the organisation's
volunteers and hours, the volunteer's record and certificate, call-outs, and the officers'
figures. Views are thin: each change goes through :mod:`.actions`."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.core.pdf import render_pdf
from commonground.core.views_support import (
    light_account_page,
    refusal_on_form,
    safe_next,
    say_refusal,
)
from commonground.measures.suppression import threshold
from commonground.services import postcodes

from . import actions
from .forms import (
    AccountForm,
    AnswerForm,
    CallOutForm,
    DecisionForm,
    FindForm,
    HoursForm,
    OpportunityForm,
    ProfileForm,
    SignupForm,
)
from .models import (
    ACTIVE_STATUSES,
    CallOut,
    CallOutRecipient,
    CallOutStatus,
    HoursEntry,
    Opportunity,
    Signup,
    SignupStatus,
    VolunteerProfile,
)
from .record import milestones, shown
from .rules import may

PAGE_SIZE = 20


# -- finding and signing up ------------------------------------------------------------------


@login_not_required
def opportunity_list(request: HttpRequest) -> HttpResponse:
    """Open opportunities, nearest first from a postcode, filtered by ward, interest, skill,
    language and day."""
    form = FindForm(request.GET or None)
    found = (
        Opportunity.objects.open()
        .select_related("organisation", "ward")
        .defer("ward__boundary", "description")
    )
    point = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["ward"]:
            found = found.filter(ward=data["ward"])
        if data["interest"]:
            found = found.filter(interest=data["interest"])
        filters = {"skills": data["skill"], "languages": data["language"], "days": data["day"]}
        if data["postcode"]:
            point = postcodes.centroid(data["postcode"])
    else:
        filters = {}
    rows = list(found.order_by("title", "pk"))
    for field, value in filters.items():  # JSON lists: filtered here, portable to SQLite
        if value:
            rows = [
                o for o in rows if value in getattr(o, field) or (field == "days" and not o.days)
            ]
    if point is not None:
        limit = form.cleaned_data.get("distance")
        for opportunity in rows:
            opportunity.distance_km = (
                postcodes.distance_m(point, opportunity.point) / 1000 if opportunity.point else None
            )
        rows = [o for o in rows if o.distance_km is not None]
        if limit:
            rows = [o for o in rows if o.distance_km <= float(limit)]
        rows.sort(key=lambda o: o.distance_km)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteering/opportunity_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "near": point is not None,
            "may_post": may(request.user, "volunteering.post_opportunity"),
        },
    )


def _opportunity(slug: str) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.select_related("organisation", "ward").defer("ward__boundary"),
        slug=slug,
    )


@login_not_required
def opportunity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = _opportunity(slug)
    signup = None
    if request.user.is_authenticated:
        signup = Signup.objects.filter(opportunity=opportunity, user=request.user).first()
    accepted = opportunity.signups.filter(status=SignupStatus.ACCEPTED).count()
    is_open = Opportunity.objects.open().filter(pk=opportunity.pk).exists()
    return render(
        request,
        "volunteering/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "signup": signup,
            "active": signup is not None and signup.status in ACTIVE_STATUSES,
            "places_left": max(opportunity.places - accepted, 0),
            "is_open": is_open,
            "form": SignupForm(),
            "may_manage": may(request.user, "volunteering.manage_opportunity", opportunity),
        },
    )


@require_POST
def sign_up(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = _opportunity(slug)
    form = SignupForm(request.POST)
    form.is_valid()
    try:
        actions.sign_up(
            actor=request.user,
            opportunity=opportunity,
            confirms_age=bool(form.cleaned_data.get("confirms_age")),
            message=form.cleaned_data.get("message", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        say_refusal(request, error)
    else:
        messages.success(
            request, _("Thank you: you have signed up. The organisation will answer you soon.")
        )
    return redirect(opportunity.get_absolute_url())


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_object_or_404(Signup.objects.select_related("opportunity"), pk=pk)
    if signup.user_id != request.user.pk:
        raise Http404
    actions.withdraw(actor=request.user, signup=signup)
    messages.success(request, _("You have withdrawn."))
    return redirect(signup.opportunity.get_absolute_url())


@login_not_required
def join(request: HttpRequest) -> HttpResponse:
    """A light account for volunteering: name, e-mail and password, then back where they were."""
    next_url = safe_next(request, reverse("volunteering:mine"))
    if request.user.is_authenticated:
        return redirect(next_url)
    return light_account_page(
        request,
        form=AccountForm(request.POST or None),
        create=lambda data: actions.create_light_account(
            name=data["name"],
            email=data["email"],
            password=data["password"],
            language=(get_language() or "en").split("-")[0],
            ward=data["ward"],
        ),
        template="volunteering/join.html",
        done_url=next_url,
        shown_next=next_url,
        welcome=_("Your account is ready."),
    )


# -- the organisation's side -------------------------------------------------------------------


def opportunity_new(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "volunteering.post_opportunity"):
        raise PermissionDenied
    organisations = actions.organisations_for(request.user)
    form = OpportunityForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = actions.post_opportunity(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("The opportunity is posted."))
            return redirect(opportunity.get_absolute_url())
    return render(request, "volunteering/opportunity_form.html", {"form": form})


def _managed(request: HttpRequest, slug: str) -> Opportunity:
    opportunity = _opportunity(slug)
    if not may(request.user, "volunteering.manage_opportunity", opportunity):
        raise PermissionDenied
    return opportunity


def volunteers(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's list of who signed up, with decisions and hours."""
    opportunity = _managed(request, slug)
    signups = (
        opportunity.signups.exclude(status=SignupStatus.WITHDRAWN)
        .select_related("user")
        .annotate(total=Sum("hours__hours"))
        .order_by("status", "created_at")
    )
    return render(
        request,
        "volunteering/volunteers.html",
        {
            "opportunity": opportunity,
            "signups": signups,
            "accepted": sum(1 for s in signups if s.status == SignupStatus.ACCEPTED),
            "hours_form": HoursForm(),
        },
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_object_or_404(Signup.objects.select_related("opportunity__organisation"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept, wait list or decline."))
    else:
        try:
            actions.decide(actor=request.user, signup=signup, status=form.cleaned_data["status"])
        except (ValidationError, PermissionDenied) as error:
            say_refusal(request, error)
        else:
            messages.success(request, _("Saved."))
    return redirect("volunteering:volunteers", signup.opportunity.slug)


@require_POST
def hours(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_object_or_404(Signup.objects.select_related("opportunity__organisation"), pk=pk)
    if not may(request.user, "volunteering.manage_opportunity", signup.opportunity):
        raise PermissionDenied
    form = HoursForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    else:
        try:
            actions.confirm_hours(
                actor=request.user,
                signup=signup,
                day=form.cleaned_data["date"],
                hours=form.cleaned_data["hours"],
                thank_you=form.cleaned_data["thank_you"],
            )
        except ValidationError as error:
            say_refusal(request, error)
        else:
            messages.success(request, _("Hours confirmed."))
    return redirect("volunteering:volunteers", signup.opportunity.slug)


# -- the volunteer's side ----------------------------------------------------------------------


def _record(user) -> dict:
    entries = list(
        HoursEntry.objects.filter(signup__user=user)
        .select_related("signup__opportunity__organisation")
        .order_by("-date", "-pk")
    )
    total = sum((e.hours for e in entries), Decimal(0))
    return {"entries": entries, "total": total, "milestones": milestones(total)}


def mine(request: HttpRequest) -> HttpResponse:
    """My volunteering: sign-ups, confirmed hours, milestones, thank-yous and the certificate."""
    signups = (
        Signup.objects.filter(user=request.user)
        .select_related("opportunity__organisation")
        .order_by("-created_at")
    )
    profile = VolunteerProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "volunteering/mine.html",
        {"signups": signups, "profile": profile, **_record(request.user)},
    )


def profile(request: HttpRequest) -> HttpResponse:
    """What the volunteer tells us, and whether to send them urgent call-outs."""
    current = actions.profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_profile(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("volunteering:mine")
    return render(request, "volunteering/profile.html", {"form": form})


def certificate(request: HttpRequest) -> HttpResponse:
    """The volunteer's record of hours as a PDF, in the language of the page they came from."""
    record = _record(request.user)
    if not record["entries"]:
        messages.error(request, _("There are no confirmed hours to put on a certificate yet."))
        return redirect("volunteering:mine")
    by_organisation: dict[str, Decimal] = defaultdict(Decimal)
    for entry in record["entries"]:
        by_organisation[entry.signup.opportunity.organisation.name] += entry.hours
    name = request.user.get_full_name() or request.user.first_name or request.user.get_username()
    return render_pdf(
        request,
        "volunteering/certificate.html",
        {
            **record,
            "name": name,
            "by_organisation": sorted(by_organisation.items()),
            "today": timezone.localdate(),
        },
        "volunteering-certificate.pdf",
    )


# -- call-outs -------------------------------------------------------------------------------


def callout_list(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "volunteering.send_callout"):
        raise PermissionDenied
    callouts = CallOut.objects.select_related("organisation").annotate(
        yes=Count("recipients", filter=Q(recipients__answer="yes")),
        asked=Count("recipients"),
    )
    if not may(request.user, "volunteering.see_figures"):
        callouts = callouts.filter(organisation__in=request.user.confirmed_organisations())
    return render(request, "volunteering/callout_list.html", {"callouts": callouts[:50]})


def callout_new(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "volunteering.send_callout"):
        raise PermissionDenied
    organisations = actions.organisations_for(request.user)
    form = CallOutForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        wards = list(data.pop("wards") or [])
        try:
            callout = actions.send_callout(
                actor=request.user,
                site_url=request.build_absolute_uri("/"),
                wards=wards,
                **data,
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("The call-out is on its way."))
            return redirect(callout.get_absolute_url())
    return render(request, "volunteering/callout_form.html", {"form": form})


def _callout(request: HttpRequest, pk: int) -> CallOut:
    callout = get_object_or_404(CallOut.objects.select_related("organisation"), pk=pk)
    if not may(request.user, "volunteering.see_callout", callout):
        raise PermissionDenied
    return callout


def callout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    callout = _callout(request, pk)
    return render(
        request,
        "volunteering/callout_detail.html",
        {
            "callout": callout,
            "count": actions.headcount(callout),
            "wards": callout.wards.only("name").order_by("name"),
        },
    )


def callout_headcount(request: HttpRequest, pk: int) -> HttpResponse:
    """The headcount alone: the call-out page polls it (htmx) while replies come in."""
    callout = _callout(request, pk)
    return render(
        request,
        "volunteering/includes/headcount.html",
        {"callout": callout, "count": actions.headcount(callout)},
    )


@require_POST
def callout_close(request: HttpRequest, pk: int) -> HttpResponse:
    callout = _callout(request, pk)
    actions.close_callout(actor=request.user, callout=callout)
    messages.success(request, _("The call-out is closed."))
    return redirect(callout.get_absolute_url())


@login_not_required
def reply(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a call-out message: shows the request and records yes or no (POST only,
    so a phone's link preview cannot answer for the volunteer)."""
    recipient: CallOutRecipient | None = actions.recipient_for_token(token)
    if recipient is None:
        return render(request, "volunteering/reply_invalid.html", status=404)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                recipient = actions.answer_callout(
                    recipient=recipient, answer=form.cleaned_data["answer"]
                )
            except ValidationError as error:
                say_refusal(request, error)
            else:
                messages.success(
                    request,
                    _("Thank you: we will see you there.")
                    if recipient.answer == "yes"
                    else _("Thank you for letting us know."),
                )
            return redirect("volunteering:reply", token)
        messages.error(request, _("Answer yes or no."))
    return render(
        request,
        "volunteering/reply.html",
        {
            "recipient": recipient,
            "callout": recipient.callout,
            "closed": recipient.callout.status == CallOutStatus.CLOSED,
        },
    )


# -- figures ---------------------------------------------------------------------------------


def figures(request: HttpRequest) -> HttpResponse:
    """Volunteering by ward, organisation and self-described background, small counts withheld."""
    if not may(request.user, "volunteering.see_figures"):
        raise PermissionDenied
    below = threshold()
    since = timezone.localdate() - timedelta(days=365)
    entries = HoursEntry.objects.filter(date__gte=since)

    def table(field: str) -> list[dict]:
        rows = (
            entries.values(field)
            .annotate(volunteers=Count("signup__user", distinct=True), total=Sum("hours"))
            .order_by(field)
        )
        return [
            {
                "name": row[field] or "",
                "volunteers": shown(row["volunteers"], below),
                "hours": row["total"] if shown(row["volunteers"], below) is not None else None,
            }
            for row in rows
        ]

    backgrounds = table("signup__user__volunteer_profile__background")
    return render(
        request,
        "volunteering/figures.html",
        {
            "by_ward": table("signup__opportunity__ward__name"),
            "by_organisation": table("signup__opportunity__organisation__name"),
            "by_background": backgrounds,
            "below": below,
            "since": since,
            "open_count": Opportunity.objects.open().count(),
            "may_publish": may(request.user, "volunteering.publish_figures"),
        },
    )


@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "volunteering.publish_figures"):
        raise PermissionDenied
    result = actions.publish_to_measures(actor=request.user)
    messages.success(
        request,
        _("%(figures)d figures sent to Measures (%(created)d new or changed).")
        % {"figures": result["figures"], "created": result["created"] + result["corrected"]},
    )
    return redirect("volunteering:figures")

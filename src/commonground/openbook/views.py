"""Open Book's pages: the public list of talks and talk pages, offering and asking for a talk,
a request's page (each side sees its own buttons), the coordinator's desk and the figures.
Views are thin: each change goes through :mod:`.actions`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.core.models import Area
from commonground.core.views_support import (
    light_account_page,
    refusal_on_form,
    safe_next,
    say_refusal,
)

from . import actions
from .forms import (
    AccountForm,
    CancelForm,
    DeliveredForm,
    FeedbackForm,
    FindForm,
    MatchForm,
    OfferForm,
    RequestForm,
    SafeguardingForm,
)
from .models import Format, OfferStatus, RequestStatus, Side, TalkOffer, TalkRequest
from .rules import may

PAGE_SIZE = 20


# -- public --------------------------------------------------------------------------------------


@login_not_required
def talk_list(request: HttpRequest) -> HttpResponse:
    """Approved talks, filtered by topic, language and format."""
    form = FindForm(request.GET or None)
    found = TalkOffer.objects.public().prefetch_related("wards").order_by("title", "pk")
    topic = language = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        topic, language = data["topic"], data["language"]
        if data["format"]:
            found = found.filter(Q(format=data["format"]) | Q(format=Format.BOTH))
    rows = list(found)
    if topic:  # JSON lists: filtered here, portable to SQLite
        rows = [t for t in rows if topic in t.topics]
    if language:
        rows = [t for t in rows if language in t.languages]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "openbook/talk_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "count": len(rows)},
    )


@login_not_required
def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A talk's page: public once approved; before that, its volunteer and coordinators only."""
    talk = get_object_or_404(TalkOffer.objects.prefetch_related("wards"), pk=pk)
    if talk.status != OfferStatus.APPROVED and not (
        request.user.is_authenticated
        and (may(request.user, "openbook.coordinate") or talk.volunteer_id == request.user.pk)
    ):
        raise Http404
    return render(
        request,
        "openbook/talk_detail.html",
        {
            "talk": talk,
            "may_approve": talk.status == OfferStatus.PENDING
            and may(request.user, "openbook.coordinate"),
            "may_withdraw": talk.status != OfferStatus.WITHDRAWN
            and may(request.user, "openbook.withdraw_offer", talk),
        },
    )


@login_not_required
def join(request: HttpRequest) -> HttpResponse:
    """A light account to offer or ask for a talk."""
    return light_account_page(
        request,
        form=AccountForm(request.POST or None),
        create=lambda data: actions.create_light_account(
            name=data["name"],
            email=data["email"],
            password=data["password"],
            language=get_language() or "en",
        ),
        template="openbook/join.html",
        done_url=safe_next(request, reverse("openbook:mine")),
        shown_next=safe_next(request, ""),
    )


# -- volunteers ----------------------------------------------------------------------------------


def offer_new(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "openbook.offer_talk"):
        raise PermissionDenied
    form = OfferForm(request.POST or None, initial={"speaker_name": request.user.first_name})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        wards = list(data.pop("wards"))
        try:
            offer = actions.offer_talk(actor=request.user, wards=wards, **data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(
                request, _("Thank you. A coordinator will read your offer before it is public.")
            )
            return redirect(offer.get_absolute_url())
    return render(request, "openbook/offer_form.html", {"form": form})


@require_POST
def offer_approve(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(TalkOffer, pk=pk)
    try:
        actions.approve_offer(actor=request.user, offer=offer)
    except ValidationError as error:
        say_refusal(request, error)
    else:
        messages.success(request, _("The talk is public."))
    return redirect(safe_next(request, offer.get_absolute_url()))


@require_POST
def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(TalkOffer, pk=pk)
    try:
        actions.withdraw_offer(actor=request.user, offer=offer)
    except ValidationError as error:
        say_refusal(request, error)
    else:
        messages.success(request, _("The talk is withdrawn."))
    return redirect(reverse("openbook:mine"))


def mine(request: HttpRequest) -> HttpResponse:
    """A person's offers, the requests for their talks, and the requests they made."""
    user = request.user
    requests = TalkRequest.objects.select_related("talk", "ward").defer("ward__boundary")
    return render(
        request,
        "openbook/mine.html",
        {
            "offers": TalkOffer.objects.filter(volunteer=user).order_by("-created_at"),
            "for_my_talks": requests.filter(talk__volunteer=user),
            "asked": requests.filter(
                Q(requester=user) | Q(organisation__in=user.confirmed_organisations())
            ).distinct(),
        },
    )


# -- requests ------------------------------------------------------------------------------------


def request_new(request: HttpRequest) -> HttpResponse:
    """Ask for a talk; `?talk=` names an approved talk the group picked."""
    if not may(request.user, "openbook.request_talk"):
        raise PermissionDenied
    talk = None
    talk_id = request.POST.get("talk") or request.GET.get("talk")
    if talk_id and str(talk_id).isdigit():
        talk = TalkOffer.objects.public().filter(pk=talk_id).first()
    form = RequestForm(
        request.POST or None,
        user=request.user,
        initial={"contact_email": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.request_talk(actor=request.user, talk=talk, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Thank you. A coordinator will be in touch."))
            return redirect(made.get_absolute_url())
    return render(request, "openbook/request_form.html", {"form": form, "talk": talk})


def _request(user, pk: int) -> TalkRequest:
    found = get_object_or_404(
        TalkRequest.objects.select_related(
            "talk__volunteer", "ward", "requester", "organisation"
        ).defer("ward__boundary"),
        pk=pk,
    )
    if not may(user, "openbook.see_request", found):
        raise PermissionDenied
    return found


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    talk_request = _request(request.user, pk)
    return _render_request(request, talk_request)


def _render_request(request: HttpRequest, talk_request: TalkRequest, **forms) -> HttpResponse:
    user = request.user
    coordinator = may(user, "openbook.coordinate")
    volunteer = may(user, "openbook.act_as_volunteer", talk_request)
    requester = may(user, "openbook.act_as_requester", talk_request)
    status = talk_request.status
    feedback = {f.side: f for f in talk_request.feedback.all()}
    my_side = Side.VOLUNTEER if volunteer else Side.REQUESTER if requester else ""
    context = {
        "req": talk_request,
        "coordinator": coordinator,
        "volunteer": volunteer,
        "requester": requester,
        "may_match": coordinator and status == RequestStatus.REQUESTED,
        "may_respond": volunteer
        and status == RequestStatus.MATCHED
        and not talk_request.volunteer_accepted_at,
        "may_confirm": requester
        and status == RequestStatus.MATCHED
        and not talk_request.requester_confirmed_at,
        "may_cancel": status
        in (RequestStatus.REQUESTED, RequestStatus.MATCHED, RequestStatus.CONFIRMED)
        and may(user, "openbook.cancel", talk_request),
        "may_deliver": status == RequestStatus.CONFIRMED
        and may(user, "openbook.record_delivery", talk_request),
        "may_feedback": status == RequestStatus.DELIVERED and my_side and my_side not in feedback,
        "feedback": feedback,
        "requester_feedback": feedback.get(Side.REQUESTER),
        "volunteer_feedback": feedback.get(Side.VOLUNTEER) if coordinator else None,
        "match_form": forms.get("match_form")
        or MatchForm(initial={"talk": talk_request.talk_id} if talk_request.talk_id else None),
        "safeguarding_form": forms.get("safeguarding_form")
        or SafeguardingForm(
            initial={"notes": talk_request.safeguarding_notes, "checklist": talk_request.checklist}
        ),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "delivered_form": forms.get("delivered_form")
        or DeliveredForm(initial={"audience": talk_request.audience_size}),
        "feedback_form": forms.get("feedback_form") or FeedbackForm(),
    }
    return render(request, "openbook/request_detail.html", context, status=400 if forms else 200)


def _act(request: HttpRequest, pk: int, form_class, form_name: str, do, done: str):
    """Run one action from a request page's form; on a refusal show the page with the error."""
    talk_request = _request(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _render_request(request, talk_request, **{form_name: form})
    try:
        do(talk_request, form.cleaned_data if form else {})
    except ValidationError as error:
        if form is None:
            say_refusal(request, error)
            return redirect(talk_request.get_absolute_url())
        refusal_on_form(form, error)
        return _render_request(request, talk_request, **{form_name: form})
    messages.success(request, done)
    return redirect(talk_request.get_absolute_url())


@require_POST
def request_match(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        MatchForm,
        "match_form",
        lambda r, d: actions.match(
            actor=request.user, request=r, talk=d["talk"], talk_at=d["talk_at"]
        ),
        _("Matched: both sides have been asked to confirm."),
    )


@require_POST
def request_respond(request: HttpRequest, pk: int) -> HttpResponse:
    accept = request.POST.get("answer") == "accept"
    return _act(
        request,
        pk,
        None,
        "",
        lambda r, d: actions.respond(actor=request.user, request=r, accept=accept),
        _("Thank you: you accepted the talk.") if accept else _("You declined this talk."),
    )


@require_POST
def request_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        None,
        "",
        lambda r, d: actions.confirm_date(actor=request.user, request=r),
        _("Thank you: you confirmed the date."),
    )


@require_POST
def request_safeguarding(request: HttpRequest, pk: int) -> HttpResponse:
    if not may(request.user, "openbook.coordinate"):
        raise PermissionDenied
    return _act(
        request,
        pk,
        SafeguardingForm,
        "safeguarding_form",
        lambda r, d: actions.save_safeguarding(
            actor=request.user, request=r, notes=d["notes"], checklist=d["checklist"]
        ),
        _("Safeguarding notes saved."),
    )


@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        CancelForm,
        "cancel_form",
        lambda r, d: actions.cancel(actor=request.user, request=r, reason=d["reason"]),
        _("The talk is cancelled; both sides have been told."),
    )


@require_POST
def request_delivered(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        DeliveredForm,
        "delivered_form",
        lambda r, d: actions.record_delivery(actor=request.user, request=r, audience=d["audience"]),
        _("Thank you: the talk is recorded as given."),
    )


@require_POST
def request_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        FeedbackForm,
        "feedback_form",
        lambda r, d: actions.give_feedback(
            actor=request.user, request=r, rating=d["rating"], comment=d["comment"]
        ),
        _("Thank you for your feedback."),
    )


# -- coordinator ---------------------------------------------------------------------------------


def coordinate(request: HttpRequest) -> HttpResponse:
    """Offers to approve, requests to match, and matched talks still waiting for someone."""
    if not may(request.user, "openbook.coordinate"):
        raise PermissionDenied
    requests = TalkRequest.objects.select_related("talk", "ward").defer("ward__boundary")
    return render(
        request,
        "openbook/coordinate.html",
        {
            "offers": TalkOffer.objects.filter(status=OfferStatus.PENDING).order_by("created_at"),
            "to_match": requests.filter(status=RequestStatus.REQUESTED).order_by("created_at"),
            "in_hand": requests.filter(
                status__in=[RequestStatus.MATCHED, RequestStatus.CONFIRMED]
            ).order_by("talk_at"),
            "recent": requests.filter(
                status__in=[RequestStatus.DELIVERED, RequestStatus.CANCELLED]
            ).order_by("-talk_at")[:20],
        },
    )


def figures(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "openbook.see_figures"):
        raise PermissionDenied
    wards = {a.pk: a for a in Area.objects.wards().only("pk", "name", "code")}
    rows = [
        {"ward": wards.get(ward_id), "quarter": period, "talks": talks, "people": people}
        for (ward_id, period), (talks, people) in sorted(
            actions.figures_by_ward_and_quarter().items(), key=lambda kv: (kv[0][1], kv[0][0])
        )
    ]
    return render(request, "openbook/figures.html", {"rows": rows})


@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    try:
        result = actions.publish_to_measures(actor=request.user)
    except PermissionDenied:
        raise
    messages.success(
        request,
        _("Sent to Measures: %(created)s new figures, %(corrected)s corrected.")
        % {"created": result["created"], "corrected": result["corrected"]},
    )
    return redirect(reverse("openbook:figures"))

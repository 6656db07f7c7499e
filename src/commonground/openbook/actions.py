"""Every change to Open Book, each one audited in the transaction that makes it.

A request moves through the states of :mod:`.states`; each action locks the request's row,
checks that the move is allowed from the state it finds, and refuses with a message that says
why (a talk already confirmed cannot be matched again, a talk cannot be delivered before its
date). Both sides hear of each step through :mod:`commonground.core.messaging`, in their own
language; what was sent is noted in the audit event (the channel, never the text).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commonground.core import audit, light_accounts
from commonground.core.messaging import Message, send
from commonground.core.models import Area, Organisation, User
from commonground.core.roles import Role

from . import states
from .events import OpenBookEvent
from .models import (
    Check,
    Feedback,
    Format,
    OfferStatus,
    RequestStatus,
    Side,
    TalkOffer,
    TalkRequest,
)
from .rules import may

OFFER_FIELDS = {
    "speaker_name",
    "title",
    "bio",
    "description",
    "topics",
    "languages",
    "format",
    "days",
    "availability",
}
REQUEST_FIELDS = {
    "organisation",
    "organisation_name",
    "contact_email",
    "audience_kind",
    "audience_size",
    "age_group",
    "ward",
    "format",
    "preferred_dates",
    "wants_to_learn",
    "accessibility",
    "talk",
}


def _require(user, permission: str, obj=None) -> None:
    if not may(user, permission, obj):
        raise PermissionDenied(_("Your account may not do this."))


def _locked(request: TalkRequest) -> TalkRequest:
    return (
        TalkRequest.objects.select_for_update(of=("self",))
        .select_related("talk")
        .get(pk=request.pk)
    )


def _fresh(request: TalkRequest) -> TalkRequest:
    """The request as stored now: who may act depends on its current talk and state, not on
    a copy a page or a caller read earlier."""
    return TalkRequest.objects.select_related("talk__volunteer").get(pk=request.pk)


def _move(request: TalkRequest, target: str) -> None:
    if not states.may_move(request.status, target):
        raise ValidationError(
            _("This request is %(status)s: it cannot be %(target)s now.")
            % {
                "status": request.get_status_display().lower(),
                "target": str(dict(RequestStatus.choices)[target]).lower(),
            }
        )
    request.status = target


def _tell(user: User | None, address: str, subject: str, body: str, reference: str) -> str:
    """Send one e-mail in the person's language; returns the channel used ("" if none)."""
    if not address:
        return ""
    language = (getattr(user, "preferred_language", "") or "en") if user else "en"
    with translation.override(language):
        message = Message(
            channel="email",
            to=address,
            subject=str(subject),
            body=str(body),
            language=language,
            reference=reference,
        )
    receipt = send(message)
    return "email" if receipt.sent else ""


def _tell_about_offer(person: User, offer: TalkOffer, subject: str, body: str) -> str:
    """E-mail one person (a coordinator, the volunteer) about an offer, at their address."""
    return _tell(person, person.email, subject, body, f"openbook-offer-{offer.pk}")


def _tell_both(request: TalkRequest, subject: str, body: str) -> None:
    """Tell the requester and (if matched) the volunteer; the link is to the request's page."""
    link = reverse("openbook:request", args=[request.pk])
    text = f"{body}\n\n{link}"
    ref = f"openbook-request-{request.pk}"
    _tell(request.requester, request.contact_email, subject, text, ref)
    if request.talk_id:
        volunteer = request.talk.volunteer
        _tell(volunteer, volunteer.email, subject, text, ref)


def _coordinators() -> list[User]:
    return list(User.objects.filter(groups__name=Role.OFFICER.value).exclude(email=""))


# -- light accounts ----------------------------------------------------------------------------


def create_light_account(*, name: str, email: str, password: str, language: str = "en") -> User:
    """A name, an e-mail address and a password: enough to offer or ask for a talk."""
    return light_accounts.create_light_account(
        name=name,
        email=email,
        password=password,
        language=language,
        event=OpenBookEvent.ACCOUNT_CREATED,
    )


def erase_person(*, actor, user: User, stand_in: User) -> dict[str, int]:
    """Erase what Open Book knows about ``user`` (their own request, from "My involvement").

    Refused while a talk of theirs is matched or confirmed: the other side is counting on it,
    so they cancel it first (with a reason). Otherwise their offers are withdrawn and lose the
    name, biography and description; their requests still waiting are cancelled and lose the
    contact address and what they wrote; their feedback comments are blanked; and offers and
    requests move to ``stand_in``, an account with no name, so the talks and audiences that
    feed Measures stay counted."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the person themselves may erase their data."))
    active = [RequestStatus.MATCHED, RequestStatus.CONFIRMED]
    with transaction.atomic():
        mine = TalkRequest.objects.select_for_update(of=("self",)).filter(
            models.Q(requester=user) | models.Q(talk__volunteer=user)
        )
        if any(request.status in active for request in mine):
            raise ValidationError(
                _(
                    "You have an Open Book talk matched or confirmed. Cancel it first, so the "
                    "other side knows, then erase your data."
                )
            )
        Feedback.objects.filter(request__requester=user, side=Side.REQUESTER).update(comment="")
        Feedback.objects.filter(request__talk__volunteer=user, side=Side.VOLUNTEER).update(
            comment=""
        )
        cancelled = TalkRequest.objects.filter(
            requester=user, status=RequestStatus.REQUESTED
        ).update(status=RequestStatus.CANCELLED, cancelled_by=Side.REQUESTER)
        requests = TalkRequest.objects.filter(requester=user).update(
            requester=stand_in, contact_email="", wants_to_learn="", accessibility=""
        )
        TalkOffer.objects.filter(volunteer=user).exclude(status=OfferStatus.WITHDRAWN).update(
            status=OfferStatus.WITHDRAWN
        )
        offers = TalkOffer.objects.filter(volunteer=user).update(
            volunteer=stand_in, speaker_name="", bio="", description=""
        )
        counts = {"offers": offers, "requests": requests, "cancelled": cancelled}
        audit.record(OpenBookEvent.PERSON_ERASED, actor=actor, data=counts)
    return counts


# -- offers ------------------------------------------------------------------------------------


def offer_talk(*, actor, wards: list[Area] | tuple = (), **fields) -> TalkOffer:
    """A volunteer's offer, waiting for a coordinator's approval before it is public."""
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    _require(actor, "openbook.offer_talk")
    if not fields.get("topics"):
        raise ValidationError({"topics": _("Choose at least one topic.")})
    if not fields.get("languages"):
        raise ValidationError({"languages": _("Choose at least one language.")})
    if fields.get("format") != Format.ONLINE and not wards:
        raise ValidationError(
            {"wards": _("Choose the wards you can travel to, or offer the talk online only.")}
        )
    with transaction.atomic():
        offer = TalkOffer(volunteer=actor, **fields)
        offer.full_clean()
        offer.save()
        offer.wards.set(wards)
        audit.record(OpenBookEvent.OFFER_MADE, actor=actor, obj=offer)
    for coordinator in _coordinators():
        _tell_about_offer(
            coordinator,
            offer,
            _("A new Open Book talk to approve"),
            _("%(title)s is waiting for approval.") % {"title": offer.title},
        )
    return offer


def approve_offer(*, actor, offer: TalkOffer) -> TalkOffer:
    """Make an offer public. Approving twice changes nothing."""
    _require(actor, "openbook.coordinate")
    with transaction.atomic():
        offer = TalkOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status == OfferStatus.WITHDRAWN:
            raise ValidationError(_("This offer was withdrawn: it cannot be approved."))
        if offer.status == OfferStatus.APPROVED:
            return offer
        offer.status = OfferStatus.APPROVED
        offer.approved_by = actor
        offer.approved_at = timezone.now()
        offer.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record(OpenBookEvent.OFFER_APPROVED, actor=actor, obj=offer)
    _tell_about_offer(
        offer.volunteer,
        offer,
        _("Your Open Book talk is public"),
        _("Thank you: %(title)s is now on the Open Book list.") % {"title": offer.title},
    )
    return offer


def withdraw_offer(*, actor, offer: TalkOffer) -> TalkOffer:
    """Take an offer down; refused while a request for it is matched or confirmed."""
    _require(actor, "openbook.withdraw_offer", offer)
    with transaction.atomic():
        offer = TalkOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.requests.filter(
            status__in=[RequestStatus.MATCHED, RequestStatus.CONFIRMED]
        ).exists():
            raise ValidationError(
                _("A group is waiting for this talk: cancel that talk first, with a reason.")
            )
        if offer.status != OfferStatus.WITHDRAWN:
            offer.status = OfferStatus.WITHDRAWN
            offer.save(update_fields=["status"])
            audit.record(OpenBookEvent.OFFER_WITHDRAWN, actor=actor, obj=offer)
    return offer


# -- requests ----------------------------------------------------------------------------------


def request_talk(*, actor, **fields) -> TalkRequest:
    """A group asks for a talk, naming an approved one or leaving it to the coordinator."""
    unknown = set(fields) - REQUEST_FIELDS
    if unknown:
        raise TypeError(f"unknown request fields: {sorted(unknown)}")
    _require(actor, "openbook.request_talk")
    organisation: Organisation | None = fields.get("organisation")
    if organisation is not None and not actor.may_act_for(organisation):
        raise ValidationError(
            {"organisation": _("You may only ask for an organisation you act for.")}
        )
    talk: TalkOffer | None = fields.get("talk")
    if talk is not None:
        if talk.status != OfferStatus.APPROVED:
            raise ValidationError({"talk": _("This talk is not on offer.")})
        if not talk.offers_format(fields.get("format", "")):
            raise ValidationError(
                {"format": _("This talk is not given %(format)s.") % {"format": _format(fields)}}
            )
    if (fields.get("audience_size") or 0) < 1:
        raise ValidationError({"audience_size": _("Give the number of people, 1 or more.")})
    with transaction.atomic():
        request = TalkRequest(requester=actor, **fields)
        request.full_clean()
        request.save()
        audit.record(
            OpenBookEvent.REQUESTED,
            actor=actor,
            obj=request,
            data={"talk": talk.pk if talk else None, "ward": request.ward.code},
        )
    _tell(
        actor,
        request.contact_email,
        _("We have your Open Book request"),
        _("A coordinator will match a speaker and propose a date."),
        f"openbook-request-{request.pk}",
    )
    return request


def _format(fields) -> str:
    return str(dict(Format.choices).get(fields.get("format", ""), "")).lower()


def match(
    *, actor, request: TalkRequest, talk: TalkOffer, talk_at: datetime, now=None
) -> TalkRequest:
    """The coordinator matches a request to a talk and proposes a date; both sides are asked."""
    _require(actor, "openbook.coordinate")
    now = now or timezone.now()
    if talk.status != OfferStatus.APPROVED:
        raise ValidationError({"talk": _("Only an approved talk can be matched.")})
    if not talk.offers_format(request.format):
        raise ValidationError({"talk": _("This talk is not given in the format the group asked.")})
    if talk_at <= now:
        raise ValidationError({"talk_at": _("The date of the talk must be in the future.")})
    with transaction.atomic():
        request = _locked(request)
        _move(request, RequestStatus.MATCHED)
        request.talk = talk
        request.talk_at = talk_at
        request.volunteer_accepted_at = None
        request.requester_confirmed_at = None
        request.save()
        audit.record(
            OpenBookEvent.MATCHED,
            actor=actor,
            obj=request,
            data={"talk": talk.pk, "talk_at": talk_at.isoformat()},
        )
    when = timezone.localtime(talk_at).strftime("%Y-%m-%d %H:%M")
    _tell_both(
        request,
        _("An Open Book talk is proposed"),
        _("%(title)s for %(group)s on %(when)s. Please accept or confirm the date.")
        % {"title": talk.title, "group": request.organisation_name, "when": when},
    )
    return request


def _maybe_confirm(actor, request: TalkRequest) -> None:
    """Move a matched request to confirmed once both sides and the checklist are ready."""
    if (
        request.status == RequestStatus.MATCHED
        and request.volunteer_accepted_at
        and request.requester_confirmed_at
        and request.checklist_complete
    ):
        _move(request, RequestStatus.CONFIRMED)
        request.save(update_fields=["status"])
        audit.record(OpenBookEvent.CONFIRMED, actor=actor, obj=request)
        transaction.on_commit(
            lambda: _tell_both(
                request,
                _("Your Open Book talk is confirmed"),
                _("%(title)s for %(group)s is confirmed.")
                % {"title": request.talk.title, "group": request.organisation_name},
            )
        )


def respond(*, actor, request: TalkRequest, accept: bool, reason: str = "") -> TalkRequest:
    """The volunteer accepts the match, or declines it (back to the coordinator to match)."""
    request = _fresh(request)
    _require(actor, "openbook.act_as_volunteer", request)
    with transaction.atomic():
        request = _locked(request)
        if request.status != RequestStatus.MATCHED:
            raise ValidationError(_("Only a matched talk can be accepted or declined."))
        if accept:
            if request.volunteer_accepted_at is None:
                request.volunteer_accepted_at = timezone.now()
                request.save(update_fields=["volunteer_accepted_at"])
                audit.record(OpenBookEvent.VOLUNTEER_ACCEPTED, actor=actor, obj=request)
            _maybe_confirm(actor, request)
        else:
            talk = request.talk
            _move(request, RequestStatus.REQUESTED)
            request.talk = None
            request.talk_at = None
            request.volunteer_accepted_at = None
            request.requester_confirmed_at = None
            request.save()
            audit.record(
                OpenBookEvent.VOLUNTEER_DECLINED,
                actor=actor,
                obj=request,
                reason=reason[:500],
                data={"talk": talk.pk if talk else None},
            )
    return request


def confirm_date(*, actor, request: TalkRequest) -> TalkRequest:
    """The requester confirms the proposed date."""
    request = _fresh(request)
    _require(actor, "openbook.act_as_requester", request)
    with transaction.atomic():
        request = _locked(request)
        if request.status != RequestStatus.MATCHED:
            raise ValidationError(_("There is no proposed date to confirm."))
        if request.requester_confirmed_at is None:
            request.requester_confirmed_at = timezone.now()
            request.save(update_fields=["requester_confirmed_at"])
            audit.record(OpenBookEvent.DATE_CONFIRMED, actor=actor, obj=request)
        _maybe_confirm(actor, request)
    return request


def save_safeguarding(
    *, actor, request: TalkRequest, notes: str, checklist: list[str]
) -> TalkRequest:
    """The coordinator's notes and ticks; ticking the last box may confirm the talk."""
    _require(actor, "openbook.coordinate")
    unknown = set(checklist) - set(Check.values)
    if unknown:
        raise ValidationError({"checklist": _("Tick only the boxes in the list.")})
    with transaction.atomic():
        request = _locked(request)
        if request.status in (RequestStatus.DELIVERED, RequestStatus.CANCELLED):
            raise ValidationError(_("This request is closed."))
        request.safeguarding_notes = notes.strip()
        request.checklist = sorted(set(checklist))
        request.save(update_fields=["safeguarding_notes", "checklist"])
        audit.record(
            OpenBookEvent.SAFEGUARDING_SAVED,
            actor=actor,
            obj=request,
            data={"ticked": request.checklist},
        )
        _maybe_confirm(actor, request)
    return request


def cancel(*, actor, request: TalkRequest, reason: str, now=None) -> TalkRequest:
    """Cancel, with a reason both sides are told; close to the date it is marked short notice."""
    request = _fresh(request)
    _require(actor, "openbook.cancel", request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the talk is cancelled.")})
    now = now or timezone.now()
    if may(actor, "openbook.coordinate"):
        side = Side.COORDINATOR
    elif may(actor, "openbook.act_as_volunteer", request):
        side = Side.VOLUNTEER
    else:
        side = Side.REQUESTER
    with transaction.atomic():
        request = _locked(request)
        _move(request, RequestStatus.CANCELLED)
        request.cancelled_by = side
        request.cancel_reason = reason[:500]
        request.short_notice = states.short_notice(request.talk_at, now)
        request.save()
        audit.record(
            OpenBookEvent.CANCELLED,
            actor=actor,
            obj=request,
            reason=reason[:500],
            data={"by": side, "short_notice": request.short_notice},
        )
    _tell_both(
        request,
        _("An Open Book talk is cancelled"),
        _("The talk for %(group)s is cancelled. Reason: %(reason)s")
        % {"group": request.organisation_name, "reason": reason},
    )
    return request


def record_delivery(*, actor, request: TalkRequest, audience: int, now=None) -> TalkRequest:
    """The talk happened: how many came. Refused before the talk's date."""
    request = _fresh(request)
    _require(actor, "openbook.record_delivery", request)
    now = now or timezone.now()
    if audience is None or audience < 1:
        raise ValidationError({"audience": _("Give the number of people who came, 1 or more.")})
    with transaction.atomic():
        request = _locked(request)
        if request.status == RequestStatus.CONFIRMED and request.talk_at > now:
            raise ValidationError(_("The talk has not happened yet."))
        _move(request, RequestStatus.DELIVERED)
        request.audience_reached = audience
        request.delivered_at = now
        request.save()
        audit.record(OpenBookEvent.DELIVERED, actor=actor, obj=request, data={"audience": audience})
    _tell_both(
        request,
        _("Thank you for your Open Book talk"),
        _("Please tell us how it went: it takes a minute."),
    )
    return request


def give_feedback(*, actor, request: TalkRequest, rating: int, comment: str = "") -> Feedback:
    """One rating (1 to 5) and comment per side, after the talk."""
    request = _fresh(request)
    if may(actor, "openbook.act_as_volunteer", request):
        side = Side.VOLUNTEER
    elif may(actor, "openbook.act_as_requester", request):
        side = Side.REQUESTER
    else:
        raise PermissionDenied(_("Your account may not do this."))
    if request.status != RequestStatus.DELIVERED:
        raise ValidationError(_("Feedback can be given after the talk."))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                request=request, side=side, rating=rating, comment=comment.strip()
            )
            audit.record(
                OpenBookEvent.FEEDBACK_GIVEN, actor=actor, obj=request, data={"side": side}
            )
    except IntegrityError:
        raise ValidationError(_("You have already given feedback on this talk.")) from None
    return feedback


# -- figures -----------------------------------------------------------------------------------

TALKS_SLUG = "open-book-talks"
AUDIENCE_SLUG = "open-book-audience"


def figures_by_ward_and_quarter() -> dict[tuple[int, str], tuple[int, int]]:
    """(ward id, quarter) → (talks delivered, people reached), by the group's ward."""
    found: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = TalkRequest.objects.filter(status=RequestStatus.DELIVERED).values_list(
        "ward_id", "talk_at", "audience_reached"
    )
    for ward_id, talk_at, reached in rows:
        key = (ward_id, states.quarter(timezone.localtime(talk_at).date()))
        found[key][0] += 1
        found[key][1] += reached or 0
    return {key: (talks, people) for key, (talks, people) in found.items()}


def publish_to_measures(*, actor) -> dict[str, int]:
    """Record talks delivered and people reached by ward and quarter as two indicators.

    Idempotent: figures equal to the current ones add nothing (Measures compares them)."""
    from decimal import Decimal

    from commonground.measures.actions import Figure, record_figures
    from commonground.measures.models import Indicator
    from commonground.measures.models.observation import ObservationOrigin
    from commonground.measures.validation import parse_period

    _require(actor, "openbook.see_figures")
    specs = {
        TALKS_SLUG: (
            "Open Book talks delivered",
            "Open Book talks delivered to employers, schools and groups, by the group's ward "
            "and the quarter of the talk.",
        ),
        AUDIENCE_SLUG: (
            "People reached by Open Book talks",
            "People who heard an Open Book talk, as counted after the talk, by the group's "
            "ward and the quarter of the talk.",
        ),
    }
    with transaction.atomic():
        indicators = {}
        for slug, (name, definition) in specs.items():
            indicators[slug], _created = Indicator.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "definition": definition,
                    "unit": "count",
                    "decimal_places": 0,
                    "direction": "higher",
                    "is_published": False,
                    "area_levels": ["ward"],
                    "source": "Open Book records",
                },
            )
        figures = []
        for (ward_id, period), (talks, people) in sorted(figures_by_ward_and_quarter().items()):
            for slug, value in ((TALKS_SLUG, talks), (AUDIENCE_SLUG, people)):
                figures.append(
                    Figure(
                        indicator_id=indicators[slug].pk,
                        area_id=ward_id,
                        period=parse_period(period),
                        breakdown="",
                        value=Decimal(value),
                    )
                )
        counts = record_figures(figures, origin=ObservationOrigin.INVOLVEMENT, user=actor)
        result = {"figures": len(figures), "created": counts.created, "corrected": counts.corrected}
        audit.record(
            OpenBookEvent.FIGURES_PUBLISHED, actor=actor, obj=indicators[TALKS_SLUG], data=result
        )
    return result

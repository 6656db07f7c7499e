"""Helpers the fund's views share: finding a round, and asking for a permission by name.

Views ask ``require(request, "fund.ballot.cast", round_)`` (or decorate with
:func:`permission_required`); the answer comes from ``fund/rules.py``.  A refusal because of
*time* (the right person, the wrong phase) is :class:`~commonground.fund.rules.RoundClosed`,
which :func:`closed_page` turns into a page that says what is closed and when
(:class:`commonground.fund.middleware.RoundClosedMiddleware` does it for every view); only a
refusal because of *role* reaches the generic 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ..models import Round
from ..phases import DRAFT, PhaseKind
from ..rules import RoundClosed, ensure, may


def get_round(request: HttpRequest, slug: str) -> Round:
    """A round by slug; drafts are visible only to those who manage rounds."""
    round_ = get_object_or_404(Round.objects.select_related("area", "strategy"), slug=slug)
    if round_.phase == DRAFT and not may(request.user, "fund.round.manage", round_):
        raise Http404
    return round_


def require(request: HttpRequest, perm: str, obj) -> None:
    """Refuse unless the user holds ``perm`` on ``obj`` (a round, proposal or grant)."""
    ensure(request.user, perm, obj)


def permission_required(perm: str) -> Callable:
    """Allow a view of one round (``slug``) only to users holding ``perm`` on that round."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            round_ = get_object_or_404(Round, slug=kwargs["slug"]) if "slug" in kwargs else None
            ensure(request.user, perm, round_)
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm
        return wrapped

    return decorator


def _date(value) -> str:
    from django.utils.formats import date_format

    return date_format(value, "j E Y") if value else ""  # E: "3 marca", not "3 marzec"


def closed_message(round_: Round, feature: str) -> tuple[str, str]:
    """What is closed, and when it closed or will open: a past close is the day an officer
    actually closed the phase (``Phase.closed_at``, else the timetable's ``ends_on``); a
    future opening is the timetable's ``starts_on``."""
    phases = {p.kind: p for p in round_.phases.all()}

    def when(kind: str, end: bool) -> str:
        phase = phases.get(kind)
        if phase is None:
            return ""
        if end:
            return _date(phase.closed_at.date() if phase.closed_at else phase.ends_on)
        return _date(phase.starts_on or (phase.opened_at and phase.opened_at.date()))

    order = [DRAFT, *[k.value for k in PhaseKind]]
    now = order.index(round_.phase) if round_.phase in order else 0
    if feature in ("ballot.cast", "shortlist.view"):
        title = _("Voting is closed")
        if now > order.index(PhaseKind.VOTE):
            day = when(PhaseKind.VOTE, end=True)
            text = (
                _("Voting closed on %(date)s.") % {"date": day} if day else _("Voting has closed.")
            )
        else:
            day = when(PhaseKind.VOTE, end=False)
            text = (
                _("Voting opens on %(date)s.") % {"date": day}
                if day
                else _("Voting has not opened yet.")
            )
        return title, text
    if feature == "results.view":
        day = when(PhaseKind.RESULTS, end=False)
        text = (
            _("Results will be published on %(date)s.") % {"date": day}
            if day
            else _("Results will be published once the vote has been counted.")
        )
        return _("Results are not published yet"), text
    if feature.startswith("proposal."):
        if now > order.index(PhaseKind.PROPOSALS):
            day = when(PhaseKind.PROPOSALS, end=True)
            text = (
                _("Proposals closed on %(date)s.") % {"date": day}
                if day
                else _("The call for proposals has closed.")
            )
        else:
            day = when(PhaseKind.PROPOSALS, end=False)
            text = (
                _("Proposals open on %(date)s.") % {"date": day}
                if day
                else _("The call for proposals has not opened yet.")
            )
        return _("The call for proposals is closed"), text
    return (
        _("Not possible at this stage"),
        _("That is not possible at this stage of the round."),
    )


def closed_page(request: HttpRequest, error: RoundClosed) -> HttpResponse:
    """The page a person sees who was right to come, but too early or too late."""
    title, text = closed_message(error.round, error.feature)
    return render(
        request,
        "fund/closed.html",
        {"round": error.round, "title": title, "text": text, "section": "fund"},
        status=403,
    )


def error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)

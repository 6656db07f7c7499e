"""Voting, for residents on a phone or a screen reader: check who you are, then the ballot.

All public (`@login_not_required`): residents vote without an account.  A signed cookie holds
only the voter token (an HMAC) for this round, never the code, postcode or name typed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import actions, throttle
from ..forms import AccessCodeForm, PostcodeForm, VoterListForm, ballot_choices_from_post
from ..models import BallotType, Round, Verification
from ..phases import PhaseKind
from ..templatetags.fund import SYMBOLS
from ..voters import (
    NotCounted,
    NotEligible,
    NotOldEnough,
    Voter,
    by_access_code,
    by_postcode,
    by_voter_list,
    normalise_code,
    normalise_identifier,
    person_key,
)
from .common import get_round, require

VOTER_COOKIE_SALT = "commonground.fund.voter"
VOTER_COOKIE_AGE = 3 * 60 * 60
"""A checked voter stays checked for three hours on that device (or until "I have finished")."""


def _cookie_name(round_: Round) -> str:
    return f"fund_voter_{round_.pk}"


def _voter(request: HttpRequest, round_: Round) -> Voter | None:
    """The voter this device proved to be, from a signed cookie.

    A signed cookie rather than the session: checking a voter and casting a ballot then write
    nothing but the ballot (no session rows to insert, update and read back on every request,
    which were a third of a ballot's queries), any web process can read it (the signing key
    is the site's), and once the vote closes the server keeps no voter token at all.
    """
    value = request.get_signed_cookie(
        _cookie_name(round_), default=None, salt=VOTER_COOKIE_SALT, max_age=VOTER_COOKIE_AGE
    )
    if not value or ":" not in value:
        return None
    token, method = value.split(":", 1)
    return Voter(token, method)


def _remember(response: HttpResponse, round_: Round, voter: Voter) -> HttpResponse:
    response.set_signed_cookie(
        _cookie_name(round_),
        f"{voter.token}:{voter.method}",
        salt=VOTER_COOKIE_SALT,
        max_age=VOTER_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@login_not_required
@never_cache
def vote_start(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_round(request, slug)
    require(request, "fund.ballot.cast", round_)
    if _voter(request, round_):
        return redirect("fund:ballot", round_.slug)
    return render(
        request,
        "fund/vote_start.html",
        {"round": round_, "methods": round_.verification, "section": "fund"},
    )


def _check(request, slug, form_class, method, check, subjects, template) -> HttpResponse:
    """Check a voter's credentials, refusing while this device, the thing tried (code, voter
    number, person) or, past a far higher ceiling, this network address has failed too often
    recently (:mod:`..throttle`).  After a failure the page says how many tries are left."""
    round_ = get_round(request, slug)
    require(request, "fund.ballot.cast", round_)
    if method not in round_.verification:
        raise PermissionDenied
    device = throttle.device_id(request)
    form = form_class(request.POST or None)
    status = 200
    headers = {}
    if request.method == "POST" and form.is_valid():
        keys = throttle.keys_for("address", [throttle.client_address(request)])
        keys += throttle.keys_for("device", [device])
        for kind, value in subjects(form.cleaned_data):
            keys += throttle.keys_for(kind, [value])
        try:
            throttle.ensure_allowed(round_, keys)
            voter = check(round_, form.cleaned_data, device)
        except throttle.TooManyAttempts as error:
            form.add_error(None, error.message)
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        except (NotOldEnough, NotCounted) as error:  # not a guess: never counted
            for text in error.messages:
                form.add_error(None, text)
        except (NotEligible, ValidationError) as error:
            for text in error.messages:
                form.add_error(None, text)
            left = throttle.record_failure(round_, keys)
            if left:
                form.add_error(None, throttle.tries_left_message(left))
            else:
                try:
                    throttle.ensure_allowed(round_, keys)
                except throttle.TooManyAttempts as pause:
                    form.add_error(None, pause.message)
        else:
            if voter.held:
                messages.info(
                    request,
                    _(
                        "Your vote will be checked by the council before it is counted, "
                        "because a vote with a very similar name or date of birth has already "
                        "come from your postcode. You can still vote, and change your vote, "
                        "as usual."
                    ),
                )
            response = _remember(redirect("fund:ballot", round_.slug), round_, voter)
            return throttle.remember_device(request, response)
    response = render(
        request, template, {"round": round_, "form": form, "section": "fund"}, status=status
    )
    for name, value in headers.items():
        response[name] = value
    return throttle.remember_device(request, response)


@login_not_required
@never_cache
def vote_code(request: HttpRequest, slug: str) -> HttpResponse:
    return _check(
        request,
        slug,
        AccessCodeForm,
        Verification.ACCESS_CODE,
        lambda r, d, device: by_access_code(r, d["code"]),
        lambda d: [("access_code", normalise_code(d["code"]))],
        "fund/vote_code.html",
    )


@login_not_required
@never_cache
def vote_postcode(request: HttpRequest, slug: str) -> HttpResponse:
    return _check(
        request,
        slug,
        PostcodeForm,
        Verification.POSTCODE,
        lambda r, d, device: by_postcode(r, d["postcode"], d["born"], d["name"], device=device),
        lambda d: [("person", person_key(d["postcode"], d["name"]))],
        "fund/vote_postcode.html",
    )


@login_not_required
@never_cache
def vote_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _check(
        request,
        slug,
        VoterListForm,
        Verification.VOTER_LIST,
        lambda r, d, device: by_voter_list(r, d["identifier"]),
        lambda d: [("voter_list", normalise_identifier(d["identifier"]))],
        "fund/vote_list.html",
    )


def ballot_rows(round_: Round, projects, chosen) -> list[dict]:
    """Each project with what this voter chose for it (ticked, rank or points)."""
    rows = []
    for p in sorted(projects.values(), key=lambda p: (p.pot_key != "district", p.pot_key, p.pk)):
        row = {"project": p, "checked": False, "rank": "", "points": ""}
        if isinstance(chosen, dict):
            row["points"] = chosen.get(p.code, "")
        elif chosen:
            row["checked"] = p.code in chosen
            row["rank"] = chosen.index(p.code) + 1 if p.code in chosen else ""
        rows.append(row)
    return rows


def ballot_summary(round_: Round, projects, chosen) -> dict:
    """What the ballot's sticky summary shows for these choices: per pot what is chosen, what
    is left and by how much it is over; the number of projects; points given and left.

    The page shows it on arrival and after "Check my total" (no JavaScript); ``ballot.js``
    keeps the same figures up to date as the voter ticks, so both say the same thing.
    """
    summary: dict = {"count": 0, "over": False}
    if round_.ballot_type == BallotType.POINTS:
        given = sum(int(v) for v in (chosen or {}).values())
        total = round_.points_total or 0
        summary.update(
            count=sum(1 for v in (chosen or {}).values() if int(v)),
            given=given,
            total=total,
            left=max(total - given, 0),
            over=bool(total) and given > total,
        )
        return summary
    codes = [code for code in (chosen or []) if code in projects]
    summary["count"] = len(codes)
    if round_.ballot_type != BallotType.APPROVAL_BUDGET:
        k = round_.max_choices or 0
        summary.update(k=k, over=bool(k) and len(codes) > k)
        return summary
    spent: dict[str, Decimal] = {}
    for code in codes:
        key = projects[code].pot_key
        spent[key] = spent.get(key, Decimal(0)) + projects[code].cost
    summary["pots"] = []
    for pot in round_.pots:
        used = spent.get(pot.key, Decimal(0))
        summary["pots"].append(
            {
                "pot": pot,
                "spent": used,
                "left": max(pot.budget - used, Decimal(0)),
                "over": max(used - pot.budget, Decimal(0)),
            }
        )
    summary["over"] = any(p["over"] for p in summary["pots"])
    return summary


def money_format(currency: str) -> dict[str, str]:
    """How ``ballot.js`` writes money so that it matches the server's ``money`` filter."""
    grouping = get_format("NUMBER_GROUPING")
    return {
        "symbol": SYMBOLS.get(currency, currency + " "),
        "thousands": get_format("THOUSAND_SEPARATOR"),
        "decimal": get_format("DECIMAL_SEPARATOR"),
        "grouping": str(grouping if isinstance(grouping, int) else 3),
    }


def voting_closes_on(round_: Round):
    """The date voting is due to close (the vote phase's planned end), or ``None``."""
    return round_.phases.filter(kind=PhaseKind.VOTE).values_list("ends_on", flat=True).first()


@login_not_required
@never_cache
def ballot(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_round(request, slug)
    require(request, "fund.ballot.cast", round_)
    voter = _voter(request, round_)
    if voter is None:
        return redirect("fund:vote", round_.slug)
    errors: list[str] = []
    chosen = None
    if request.method != "POST" and actions.ballot_is_final(round_, voter):
        return ballot_done(request, slug)
    if request.method == "POST":
        checking = actions.ballot_projects(round_, to_check=True)
        try:
            chosen = ballot_choices_from_post(round_, request.POST, checking)
            if request.POST.get("action") != "check":
                actions.cast_ballot(round_=round_, voter=voter, choices=chosen, projects=checking)
                return redirect("fund:ballot_done", round_.slug)
        except ValidationError as error:
            errors = error.messages
    projects = actions.ballot_projects(round_)  # the page shows them whole
    current = actions.current_choices(round_, voter)  # only when the page is shown
    if request.method != "POST":
        chosen = current
    return render(
        request,
        "fund/ballot.html",
        {
            "round": round_,
            "rows": ballot_rows(round_, projects, chosen),
            "pots": round_.pots,
            "errors": errors,
            "changing": current is not None,
            "summary": ballot_summary(round_, projects, chosen),
            "money_format": money_format(round_.currency),
            "ranks": range(1, (round_.max_choices or len(projects)) + 1),
            "section": "fund",
        },
    )


def receipt(round_: Round, chosen) -> dict:
    """The voter's own ballot as it stands, for the "done" page: names, costs, ranks or points.

    Read from the ballot the device's voter cookie points to, exactly as "Change my vote"
    does; nothing is stored for it, so it adds no link between a person and a ballot.
    """
    projects = actions.ballot_projects(round_)
    if isinstance(chosen, dict):
        items = [(projects[c], int(v)) for c, v in chosen.items() if c in projects and int(v)]
    else:
        items = [(projects[c], i) for i, c in enumerate(chosen or [], start=1) if c in projects]
    return {
        "items": [{"project": p, "value": v} for p, v in items],
        "total": sum((p.cost for p, _v in items), Decimal(0)),
        "ranked": round_.ballot_type == BallotType.RANKING_K,
        "points": round_.ballot_type == BallotType.POINTS,
    }


@login_not_required
@never_cache
def ballot_done(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_round(request, slug)
    voter = _voter(request, round_)
    if request.method == "POST":  # "I have finished": no more changes, and forget this device
        if voter is not None and actions.finish_ballot(round_=round_, voter=voter):
            messages.success(
                request, _("Your vote is recorded and cannot be changed. Thank you for voting.")
            )
        response = redirect("fund:round", round_.slug)
        response.delete_cookie(_cookie_name(round_), samesite="Lax")
        return response
    chosen = actions.current_choices(round_, voter) if voter is not None else None
    if chosen is None:
        raise PermissionDenied(_("There is no ballot to show."))
    return render(
        request,
        "fund/ballot_done.html",
        {
            "round": round_,
            "final": actions.ballot_is_final(round_, voter),
            "receipt": receipt(round_, chosen),
            "shown_at": timezone.localtime(),
            "closes_on": voting_closes_on(round_),
            "section": "fund",
        },
    )

"""The challenges app's pages: thin views over `actions`, plus the PWA's manifest, service
worker and the JSON endpoint offline check-ins sync to."""

from __future__ import annotations

import io
import json
from pathlib import Path

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from commonground.core.service_workers import page_assets, shell_version, worker_response
from commonground.core.views_support import refusal_on_form

from . import actions, scoring
from .forms import (
    ChallengeForm,
    CheckInForm,
    FollowUpForm,
    JoinForm,
    PlayerForm,
    TeamForm,
    VenueForm,
)
from .models import Challenge, ChallengeKind, CheckIn, Player, Team, Venue
from .rules import may

STATIC = Path(__file__).parent / "static" / "challenges"
SHARED_QUEUE = Path(__file__).parent.parent / "static" / "commonground" / "offline-queue.js"
"""The offline queue app.js shares with the events door page (its worker keeps it too)."""

# Lazy: the module is imported once, in whatever language; a badge is named per request.
BADGE_TEXT = {
    "first_step": (gettext_lazy("First step"), gettext_lazy("Your first challenge done.")),
    "three_kinds": (
        gettext_lazy("Explorer"),
        gettext_lazy("Three different kinds of challenge done."),
    ),
    "five_done": (gettext_lazy("Regular"), gettext_lazy("Five challenges done.")),
    "three_weeks": (
        gettext_lazy("Three weeks running"),
        gettext_lazy("A challenge done three weeks in a row."),
    ),
    "bridge_builder": (
        gettext_lazy("Bridge builder"),
        gettext_lazy("Met someone from a different background three times."),
    ),
    "century": (gettext_lazy("Century"), gettext_lazy("100 points.")),
}


def _progress(user) -> dict:
    """Points, streak and badges of a signed-in person."""
    rows = list(
        CheckIn.objects.filter(user=user)
        .select_related("challenge")
        .only("done_at", "points", "met_someone_different", "new_place", "challenge__kind")
    )
    done = [
        scoring.Done(
            timezone.localdate(c.done_at),
            c.challenge.kind,
            c.points,
            c.met_someone_different,
            c.new_place,
        )
        for c in rows
    ]
    badges = [
        {
            "key": b.key,
            "earned": b.earned,
            "name": BADGE_TEXT[b.key][0],
            "why": BADGE_TEXT[b.key][1],
        }
        for b in scoring.badges(done)
    ]
    return {
        "points": scoring.total(done),
        "streak": scoring.streak([d.day for d in done], timezone.localdate()),
        "badges": badges,
        "done_ids": {c.challenge_id for c in rows},
        "player": Player.objects.filter(user=user).select_related("team").first(),
    }


def _pwa_context(request: HttpRequest) -> dict:
    """What app.js needs: where the service worker and the sync endpoint are, in words to say."""
    return {
        "sw_url": reverse("challenges:sw"),
        "sync_url": reverse("challenges:sync"),
        "manifest_url": reverse("challenges:manifest"),
        "event_base": reverse("challenges:event_offline"),
    }


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """The app's front page: the challenges, and for a signed-in person their progress."""
    challenges = Challenge.objects.filter(is_published=True)
    kind = request.GET.get("kind", "")
    if kind in ChallengeKind.values:
        challenges = challenges.filter(kind=kind)
    context = {
        "challenges": challenges,
        "kinds": ChallengeKind.choices,
        "kind": kind,
        "may_design": may(request.user, "challenges.design"),
        "may_figures": may(request.user, "challenges.publish_figures"),
    } | _pwa_context(request)
    if request.user.is_authenticated:
        context |= _progress(request.user)
    return render(request, "challenges/home.html", context)


@login_not_required
def challenge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One challenge: what to do; signed in, the check-in form (works offline too)."""
    challenge = get_object_or_404(Challenge.objects.prefetch_related("venues__ward"), slug=slug)
    if not challenge.is_published and not may(request.user, "challenges.edit", challenge):
        raise PermissionDenied
    context = {
        "challenge": challenge,
        "may_edit": may(request.user, "challenges.edit", challenge),
    } | _pwa_context(request)
    if request.user.is_authenticated:
        done = CheckIn.objects.filter(user=request.user, challenge=challenge).first()
        context |= {
            "done": done,
            "taken_on": challenge.attempts.filter(user=request.user).exists(),
            "form": CheckInForm(initial={"code": request.GET.get("code", "")}),
            "follow_up": FollowUpForm()
            if done and done.met_someone_different is None and done.new_place is None
            else None,
        }
    return render(request, "challenges/challenge_detail.html", context)


@require_POST
def take_on(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = get_object_or_404(Challenge, slug=slug)
    try:
        actions.take_on(actor=request.user, challenge=challenge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Challenge taken on. Good luck!"))
    return redirect(challenge.get_absolute_url())


@require_POST
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """The check-in form without JavaScript (the app's script sends it as JSON instead)."""
    challenge = get_object_or_404(Challenge.objects.prefetch_related("venues__ward"), slug=slug)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            made, created = actions.check_in(
                actor=request.user,
                challenge=challenge,
                client_id=form.cleaned_data["client_id"],
                code=form.cleaned_data["code"],
                reflection=form.cleaned_data["reflection"],
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(
                request,
                _("Checked in: %(points)d points.") % {"points": made.points}
                if created
                else _("This check-in was already recorded."),
            )
            return redirect(challenge.get_absolute_url())
    return render(
        request,
        "challenges/challenge_detail.html",
        {
            "challenge": challenge,
            "form": form,
            "taken_on": True,
            "may_edit": may(request.user, "challenges.edit", challenge),
        }
        | _pwa_context(request),
        status=400,
    )


def _refusal(error: ValidationError) -> JsonResponse:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    message = " ".join(m for messages_ in errors.values() for m in messages_)
    return JsonResponse({"status": "refused", "errors": errors, "message": message}, status=400)


def _done_at(payload: dict):
    """When the phone says the check-in was made (an offline one syncs later), or None."""
    done_at = parse_datetime(str(payload["done_at"])) if payload.get("done_at") else None
    if done_at is not None and timezone.is_naive(done_at):
        done_at = timezone.make_aware(done_at)
    return done_at


@require_POST
def sync(request: HttpRequest) -> JsonResponse:
    """Where the app's script sends check-ins (made online or queued offline), as JSON: a
    challenge's ``{"client_id", "challenge", "code" or "reflection", "done_at"}``, or an
    event's QR code scanned ``{"client_id", "event": the event's code, "done_at"}``.

    201 recorded, 200 already recorded (the same client UUID; for an event, nothing new to
    count), 400 refused with the reason by field, 403 not allowed, 404 no such challenge or
    event. The script forgets a queued check-in on any of these, and keeps it for the next
    try on anything else (no network, a server error).
    """
    try:
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        return JsonResponse(
            {"status": "refused", "message": _("The request is not valid JSON.")}, status=400
        )
    if payload.get("event"):
        return _sync_event(request, payload)
    challenge = Challenge.objects.filter(slug=str(payload.get("challenge", ""))).first()
    if challenge is None:
        return JsonResponse({"status": "refused", "message": _("No such challenge.")}, status=404)
    try:
        made, created = actions.check_in(
            actor=request.user,
            challenge=challenge,
            client_id=payload.get("client_id"),
            code=str(payload.get("code", ""))[:300],
            reflection=str(payload.get("reflection", ""))[:4000],
            done_at=_done_at(payload),
        )
    except ValidationError as error:
        return _refusal(error)
    except PermissionDenied as error:
        return JsonResponse({"status": "refused", "message": str(error)}, status=403)
    if created and payload.get("live"):  # the page the person is on reloads and says so
        messages.success(request, _("Checked in: %(points)d points.") % {"points": made.points})
    return JsonResponse(
        {
            "status": "recorded" if created else "already",
            "points": made.points,
            "message": _("Checked in: %(points)d points.") % {"points": made.points}
            if created
            else _("This check-in was already recorded."),
            "url": challenge.get_absolute_url(),
        },
        status=201 if created else 200,
    )


def _event_for(code: str):
    """The event whose door code this is (a scanned address or the bare code), or None."""
    from commonground.involved.models import Event

    code = str(code or "").strip().rstrip("/").rsplit("/", 1)[-1][:100]
    if not code:
        return None
    return (
        Event.objects.select_related("ward")
        .defer("ical_vevent", "ward__boundary")
        .filter(door_code=code)
        .first()
    )


def _sync_event(request: HttpRequest, payload: dict) -> JsonResponse:
    """An event's QR code scanned in the app (kept on the phone when there was no signal):
    the visit counts, at the time it was scanned, for every event challenge the event
    matches. Idempotent: each (event, challenge, person) makes one check-in, so the same
    item sent again, or after the door or another phone counted it, makes nothing new."""
    event = _event_for(payload.get("event", ""))
    if event is None:
        return JsonResponse(
            {
                "status": "refused",
                "message": _(
                    "No event has this code. Ask the organisers at the door for the "
                    "event's QR code."
                ),
            },
            status=404,
        )
    try:
        made = actions.check_in_at_event(
            actor=request.user,
            user=request.user,
            event=event,
            via="scan",
            when=_done_at(payload),
        )
    except ValidationError as error:
        return _refusal(error)
    except PermissionDenied as error:
        return JsonResponse({"status": "refused", "message": str(error)}, status=403)
    points = sum(c.points for c in made)
    if made:
        message = _("Checked in: %(points)d points.") % {"points": points}
    else:
        message = _("Nothing new to count: this visit is already counted.")
    if payload.get("live"):  # the event's page reloads and says so
        (messages.success if made else messages.info)(request, message)
    return JsonResponse(
        {
            "status": "recorded" if made else "already",
            "points": points,
            "challenges": [c.challenge.slug for c in made],
            "message": message,
            "url": reverse("challenges:event_scan", args=[event.door_code]),
        },
        status=201 if made else 200,
    )


@require_POST
def follow_up(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = get_object_or_404(Challenge, slug=slug)
    done = get_object_or_404(CheckIn, user=request.user, challenge=challenge)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        actions.answer_follow_up(
            actor=request.user,
            check_in=done,
            met_someone_different=form.answer(form.cleaned_data["met_someone_different"]),
            new_place=form.answer(form.cleaned_data["new_place"]),
        )
        messages.success(request, _("Thank you for your answers."))
    return redirect(challenge.get_absolute_url())


def scan(request: HttpRequest, code: str) -> HttpResponse:
    """Where a venue's QR code lands: the challenges this place counts for."""
    venue = Venue.objects.select_related("ward").filter(code=actions.code_from(code)).first()
    if venue is None:
        return render(request, "challenges/scan.html", {"venue": None, "code": code}, status=404)
    challenges = venue.challenges.filter(is_published=True)
    done = set(
        CheckIn.objects.filter(user=request.user, challenge__in=challenges).values_list(
            "challenge_id", flat=True
        )
    )
    return render(
        request,
        "challenges/scan.html",
        {"venue": venue, "challenges": challenges, "done": done, "code": venue.code},
    )


def event_scan(request: HttpRequest, code: str) -> HttpResponse:
    """Where an event's own QR code lands: the event challenges it counts for, and (POST) the
    check-in to all of them at once. With JavaScript the button sends it to ``sync`` as
    JSON, kept on the phone when the signal goes; with no signal at all the service worker
    answers this address with ``event_offline``."""
    event = _event_for(code)
    if event is None:
        return render(
            request,
            "challenges/event_scan.html",
            {"event": None} | _pwa_context(request),
            status=404,
        )
    if request.method == "POST":
        try:
            made = actions.check_in_at_event(
                actor=request.user, user=request.user, event=event, via="scan"
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            if made:
                points = sum(c.points for c in made)
                messages.success(request, _("Checked in: %(points)d points.") % {"points": points})
            else:
                messages.info(request, _("Nothing new to count: this visit is already counted."))
        return redirect("challenges:event_scan", code=event.door_code)
    challenges = actions.event_challenges(event)
    done = set(
        CheckIn.objects.filter(user=request.user, challenge__in=challenges).values_list(
            "challenge_id", flat=True
        )
    )
    return render(
        request,
        "challenges/event_scan.html",
        {"event": event, "challenges": challenges, "done": done} | _pwa_context(request),
    )


@login_not_required
def event_offline(request: HttpRequest) -> HttpResponse:
    """The page an event's QR code opens when the phone has no signal: the service worker
    keeps it with the app shell and answers any ``event/<code>/`` address with it, and the
    app's script reads the code from the address and keeps the visit on the phone, to send
    to ``sync`` when the signal is back. It shows nothing the person has done, and the
    worker may keep it before they sign in, so it is public. Without JavaScript (and so
    without the worker) its form posts to the address it was opened at, ``event_scan``."""
    return render(request, "challenges/event_offline.html", _pwa_context(request))


def event_qr(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's own QR code (SVG), for its organisers to show at the door: scanned in the
    challenges app, it counts the visit for the event challenges it matches."""
    from commonground.involved.models import Event
    from commonground.involved.rules import may as may_involved

    event = get_object_or_404(
        Event.objects.select_related("organiser").defer("ical_vevent"), slug=slug
    )
    if not may_involved(request.user, "involved.manage_event", event):
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("challenges:event_scan", args=[event.door_code]))
    buffer = io.BytesIO()
    segno.make(url, error="q").save(
        buffer, kind="svg", scale=8, border=4, title=_("The event's QR code for challenges")
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def teams(request: HttpRequest) -> HttpResponse:
    """Your team (its code, its members' points) and the table of every team."""
    player = Player.objects.filter(user=request.user).select_related("team").first()
    table = _team_table()
    members = []
    if player and player.team_id:
        members = (
            Player.objects.filter(team=player.team)
            .annotate(
                total=Sum(
                    "user__challenge_check_ins__points",
                    filter=Q(user__challenge_check_ins__team=player.team),
                )
            )
            .order_by("-total", "pk")
        )
    return render(
        request,
        "challenges/teams.html",
        {
            "player": player,
            "table": table,
            "members": members,
            "team_form": TeamForm(),
            "join_form": JoinForm(),
        },
    )


@require_POST
def team_new(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            team = actions.create_team(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(
                request, _("Team started. Its code is %(code)s: share it.") % {"code": team.code}
            )
            return redirect("challenges:teams")
    return _teams_with(request, team_form=form)


@require_POST
def team_join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            team = actions.join_team(actor=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("You have joined %(team)s.") % {"team": team.name})
            return redirect("challenges:teams")
    return _teams_with(request, join_form=form)


def _team_table() -> list[Team]:
    """Every team with members or points, most points first (two aggregates, not one join,
    so points are not multiplied by members)."""
    points = dict(
        CheckIn.objects.filter(team__isnull=False)
        .values("team")
        .annotate(n=Sum("points"))
        .values_list("team", "n")
    )
    members = dict(
        Player.objects.filter(team__isnull=False)
        .values("team")
        .annotate(n=Count("pk"))
        .values_list("team", "n")
    )
    teams = list(Team.objects.filter(pk__in=set(points) | set(members)))
    for team in teams:
        team.total, team.members = points.get(team.pk, 0), members.get(team.pk, 0)
    return sorted(teams, key=lambda t: (-t.total, t.name))


def _teams_with(request: HttpRequest, **forms) -> HttpResponse:
    # Re-render with the bound form so the error sits by its field.
    context = {"team_form": TeamForm(), "join_form": JoinForm()} | forms
    player = Player.objects.filter(user=request.user).select_related("team").first()
    table = _team_table()
    return render(
        request,
        "challenges/teams.html",
        {"player": player, "table": table, "members": []} | context,
        status=400,
    )


@require_POST
def team_leave(request: HttpRequest) -> HttpResponse:
    actions.leave_team(actor=request.user)
    messages.success(request, _("You have left the team."))
    return redirect("challenges:teams")


def me(request: HttpRequest) -> HttpResponse:
    """Your check-ins, badges and whether others may see your name."""
    player = actions.player_for(request.user)
    form = PlayerForm(
        request.POST or None,
        initial={"display_name": player.display_name, "show_name": player.show_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_player(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("challenges:me")
    check_ins = CheckIn.objects.filter(user=request.user).select_related("challenge", "venue")
    return render(
        request,
        "challenges/me.html",
        {"form": form, "check_ins": check_ins} | _progress(request.user),
        status=400 if form.errors else 200,
    )


def design(request: HttpRequest) -> HttpResponse:
    """For designers: every challenge and venue they may change."""
    if not may(request.user, "challenges.design"):
        raise PermissionDenied
    challenges = Challenge.objects.select_related("organisation").annotate(done=Count("check_ins"))
    venues = Venue.objects.select_related("ward", "organisation")
    return render(
        request,
        "challenges/design.html",
        {
            "challenges": [c for c in challenges if may(request.user, "challenges.edit", c)],
            "venues": [v for v in venues if may(request.user, "challenges.edit", v)],
        },
    )


def challenge_form(request: HttpRequest, slug: str = "") -> HttpResponse:
    """Write a challenge in English, Urdu and Polish, or change one."""
    challenge = get_object_or_404(Challenge, slug=slug) if slug else None
    if not may(request.user, "challenges.edit" if challenge else "challenges.design", challenge):
        raise PermissionDenied
    form = ChallengeForm(request.POST or None, instance=challenge, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        venues = list(data.pop("venues"))
        try:
            saved = actions.save_challenge(
                actor=request.user, challenge=challenge, venues=venues, **data
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Challenge saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "challenges/challenge_form.html",
        {"form": form, "challenge": challenge},
        status=400 if form.errors else 200,
    )


def venue_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    venue = get_object_or_404(Venue, pk=pk) if pk else None
    if not may(request.user, "challenges.edit" if venue else "challenges.design", venue):
        raise PermissionDenied
    form = VenueForm(request.POST or None, instance=venue, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_venue(actor=request.user, venue=venue, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("Venue saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "challenges/venue_form.html",
        {"form": form, "venue": venue},
        status=400 if form.errors else 200,
    )


def _venue_for_designer(request: HttpRequest, pk: int) -> Venue:
    venue = get_object_or_404(Venue.objects.select_related("ward", "organisation"), pk=pk)
    if not may(request.user, "challenges.edit", venue):
        raise PermissionDenied
    return venue


def venue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A venue's poster: its QR code and typed code, to print and put up by the door."""
    venue = _venue_for_designer(request, pk)
    return render(
        request,
        "challenges/venue_detail.html",
        {"venue": venue, "challenges": venue.challenges.all()},
    )


def venue_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The venue's QR code (SVG, prints sharp at any size): the scan address with its code."""
    venue = _venue_for_designer(request, pk)
    url = request.build_absolute_uri(venue.scan_path())
    buffer = io.BytesIO()
    segno.make(url, error="q").save(
        buffer, kind="svg", scale=8, border=4, title=_("Challenge QR code")
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="challenge-{venue.code}.svg"'
    return response


def figures(request: HttpRequest) -> HttpResponse:
    """For officers: people taking part, new places and new people met, by ward and quarter;
    and the button that sends them to Measures."""
    if not may(request.user, "challenges.publish_figures"):
        raise PermissionDenied
    if request.method == "POST":
        result = actions.publish_figures(actor=request.user)
        messages.success(
            request,
            _("Sent to Measures: %(created)d new figures, %(corrected)d corrected.") % result,
        )
        return redirect("challenges:figures")
    from commonground.core.models import Area

    cells = actions.current_cells()
    wards = Area.objects.in_bulk({c.ward_id for c in cells})
    rows = [(c, wards.get(c.ward_id)) for c in cells]
    return render(request, "challenges/figures.html", {"rows": rows})


@login_not_required
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: name, colours, icons and where the installed app opens."""
    home_url = reverse("challenges:home")
    data = {
        "name": _("Mixing challenges"),
        "short_name": _("Challenges"),
        "description": _("Challenges to meet people and places you normally wouldn't."),
        "start_url": home_url,
        "scope": home_url,
        "id": home_url,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d70b8",
        "lang": request.LANGUAGE_CODE,
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "icons": [
            {"src": static("challenges/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("challenges/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("challenges/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("challenges/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@login_not_required
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under the app's own path so its scope covers the app in
    this language (/challenges/ or /ur/challenges/). Its code is the static file sw.js; the
    first line tells it which pages and files make the app shell."""
    home_url = reverse("challenges:home")
    event_page = reverse("challenges:event_offline")
    shell = {
        "scope": home_url,
        "pages": [home_url, event_page],
        "event_page": event_page,
        "assets": page_assets(
            "commonground/offline-queue.js",
            "challenges/app.js",
            "challenges/icon.svg",
            "challenges/icon-192.png",
        ),
    }
    version = shell_version(shell, (STATIC / "sw.js", STATIC / "app.js", SHARED_QUEUE))
    return worker_response(STATIC / "sw.js", {"version": version, **shell})

"""Every change the challenges app makes, each audited in the transaction that makes it.

A check-in is idempotent by the client's UUID: the phone makes one when the person presses
"check in" (online or offline) and sends it with every retry, so a sync repeated after a lost
answer finds the check-in already made and counts nothing twice. A second check-in to the
same challenge with a new UUID is refused; the unique constraint on (person, challenge)
holds that even for two requests at the same instant.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commonground.core import audit

from . import figures
from .events import ChallengeEvent
from .models import Attempt, Challenge, CheckIn, CheckInMethod, Player, Team, Venue
from .rules import may

CHALLENGE_FIELDS = {
    "kind",
    "points",
    "check_in",
    "title_en",
    "title_ur",
    "title_pl",
    "description_en",
    "description_ur",
    "description_pl",
    "organisation",
    "is_published",
    "event_kinds",
    "new_ward_only",
}
VENUE_FIELDS = {"name", "address", "postcode", "ward", "organisation"}
REFLECTION_MIN, REFLECTION_MAX = 20, 2000
OFFLINE_LIMIT = timedelta(days=30)
"""How old an offline check-in may be when it finally syncs."""


def _require(user, permission: str, obj=None) -> None:
    if not may(user, permission, obj):
        raise PermissionDenied(_("Your account may not do this."))


def _actor(user):
    return user if user is not None and getattr(user, "pk", None) else None


RESERVED_SLUGS = {"me", "teams", "design", "figures", "sync", "scan", "sw-js", "event"}
"""The app's own page names: a challenge slug must not shadow them (urls.py)."""


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "challenge")[:90]
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Challenge.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_challenge(
    *,
    actor,
    challenge: Challenge | None = None,
    venues: list[Venue] | None = None,
    slug: str = "",
    actor_label: str = "",
    **fields: Any,
) -> Challenge:
    """Write a new challenge, or change one; a QR-code challenge needs at least one venue."""
    if actor is not None:
        _require(actor, "challenges.design" if challenge is None else "challenges.edit", challenge)
    unknown = set(fields) - CHALLENGE_FIELDS
    if unknown:
        raise TypeError(f"unknown challenge fields: {sorted(unknown)}")
    if not (fields.get("title_en") or (challenge and challenge.title_en) or "").strip():
        raise ValidationError({"title_en": _("Give the challenge a title in English.")})
    points = fields.get("points", challenge.points if challenge else 10)
    if points is None or not 1 <= points <= 500:
        raise ValidationError({"points": _("Points must be between 1 and 500.")})
    method = fields.get("check_in", challenge.check_in if challenge else "")
    kinds = fields.get("event_kinds", challenge.event_kinds if challenge else [])
    if method != CheckInMethod.EVENT and (kinds or fields.get("new_ward_only")):
        raise ValidationError(
            {"check_in": _("Kinds of event and new wards only apply to an event challenge.")}
        )
    if method == CheckInMethod.CODE and venues is not None and not venues:
        raise ValidationError({"venues": _("Choose at least one venue whose QR code people scan.")})
    with transaction.atomic():
        created = challenge is None
        if created:
            challenge = Challenge(
                slug=slug or _unique_slug(fields["title_en"]), created_by=_actor(actor)
            )
        for name, value in fields.items():
            setattr(challenge, name, value)
        challenge.full_clean(exclude=["slug"] if not slug else [])
        challenge.save()
        if venues is not None:
            challenge.venues.set(venues)
        elif method == CheckInMethod.CODE and not challenge.venues.exists():
            raise ValidationError(
                {"venues": _("Choose at least one venue whose QR code people scan.")}
            )
        audit.record(
            ChallengeEvent.CHALLENGE_SAVED,
            actor=_actor(actor),
            actor_label=actor_label,
            obj=challenge,
            data={"created": created, "points": challenge.points, "kind": challenge.kind},
        )
    return challenge


def save_venue(
    *, actor, venue: Venue | None = None, actor_label: str = "", code: str = "", **fields: Any
) -> Venue:
    """Add a venue (it gets its own QR code), or change one's name, address and ward."""
    if actor is not None:
        _require(actor, "challenges.design" if venue is None else "challenges.edit", venue)
    unknown = set(fields) - VENUE_FIELDS
    if unknown:
        raise TypeError(f"unknown venue fields: {sorted(unknown)}")
    if not (fields.get("name") or (venue and venue.name) or "").strip():
        raise ValidationError({"name": _("Give the venue a name.")})
    with transaction.atomic():
        created = venue is None
        venue = venue or Venue(created_by=_actor(actor), **({"code": code} if code else {}))
        for name, value in fields.items():
            setattr(venue, name, value)
        venue.full_clean(exclude=["code"])
        venue.save()
        audit.record(
            ChallengeEvent.VENUE_SAVED,
            actor=_actor(actor),
            actor_label=actor_label,
            obj=venue,
            data={"created": created},
        )
    return venue


def player_for(user) -> Player:
    """The person's player row, made the first time they need one."""
    player, _created = Player.objects.get_or_create(user=user)
    return player


def take_on(*, actor, challenge: Challenge) -> Attempt:
    """Take a challenge on; asking again returns the same attempt."""
    _require(actor, "challenges.take_part")
    if not challenge.is_published:
        raise ValidationError(_("This challenge is not open."))
    with transaction.atomic():
        attempt, created = Attempt.objects.get_or_create(user=actor, challenge=challenge)
        if created:
            audit.record(ChallengeEvent.TAKEN_ON, actor=actor, obj=attempt)
    return attempt


def code_from(text: str) -> str:
    """A typed code or a scanned address → the venue code (the address's last part)."""
    text = (text or "").strip()
    return text.rstrip("/").rsplit("/", 1)[-1].upper()


def check_in(
    *,
    actor,
    challenge: Challenge,
    client_id: uuid.UUID | str | None = None,
    code: str = "",
    reflection: str = "",
    done_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[CheckIn, bool]:
    """Record a challenge done; returns (the check-in, whether this call made it).

    The same `client_id` again returns the first check-in (False). Refuses, changing
    nothing: a challenge already checked in to, a code no venue has, a venue of another
    challenge, a reflection too short, and an offline check-in older than 30 days.
    """
    _require(actor, "challenges.take_part")
    now = now or timezone.now()
    try:
        client_id = uuid.UUID(str(client_id)) if client_id else uuid.uuid4()
    except ValueError:
        raise ValidationError({"client_id": _("The check-in's identifier is not valid.")}) from None
    earlier = CheckIn.objects.filter(client_id=client_id).first()
    if earlier is not None:
        if earlier.user_id != actor.pk or earlier.challenge_id != challenge.pk:
            raise ValidationError({"client_id": _("The check-in's identifier is already used.")})
        return earlier, False
    if not challenge.is_published:
        raise ValidationError(_("This challenge is not open."))
    done = CheckIn.objects.filter(user=actor, challenge=challenge).first()
    if done is not None:
        if done.client_id == client_id:  # the same sync, committed by a concurrent request
            return done, False
        raise ValidationError(_("You have already checked in to this challenge."))
    venue = None
    reflection = (reflection or "").strip()
    if challenge.check_in == CheckInMethod.EVENT:
        raise ValidationError(
            {
                "code": _(
                    "This challenge counts when you are checked in at an event's door, "
                    "or scan the event's own QR code."
                )
            }
        )
    if challenge.check_in == CheckInMethod.CODE:
        typed = code_from(code)
        if not typed:
            raise ValidationError({"code": _("Scan the venue's QR code or type its code.")})
        venue = Venue.objects.select_related("ward").filter(code=typed).first()
        if venue is None:
            raise ValidationError({"code": _("No venue has this code. Check it and try again.")})
        if not challenge.venues.filter(pk=venue.pk).exists():
            raise ValidationError(
                {
                    "code": _(
                        "This QR code is for %(venue)s, which is not part of this challenge: "
                        "it does not count here."
                    )
                    % {"venue": venue.name}
                }
            )
        reflection = ""
    else:
        if len(reflection) < REFLECTION_MIN:
            raise ValidationError(
                {
                    "reflection": _("Write at least %(n)d characters about what you did.")
                    % {"n": REFLECTION_MIN}
                }
            )
        if len(reflection) > REFLECTION_MAX:
            raise ValidationError(
                {"reflection": _("Keep it under %(n)d characters.") % {"n": REFLECTION_MAX}}
            )
    done_at = min(done_at or now, now)
    if now - done_at > OFFLINE_LIMIT:
        raise ValidationError(_("This check-in is more than 30 days old and can no longer count."))
    player = player_for(actor)
    ward = venue.ward if venue is not None else getattr(actor, "home_area", None)
    try:
        with transaction.atomic():
            Attempt.objects.get_or_create(user=actor, challenge=challenge)
            made = CheckIn.objects.create(
                client_id=client_id,
                user=actor,
                challenge=challenge,
                team_id=player.team_id,
                method=challenge.check_in,
                venue=venue,
                reflection=reflection,
                ward=ward,
                points=challenge.points,
                done_at=done_at,
            )
            audit.record(
                ChallengeEvent.CHECKED_IN,
                actor=actor,
                obj=made,
                data={"client_id": str(client_id), "method": made.method, "points": made.points},
            )
    except IntegrityError:  # a concurrent request won: the same UUID, or a second check-in
        earlier = CheckIn.objects.filter(client_id=client_id, user=actor).first()
        if earlier is not None:
            return earlier, False
        raise ValidationError(_("You have already checked in to this challenge.")) from None
    return made, True


EVENT_CHECK_INS = uuid.UUID("6f1c3c2e-5b0a-4d7e-9a57-0c4f4be1e0a1")
"""The namespace of event check-ins' client UUIDs: (event, challenge, person) always gives
the same UUID, so the door check-in and a scan of the event's QR code count once between them."""

SCAN_EARLY, SCAN_LATE = timedelta(hours=1), timedelta(hours=2)
"""An event's QR code counts from an hour before it starts to two hours after it ends."""


def event_challenges(event) -> list[Challenge]:
    """The published event challenges this event's kind counts for (a new-ward challenge
    included: whether the ward is new depends on the person)."""
    return [
        challenge
        for challenge in Challenge.objects.filter(
            is_published=True, check_in=CheckInMethod.EVENT
        ).order_by("pk")
        if not challenge.event_kinds or event.kind in challenge.event_kinds
    ]


def wards_visited(user, *, besides_event=None) -> set[int]:
    """Wards the person lives in or has been checked in to (an event's door, a venue, a
    challenge); ``besides_event`` is left out, so going to it does not make its ward old."""
    from commonground.involved.models import Registration

    wards = {user.home_area_id} if getattr(user, "home_area_id", None) else set()
    check_ins = CheckIn.objects.filter(user=user, ward__isnull=False)
    arrivals = Registration.objects.filter(
        user=user, checked_in_at__isnull=False, event__ward__isnull=False
    )
    if besides_event is not None:
        check_ins = check_ins.exclude(event=besides_event)
        arrivals = arrivals.exclude(event=besides_event)
    wards.update(check_ins.values_list("ward_id", flat=True))
    wards.update(arrivals.values_list("event__ward_id", flat=True))
    return wards


def check_in_at_event(
    *, actor, user, event, via: str, when: datetime | None = None
) -> list[CheckIn]:
    """Count ``user``'s being at ``event`` for every event challenge it matches; returns the
    check-ins this call made.

    ``via`` is "door" (the organiser checked their registration in: ``actor`` is the
    organiser) or "scan" (they scanned the event's own QR code: ``actor`` is the person,
    refused outside the event's hours or for a cancelled event; ``when`` is when they
    scanned it, earlier than now when the phone kept the scan offline, refused after 30
    days). Calling again, by either
    route, makes nothing new: each (event, challenge, person) has one client UUID. A
    challenge the person already did elsewhere, and a new-ward challenge at an event in a
    ward they know, are passed over, not refused.
    """
    now = timezone.now()
    when = min(when or now, now)
    if via == "scan":
        _require(actor, "challenges.take_part")
        if now - when > OFFLINE_LIMIT:  # a scan kept on a phone for too long
            raise ValidationError(
                _("This check-in is more than 30 days old and can no longer count.")
            )
        if event.cancelled_at is not None:
            raise ValidationError({"code": _("This event has been cancelled.")})
        if not event.starts_at - SCAN_EARLY <= when <= event.ends_at + SCAN_LATE:
            raise ValidationError(
                {"code": _("This event's QR code counts only while the event is on.")}
            )
    elif via != "door":
        raise ValueError(f"unknown route {via!r}: 'door' or 'scan'")
    if not may(user, "challenges.take_part"):
        return []
    matching = event_challenges(event)
    if not matching:
        return []
    done = set(
        CheckIn.objects.filter(user=user, challenge__in=matching).values_list(
            "challenge_id", flat=True
        )
    )
    visited = None
    made = []
    for challenge in matching:
        if challenge.pk in done:
            continue
        if challenge.new_ward_only:
            if visited is None:
                visited = wards_visited(user, besides_event=event)
            if event.ward_id is None or event.ward_id in visited:
                continue
        client_id = uuid.uuid5(EVENT_CHECK_INS, f"{event.uid}:{challenge.pk}:{user.pk}")
        try:
            with transaction.atomic():
                Attempt.objects.get_or_create(user=user, challenge=challenge)
                check_in = CheckIn.objects.create(
                    client_id=client_id,
                    user=user,
                    challenge=challenge,
                    team_id=player_for(user).team_id,
                    method=CheckInMethod.EVENT,
                    event=event,
                    ward_id=event.ward_id,
                    points=challenge.points,
                    done_at=when,
                )
                audit.record(
                    ChallengeEvent.CHECKED_IN,
                    actor=_actor(actor),
                    obj=check_in,
                    data={
                        "client_id": str(client_id),
                        "method": CheckInMethod.EVENT.value,
                        "via": via,
                        "event": str(event.uid),
                        "points": check_in.points,
                    },
                )
        except IntegrityError:  # counted a moment ago, by the other route or another phone
            continue
        made.append(check_in)
    return made


def answer_follow_up(
    *, actor, check_in: CheckIn, met_someone_different: bool | None, new_place: bool | None
) -> CheckIn:
    """The optional two questions after a check-in; only the person who checked in answers."""
    if check_in.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Your account may not do this."))
    with transaction.atomic():
        check_in.met_someone_different = met_someone_different
        check_in.new_place = new_place
        check_in.save(update_fields=["met_someone_different", "new_place"])
        audit.record(
            ChallengeEvent.FOLLOW_UP,
            actor=actor,
            obj=check_in,
            data={"met_someone_different": met_someone_different, "new_place": new_place},
        )
    return check_in


def create_team(*, actor, name: str, kind: str) -> Team:
    """Start a team; its maker joins it and shares its code with the others."""
    _require(actor, "challenges.take_part")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    with transaction.atomic():
        team = Team(name=name, kind=kind, created_by=actor)
        team.full_clean(exclude=["code"])
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    team.save()
                break
            except IntegrityError:  # the code was taken: draw another
                team.pk = None
                team.code = Team._meta.get_field("code").default()
        audit.record(ChallengeEvent.TEAM_CREATED, actor=actor, obj=team, data={"kind": kind})
        _join(actor, team)
    return team


def _join(actor, team: Team) -> None:
    player = player_for(actor)
    player.team = team
    player.save(update_fields=["team"])
    audit.record(ChallengeEvent.TEAM_JOINED, actor=actor, obj=team)


def join_team(*, actor, code: str) -> Team:
    """Join the team with this code (leaving any other); points made before stay with the
    team they were made for."""
    _require(actor, "challenges.take_part")
    code = (code or "").strip().upper().replace(" ", "")
    team = Team.objects.filter(code=code).first()
    if team is None:
        raise ValidationError({"code": _("No team has this code. Check it with your team.")})
    with transaction.atomic():
        _join(actor, team)
    return team


def leave_team(*, actor) -> None:
    _require(actor, "challenges.take_part")
    with transaction.atomic():
        player = player_for(actor)
        if player.team_id is None:
            return
        team = player.team
        player.team = None
        player.save(update_fields=["team"])
        audit.record(ChallengeEvent.TEAM_LEFT, actor=actor, obj=team)


def erase_person(*, actor, user, stand_in) -> dict[str, int]:
    """Erase what the challenges app knows about ``user`` (their own request, from "My
    involvement"): the opt-in name goes, they leave their team, reflections are blanked, and
    challenges taken on and check-ins move to ``stand_in``, an account with no name, so the
    people, new places and new kinds of people counted by ward for Measures (and the team's
    points) stay as they were."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the person themselves may erase their data."))
    with transaction.atomic():
        players = Player.objects.filter(user=user).update(
            user=stand_in, display_name="", show_name=False, team=None
        )
        attempts = Attempt.objects.filter(user=user).update(user=stand_in)
        check_ins = CheckIn.objects.filter(user=user).update(user=stand_in, reflection="")
        Team.objects.filter(created_by=user).update(created_by=None)
        counts = {"players": players, "attempts": attempts, "check_ins": check_ins}
        audit.record(ChallengeEvent.PERSON_ERASED, actor=actor, data=counts)
    return counts


def save_player(*, actor, display_name: str, show_name: bool) -> Player:
    """The person's opt-in name: shown in team tables only when they say so."""
    _require(actor, "challenges.take_part")
    display_name = (display_name or "").strip()
    if show_name and not display_name:
        raise ValidationError({"display_name": _("Write the name you want others to see.")})
    with transaction.atomic():
        player = player_for(actor)
        player.display_name, player.show_name = display_name, show_name
        player.full_clean()
        player.save(update_fields=["display_name", "show_name"])
        audit.record(
            ChallengeEvent.PLAYER_SAVED, actor=actor, obj=player, data={"shown": show_name}
        )
    return player


INDICATORS = {
    "people": (
        "challenges-people-taking-part",
        "Mixing challenges: people taking part",
        "People who checked in to at least one mixing challenge in the ward in the quarter.",
        "people",
    ),
    "new_places": (
        "challenges-new-places",
        "Mixing challenges: new places visited",
        "Check-ins whose follow-up said the place or ward was new to the person.",
        "count",
    ),
    "new_people_met": (
        "challenges-new-people-met",
        "Mixing challenges: people from a different background met",
        "Check-ins whose follow-up said the person met someone from a different background.",
        "count",
    ),
}


def current_cells() -> list[figures.Cell]:
    """Every (ward, quarter) cell from every check-in, counted as figures.py says."""
    rows = (
        figures.Row(person, ward, timezone.localdate(done_at), met, new)
        for person, ward, done_at, met, new in CheckIn.objects.values_list(
            "user_id", "ward_id", "done_at", "met_someone_different", "new_place"
        ).iterator(chunk_size=5000)
    )
    return figures.count(rows)


def publish_figures(*, actor) -> dict[str, int]:
    """Send the counts by ward and quarter to Measures (origin: involvement); sending the
    same counts again adds nothing there."""
    from commonground.measures.actions import Figure, record_figures
    from commonground.measures.models import Indicator
    from commonground.measures.models.observation import ObservationOrigin
    from commonground.measures.validation import parse_period

    _require(actor, "challenges.publish_figures")
    cells = current_cells()
    with transaction.atomic():
        indicators = {}
        for key, (slug, name, definition, unit) in INDICATORS.items():
            indicators[key], _created = Indicator.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "definition": definition,
                    "unit": unit,
                    "decimal_places": 0,
                    "direction": "higher",
                    "is_published": False,  # an officer publishes it in Measures
                    "area_levels": ["ward"],
                    "breakdowns": {},
                    "source": "Mixing challenges app",
                },
            )
        found = [
            Figure(
                indicator_id=indicators[key].pk,
                area_id=cell.ward_id,
                period=parse_period(cell.quarter),
                breakdown="",
                value=Decimal(getattr(cell, key)),
                note="mixing challenges",
            )
            for cell in cells
            for key in INDICATORS
        ]
        counts = record_figures(found, origin=ObservationOrigin.INVOLVEMENT, user=_actor(actor))
        result = {"cells": len(cells), "created": counts.created, "corrected": counts.corrected}
        audit.record(ChallengeEvent.FIGURES_PUBLISHED, actor=_actor(actor), data=result)
    return result

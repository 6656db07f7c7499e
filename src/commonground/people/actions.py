"""Every change to pools, quotas, selections and panels: one audited function each.

Each takes ``actor`` (None for the public registration form) and writes an audit event in the
same transaction.  Audit events never hold characteristics or contact details, only references.
"""

from __future__ import annotations

import csv
import io
import random
import re
import secrets
from calendar import monthrange
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core import audit

from . import characteristics as chars
from .models import (
    Address,
    Attendance,
    BoardResponse,
    ClaimStatus,
    ContactDetails,
    Decision,
    ExpenseClaim,
    Invitation,
    InvitationBatch,
    Meeting,
    MeetingMode,
    MemberStatus,
    Panel,
    PanelMember,
    PanelQuestion,
    Pool,
    Presence,
    QuestionStatus,
    Quota,
    Recommendation,
    Respondent,
    RunStatus,
    SelectionRun,
    Source,
)
from .selection import compute, household_key


def _delete_after(pool: Pool) -> date | None:
    """The pool's deletion date for its respondents' details (None: the two-year default)."""
    return pool.delete_data_on


def _ensure(actor, permission: str, obj=None) -> None:
    from django.core.exceptions import PermissionDenied

    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(permission)


@transaction.atomic
def register_interest(
    *,
    pool: Pool,
    characteristics: dict[str, str],
    contact: dict[str, str],
    language: str = "",
    code: str = "",
) -> Respondent:
    """The public form: characteristics and contact details, stored apart, with consent."""
    if not pool.open_for_registration:
        raise ValidationError(_("This panel is not taking registrations."))
    invitation = None
    if code:
        invitation = (
            Invitation.objects.select_for_update()
            .filter(code=code.strip().upper(), batch__pool=pool)
            .first()
        )
        if invitation is None or invitation.used_at:
            raise ValidationError(_("That invitation code is not valid or has been used."))
        invitation.used_at = timezone.now()
        invitation.address = None  # the answer must not lead back to the drawn address
        invitation.save(update_fields=["used_at", "address"])
    clean = {f: v for f, v in characteristics.items() if f in chars.LABELS and v in chars.values(f)}
    respondent = Respondent.objects.create(
        pool=pool,
        characteristics=clean,
        household_key=household_key(contact.get("address", ""), contact.get("postcode", "")),
        source=Source.INVITATION if invitation else Source.FORM,
        invitation=invitation,
        consent=True,
        consented_at=timezone.now(),
        **({"delete_after": _delete_after(pool)} if _delete_after(pool) else {}),
    )
    ContactDetails.objects.create(respondent=respondent, language=language, **contact)
    audit.record(
        "people.register", obj=respondent, actor_label="public form", data={"pool": pool.slug}
    )
    return respondent


MAX_RETENTION_DAYS = 365 * 5
"""The furthest a pool's deletion date may be set: a panel's data is not kept indefinitely."""


@transaction.atomic
def create_pool(
    *,
    actor,
    title: str,
    slug: str,
    panel_size: int,
    characteristics: list[str],
    one_per_household: bool = True,
    open_for_registration: bool = True,
    purpose: str = "",
    delete_data_on: date | None = None,
) -> Pool:
    """A new recruitment for a panel, balanced on the chosen characteristics.

    Errors are keyed by field (``ValidationError({"slug": ...})``) so the page can show each
    beside its field."""
    _ensure(actor, "people.manage_pool")
    problems: dict[str, str] = {}
    unknown = [f for f in characteristics if f not in chars.LABELS]
    if unknown:
        problems["characteristics"] = _("Unknown characteristic: %(f)s") % {"f": unknown[0]}
    elif not characteristics:
        problems["characteristics"] = _(
            "Choose at least one characteristic to balance the panel on."
        )
    if panel_size < 1:
        problems["panel_size"] = _("A panel has at least one member.")
    if Pool.objects.filter(slug=slug).exists():
        problems["slug"] = _("The web address “%(slug)s” is taken: choose another.") % {
            "slug": slug
        }
    if delete_data_on is not None:
        today = timezone.localdate()
        if delete_data_on <= today:
            problems["delete_data_on"] = _("The deletion date must be in the future.")
        elif delete_data_on > today + timedelta(days=MAX_RETENTION_DAYS):
            problems["delete_data_on"] = _("Keep personal data for at most five years.")
    if problems:
        raise ValidationError(problems)
    pool = Pool.objects.create(
        title=title,
        slug=slug,
        purpose=purpose,
        panel_size=panel_size,
        characteristics=list(characteristics),
        one_per_household=one_per_household,
        open_for_registration=open_for_registration,
        delete_data_on=delete_data_on,
    )
    audit.record(
        "people.pool.create",
        actor=actor,
        obj=pool,
        data={
            "panel_size": panel_size,
            "characteristics": list(characteristics),
            "delete_data_on": delete_data_on.isoformat() if delete_data_on else None,
        },
    )
    return pool


MAX_ADDRESSES = 200_000
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\s*$", re.IGNORECASE)


def _split_postcode(text: str) -> tuple[str, str]:
    """An address typed on one line, its UK postcode (if it ends with one) taken off the end."""
    found = POSTCODE.search(text)
    if not found:
        return text.strip(" ,"), ""
    return text[: found.start()].strip(" ,"), found.group(1).upper()


def parse_addresses(text: str, filename: str = "addresses.csv") -> list[tuple[str, str]]:
    """(address lines, postcode) from a CSV with an ``address`` column (and optionally
    ``postcode``), or from plain text with one address per line (commas between its lines).

    Raises ValidationError naming the file and line of the first bad row."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    header = [h.strip().lower() for h in next(csv.reader([first]))] if first else []
    found: list[tuple[str, str]] = []
    if "address" in header:
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
            if not any(row.values()):
                continue
            if not row.get("address"):
                raise ValidationError(
                    _('%(file)s: line %(line)s, column "address": empty')
                    % {"file": filename, "line": reader.line_num}
                )
            lines, postcode = row["address"], row.get("postcode", "").upper()
            if not postcode:
                lines, postcode = _split_postcode(lines)
            found.append((lines, postcode))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if len(line) > 500:
                raise ValidationError(
                    _("%(file)s: line %(line)s: longer than 500 characters; one address a line")
                    % {"file": filename, "line": number}
                )
            found.append(_split_postcode(line.strip()))
    if not found:
        raise ValidationError(_("%(file)s: no addresses found") % {"file": filename})
    if len(found) > MAX_ADDRESSES:
        raise ValidationError(
            _("%(file)s: more than %(most)s addresses") % {"file": filename, "most": MAX_ADDRESSES}
        )
    return [
        ("\n".join(part.strip() for part in lines.split(",") if part.strip()), postcode)
        for lines, postcode in found
    ]


@transaction.atomic
def add_addresses(
    *, actor, pool: Pool, text: str, filename: str = "addresses.csv"
) -> tuple[int, int]:
    """Add postal addresses to the pool's list (letters are drawn from it at random).

    Only addresses are stored: no names. An address already on the list is not added again
    (it would have two chances of a letter). Returns (added, repeated)."""
    _ensure(actor, "people.manage_pool", pool)
    rows = parse_addresses(text, filename)

    def key(lines: str, postcode: str) -> tuple[str, str]:
        return (" ".join(lines.lower().split()), postcode.replace(" ", "").upper())

    seen = {key(a.lines, a.postcode) for a in pool.addresses.only("lines", "postcode")}
    new = []
    for lines, postcode in rows:
        if key(lines, postcode) in seen:
            continue
        seen.add(key(lines, postcode))
        new.append(Address(pool=pool, lines=lines, postcode=postcode))
    Address.objects.bulk_create(new, batch_size=2000)
    audit.record(
        "people.addresses",
        actor=actor,
        obj=pool,
        data={"file": filename, "added": len(new), "repeated": len(rows) - len(new)},
    )
    return len(new), len(rows) - len(new)


@transaction.atomic
def create_invitations(*, actor, pool: Pool, size: int) -> InvitationBatch:
    """A batch of letters with codes, to print and post to randomly drawn addresses.

    When the pool has an address list, ``size`` addresses not drawn before are drawn from it
    uniformly at random (the operating system's generator: nobody can predict or steer who
    gets a letter); without one, the batch is codes only, for a mailing house that prints the
    addresses itself. Each code is 8 characters from 32 (40 bits), unique."""
    _ensure(actor, "people.manage_pool", pool)
    if not 1 <= size <= 20_000:
        raise ValidationError(_("A batch has from 1 to 20,000 letters."))
    on_list = pool.addresses.exists()
    undrawn = list(
        pool.addresses.select_for_update().filter(batch__isnull=True).values_list("pk", flat=True)
    )
    if on_list and size > len(undrawn):
        raise ValidationError(
            _("Only %(left)s addresses on the list have not had a letter: draw at most that many.")
            % {"left": len(undrawn)}
        )
    batch = InvitationBatch.objects.create(pool=pool, size=size, created_by=actor)
    drawn = sorted(secrets.SystemRandom().sample(undrawn, size)) if on_list else []
    Address.objects.filter(pk__in=drawn).update(batch=batch)
    taken = set(Invitation.objects.values_list("code", flat=True).iterator()) if size else set()
    codes: list[str] = []
    while len(codes) < size:
        code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
        if code not in taken:
            taken.add(code)
            codes.append(code)
    Invitation.objects.bulk_create(
        [
            Invitation(batch=batch, code=code, address_id=drawn[k] if drawn else None)
            for k, code in enumerate(codes)
        ],
        batch_size=2000,
    )
    audit.record(
        "people.invitations",
        actor=actor,
        obj=pool,
        data={"batch": batch.pk, "size": size, "drawn_from_list": bool(drawn)},
    )
    return batch


IMPORT_REQUIRED = ("id",)


@transaction.atomic
def import_pool(*, actor, pool: Pool, text: str, filename: str = "pool.csv") -> int:
    """Respondents from a CSV (``id`` and a column per characteristic; optional ``name``,
    ``email``, ``phone``, ``address``, ``postcode``).  All rows are checked before any is saved;
    an error names the file, line and column."""
    _ensure(actor, "people.manage_pool", pool)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "id" not in header:
        raise ValidationError(
            _('%(file)s: line 1, column "id": missing from the header') % {"file": filename}
        )
    missing = [f for f in pool.characteristics if f not in header]
    if missing:
        raise ValidationError(
            _('%(file)s: line 1, column "%(column)s": missing from the header')
            % {"file": filename, "column": missing[0]}
        )
    rows = []
    seen: set[str] = set()
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        line = reader.line_num
        if not row.get("id"):
            raise ValidationError(
                _('%(file)s: line %(line)s, column "id": empty') % {"file": filename, "line": line}
            )
        if row["id"] in seen:
            raise ValidationError(
                _('%(file)s: line %(line)s, column "id": "%(id)s" appears twice')
                % {"file": filename, "line": line, "id": row["id"]}
            )
        seen.add(row["id"])
        values = {}
        for feature in pool.characteristics:
            value = row.get(feature, "") or chars.PREFER_NOT
            allowed = {v.lower(): v for v in chars.values(feature)}
            if value.lower() not in allowed:
                raise ValidationError(
                    _(
                        '%(file)s: line %(line)s, column "%(column)s": "%(value)s" is not one of: %(allowed)s'  # noqa: E501
                    )
                    % {
                        "file": filename,
                        "line": line,
                        "column": feature,
                        "value": value,
                        "allowed": ", ".join(allowed.values()),
                    }
                )
            values[feature] = allowed[value.lower()]
        rows.append((row, values))
    for row, values in rows:
        respondent = Respondent.objects.create(
            pool=pool,
            external_id=row["id"],
            characteristics=values,
            household_key=household_key(row.get("address", ""), row.get("postcode", "")),
            source=Source.IMPORT,
            consent=True,
            consented_at=timezone.now(),
            **({"delete_after": _delete_after(pool)} if _delete_after(pool) else {}),
        )
        if row.get("name") or row.get("email") or row.get("phone"):
            ContactDetails.objects.create(
                respondent=respondent,
                name=row.get("name", ""),
                email=row.get("email", ""),
                phone=row.get("phone", ""),
                address=row.get("address", ""),
                postcode=row.get("postcode", ""),
            )
    audit.record("people.import", actor=actor, obj=pool, data={"file": filename, "rows": len(rows)})
    return len(rows)


@transaction.atomic
def set_quotas(*, actor, pool: Pool, rows: list[dict]) -> list[Quota]:
    """Replace the pool's quotas (rows of feature, value, minimum, maximum)."""
    _ensure(actor, "people.manage_pool", pool)
    for row in rows:
        if row["feature"] not in chars.LABELS or row["value"] not in chars.values(row["feature"]):
            raise ValidationError(
                _("Unknown characteristic or value: %(f)s=%(v)s")
                % {"f": row["feature"], "v": row["value"]}
            )
        if not 0 <= int(row["minimum"]) <= int(row["maximum"]):
            raise ValidationError(
                _("%(f)s=%(v)s: the minimum must be between 0 and the maximum.")
                % {"f": row["feature"], "v": row["value"]}
            )
    before = list(pool.quotas.values("feature", "value", "minimum", "maximum"))
    pool.quotas.all().delete()
    quotas = Quota.objects.bulk_create(
        [
            Quota(
                pool=pool,
                feature=r["feature"],
                value=r["value"],
                minimum=int(r["minimum"]),
                maximum=int(r["maximum"]),
            )
            for r in rows
        ]
    )
    audit.record("people.quotas", actor=actor, obj=pool, data={"before": before, "after": rows})
    return quotas


@transaction.atomic
def request_selection(
    *, actor, pool: Pool, algorithm: str, seed: int | None = None
) -> SelectionRun:
    """Queue a selection run with an announced seed (a new one when none is given)."""
    from .tasks import run_selection_task

    _ensure(actor, "people.run_selection", pool)
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    run = SelectionRun.objects.create(pool=pool, algorithm=algorithm, seed=seed, requested_by=actor)
    audit.record(
        "people.selection.request",
        actor=actor,
        obj=run,
        data={"algorithm": algorithm, "seed": seed},
    )
    transaction.on_commit(lambda: run_selection_task.enqueue(run.pk))
    return run


def run_selection(run_id: int, *, task_id: str = "") -> SelectionRun:
    """The task's body: compute, store the result and the members, audit. Safe to rerun."""
    run = SelectionRun.objects.select_related("pool", "requested_by").get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run
    SelectionRun.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, percent=1, task_id=task_id, error=""
    )

    def progress(text: str, percent: int) -> None:
        SelectionRun.objects.filter(pk=run_id).update(stage=text[:300], percent=percent)

    try:
        outcome = compute(run.pool, run.algorithm, run.seed, progress)
    except Exception as error:
        SelectionRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    with transaction.atomic():
        by_reference = {
            r.reference: r for r in run.pool.respondents.filter(reference__in=outcome.panel)
        }
        PanelMember.objects.filter(run=run).delete()
        PanelMember.objects.bulk_create(
            [PanelMember(run=run, respondent=by_reference[ref]) for ref in outcome.panel]
        )
        SelectionRun.objects.filter(pk=run_id).update(
            status=RunStatus.DONE,
            percent=100,
            stage="",
            panel=outcome.panel,
            probabilities=outcome.probabilities,
            min_probability=outcome.min_probability,
            gini=outcome.gini,
            legacy_min_probability=outcome.legacy_min_probability,
            legacy_gini=outcome.legacy_gini,
            quotas=outcome.quotas,
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        audit.record(
            "people.selection.done",
            actor=run.requested_by,
            obj=run,
            data={
                "seed": run.seed,
                "algorithm": run.algorithm,
                "panel": outcome.panel,
                "min_probability": outcome.min_probability,
                "gini": outcome.gini,
            },
        )
    return run


@transaction.atomic
def publish_selection(*, actor, run: SelectionRun) -> SelectionRun:
    """Publish the anonymised probabilities and fairness figures of a finished run."""
    _ensure(actor, "people.publish_selection", run.pool)
    if run.status != RunStatus.DONE:
        raise ValidationError(_("Only a finished selection can be published."))
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    audit.record(
        "people.selection.publish",
        actor=actor,
        obj=run,
        data={"min_probability": run.min_probability},
    )
    return run


@transaction.atomic
def replace_member(
    *,
    actor,
    member: PanelMember,
    seed: int | None = None,
    reason: str = MemberStatus.DROPPED,
) -> PanelMember:
    """A member dropped out or came to the end of their term: draw a replacement from the same
    lottery, keeping every quota.  Nobody who has already served is drawn again; a sitting
    panel gives the replacement a full term from today."""
    from commonground.sortition import find_distribution
    from commonground.sortition.lottery import draw_panel, replacement_instance

    from .selection import eligible, instance_for

    run = member.run
    _ensure(actor, "people.run_selection", run.pool)
    if reason not in (MemberStatus.DROPPED, MemberStatus.ROTATED):
        raise ValidationError(_("Choose why the member is leaving."))
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Only a serving member can be replaced."))
    served = run.members.exclude(status=MemberStatus.ACTIVE).values("respondent_id")
    candidates = eligible(run.pool).exclude(pk__in=served).exclude(pk=member.respondent_id)
    instance, people = instance_for(run.pool, size=run.pool.panel_size, respondents=candidates)
    index = {p.reference: i for i, p in enumerate(people)}
    active = (
        run.members.filter(status=MemberStatus.ACTIVE)
        .exclude(pk=member.pk)
        .select_related("respondent")
    )
    kept = [index[m.respondent.reference] for m in active if m.respondent.reference in index]
    sub, back = replacement_instance(instance, kept, 1)
    if sub.n_people == 0:
        raise ValidationError(_("Nobody is left in the pool to draw a replacement from."))
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    try:
        chosen = draw_panel(
            find_distribution(sub, run.algorithm if run.algorithm != "legacy" else "maximin"),
            seed,
        )
    except Exception as error:  # the engine says the quotas cannot be kept with who is left
        raise ValidationError(
            _("No one left in the pool keeps every quota: %(why)s") % {"why": error}
        ) from error
    respondent = people[back[chosen[0]]]
    today = timezone.localdate()
    member.status = reason
    member.left_on = today
    member.save(update_fields=["status", "left_on"])
    panel = Panel.objects.filter(run=run).first()
    new = PanelMember.objects.create(
        run=run,
        respondent=respondent,
        replaces=member,
        term_start=today if panel else None,
        term_end=add_months(today, panel.term_months) if panel else None,
    )
    audit.record(
        "people.member.replace",
        actor=actor,
        obj=run,
        data={
            "dropped": member.respondent.reference,
            "replacement": respondent.reference,
            "reason": reason,
            "seed": seed,
        },
    )
    return new


# The panel at work ------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved on by whole months, kept to the last day of a shorter month."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


@transaction.atomic
def establish_panel(
    *,
    actor,
    run: SelectionRun,
    started_on: date,
    term_months: int = 12,
    rotation_groups: int = 2,
) -> Panel:
    """The panel begins to sit: its members are the published selection's, with staggered terms.

    Members are put in rotation groups by a shuffle seeded with the selection's own announced
    seed, so the split is as repeatable as the draw; group ``g`` (from 0) ends
    ``term_months * (1 + g / rotation_groups)`` months after the first meeting."""
    _ensure(actor, "people.manage_panel", run.pool)
    if run.status != RunStatus.DONE or run.published_at is None:
        raise ValidationError(_("A panel is set up from a published selection."))
    if Panel.objects.filter(pool=run.pool).exists():
        raise ValidationError(_("This pool already has a sitting panel."))
    if not 1 <= term_months <= 60:
        raise ValidationError(_("Term length: enter from 1 to 60 months."))
    if not 1 <= rotation_groups <= 6:
        raise ValidationError(_("Rotation groups: enter from 1 to 6."))
    panel = Panel.objects.create(
        pool=run.pool,
        run=run,
        started_on=started_on,
        term_months=term_months,
        rotation_groups=rotation_groups,
    )
    members = list(run.members.filter(status=MemberStatus.ACTIVE).order_by("pk"))
    random.Random(run.seed).shuffle(members)
    for position, member in enumerate(members):
        group = position % rotation_groups
        member.term_start = started_on
        member.term_end = add_months(
            started_on, term_months + (term_months * group) // rotation_groups
        )
    PanelMember.objects.bulk_update(members, ["term_start", "term_end"])
    audit.record(
        "people.panel.establish",
        actor=actor,
        obj=panel,
        data={
            "run": run.pk,
            "members": len(members),
            "started_on": started_on.isoformat(),
            "term_months": term_months,
            "rotation_groups": rotation_groups,
        },
    )
    return panel


def due_for_rotation(panel: Panel, within_days: int = 60):
    """Serving members whose term ends within ``within_days`` (or has ended), soonest first."""
    horizon = timezone.localdate() + timedelta(days=within_days)
    return (
        panel.run.members.filter(status=MemberStatus.ACTIVE, term_end__lte=horizon)
        .select_related("respondent")
        .order_by("term_end", "pk")
    )


@transaction.atomic
def update_member(
    *, actor, member: PanelMember, accessibility_needs: str, term_end: date | None
) -> PanelMember:
    """A member's accessibility needs and term end.  The audit says what changed, never the
    needs themselves (they are health information)."""
    _ensure(actor, "people.manage_panel", member.run.pool)
    if term_end and member.term_start and term_end < member.term_start:
        raise ValidationError(_("Term ends: the date must be after the term starts."))
    changed = []
    if member.accessibility_needs != accessibility_needs:
        changed.append("accessibility_needs")
    if member.term_end != term_end:
        changed.append("term_end")
    member.accessibility_needs = accessibility_needs
    member.term_end = term_end
    member.save(update_fields=["accessibility_needs", "term_end"])
    audit.record(
        "people.member.update",
        actor=actor,
        obj=member,
        data={
            "changed": changed,
            "term_end": term_end.isoformat() if term_end else None,
        },
    )
    return member


@transaction.atomic
def schedule_meeting(
    *,
    actor,
    panel: Panel,
    title: str,
    starts_at: datetime,
    mode: str,
    venue: str = "",
    online_link: str = "",
    agenda: str,
) -> Meeting:
    """A meeting of the panel: when, where (a venue, a link or both) and the agenda."""
    _ensure(actor, "people.manage_panel", panel.pool)
    if mode in (MeetingMode.IN_PERSON, MeetingMode.HYBRID) and not venue.strip():
        raise ValidationError(_("Venue: say where the meeting is."))
    if mode in (MeetingMode.ONLINE, MeetingMode.HYBRID) and not online_link.strip():
        raise ValidationError(_("Online meeting link: give the link members join by."))
    meeting = Meeting.objects.create(
        panel=panel,
        title=title,
        starts_at=starts_at,
        mode=mode,
        venue=venue if mode != MeetingMode.ONLINE else "",
        online_link=online_link if mode != MeetingMode.IN_PERSON else "",
        agenda=agenda,
        created_by=actor,
    )
    audit.record(
        "people.meeting.schedule",
        actor=actor,
        obj=meeting,
        data={"starts_at": starts_at.isoformat(), "mode": mode},
    )
    return meeting


@transaction.atomic
def record_attendance(*, actor, meeting: Meeting, presence: dict[int, str]) -> int:
    """Attendance for a meeting that has begun: member id → presence, for the members serving
    on its date.  Replaces what was recorded before; returns how many were recorded."""
    _ensure(actor, "people.manage_panel", meeting.panel.pool)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    serving = {m.pk: m for m in serving_at(meeting)}
    unknown = [pk for pk in presence if pk not in serving]
    if unknown:
        raise ValidationError(_("A member given was not serving on the meeting's date."))
    allowed = set(Presence.values)
    if any(value not in allowed for value in presence.values()):
        raise ValidationError(_("Choose present, online, apologies or absent for each member."))
    before = dict(meeting.attendance.values_list("member_id", "presence"))
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member_id=pk, presence=p) for pk, p in presence.items()]
    )
    meeting.attendance_recorded_at = timezone.now()
    meeting.save(update_fields=["attendance_recorded_at"])
    audit.record(
        "people.meeting.attendance",
        actor=actor,
        obj=meeting,
        data={
            "before": {str(k): v for k, v in before.items()},
            "after": {str(k): v for k, v in presence.items()},
        },
    )
    return len(presence)


def serving_at(meeting: Meeting):
    """The members serving on a meeting's date (term begun by then, not yet left)."""
    day = timezone.localdate(meeting.starts_at)
    return (
        meeting.panel.run.members.filter(
            models.Q(term_start__lte=day)
            | models.Q(term_start__isnull=True, joined_at__date__lte=day)
        )
        .exclude(left_on__lt=day)
        .filter(models.Q(status=MemberStatus.ACTIVE) | models.Q(left_on__isnull=False))
        .select_related("respondent", "respondent__contact")
        .order_by("pk")
    )


MAX_CLAIM = Decimal("500.00")


@transaction.atomic
def submit_claim(
    *,
    actor,
    member: PanelMember,
    amount: Decimal,
    what_for: str,
    meeting: Meeting | None = None,
) -> ExpenseClaim:
    """An officer records a member's claim (members have no account: they hand in receipts)."""
    _ensure(actor, "people.manage_expenses", member.run.pool)
    if not Decimal("0.01") <= amount <= MAX_CLAIM:
        raise ValidationError(_("Amount: enter from £0.01 to £500."))
    if not what_for.strip():
        raise ValidationError(_("What for: say what the money was spent on."))
    if meeting is not None and meeting.panel.run_id != member.run_id:
        raise ValidationError(_("Meeting: choose one of this panel's meetings."))
    claim = ExpenseClaim.objects.create(
        member=member, meeting=meeting, amount=amount, what_for=what_for, submitted_by=actor
    )
    audit.record(
        "people.expense.submit",
        actor=actor,
        obj=claim,
        data={"amount": str(amount), "member": member.respondent.reference},
    )
    return claim


CLAIM_STEPS = {
    ClaimStatus.APPROVED: (ClaimStatus.SUBMITTED,),
    ClaimStatus.REJECTED: (ClaimStatus.SUBMITTED,),
    ClaimStatus.PAID: (ClaimStatus.APPROVED,),
}


@transaction.atomic
def decide_claim(*, actor, claim: ExpenseClaim, status: str, reason: str = "") -> ExpenseClaim:
    """Approve or refuse a submitted claim, or mark an approved one paid."""
    _ensure(actor, "people.manage_expenses", claim.member.run.pool)
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if status not in CLAIM_STEPS:
        raise ValidationError(_("Choose approve, refuse or paid."))
    if claim.status not in CLAIM_STEPS[status]:
        raise ValidationError(
            _("This claim is %(status)s: it cannot become %(new)s.")
            % {"status": claim.get_status_display(), "new": ClaimStatus(status).label}
        )
    before = claim.status
    claim.status = status
    if status == ClaimStatus.PAID:
        claim.paid_at = timezone.now()
    else:
        claim.decided_by, claim.decided_at = actor, timezone.now()
    claim.save()
    audit.record(
        "people.expense.decide",
        actor=actor,
        obj=claim,
        reason=reason,
        data={"before": before, "after": status, "amount": str(claim.amount)},
    )
    return claim


@transaction.atomic
def ask_question(
    *,
    actor,
    panel: Panel,
    title: str,
    detail: str = "",
    answer_by: date | None = None,
    consultation_slug: str = "",
) -> PanelQuestion:
    """The Board (or an officer for it) puts a question to the panel."""
    _ensure(actor, "people.ask_question", panel.pool)
    if not title.strip():
        raise ValidationError(_("Question: write the question for the panel."))
    question = PanelQuestion.objects.create(
        panel=panel,
        title=title,
        detail=detail,
        answer_by=answer_by,
        consultation_slug=consultation_slug,
        asked_by=actor,
    )
    audit.record("people.question.ask", actor=actor, obj=question, data={"title": title})
    return question


@transaction.atomic
def withdraw_question(*, actor, question: PanelQuestion, reason: str) -> PanelQuestion:
    """The Board takes back a question the panel has not yet answered."""
    _ensure(actor, "people.ask_question", question.panel.pool)
    if question.status != QuestionStatus.OPEN:
        raise ValidationError(_("Only a question still with the panel can be withdrawn."))
    if not reason.strip():
        raise ValidationError(_("Reason: say why the question is withdrawn."))
    question.status = QuestionStatus.WITHDRAWN
    question.save(update_fields=["status"])
    audit.record("people.question.withdraw", actor=actor, obj=question, reason=reason)
    return question


@transaction.atomic
def record_recommendation(
    *,
    actor,
    question: PanelQuestion,
    text: str,
    support: int | None = None,
    meeting: Meeting | None = None,
) -> Recommendation:
    """The facilitating officer writes down a recommendation the panel agreed."""
    _ensure(actor, "people.record_recommendation", question.panel.pool)
    if question.status == QuestionStatus.WITHDRAWN:
        raise ValidationError(_("This question was withdrawn."))
    if not text.strip():
        raise ValidationError(_("Recommendation: write what the panel recommends."))
    if support is not None and not 0 <= support <= 100:
        raise ValidationError(_("Members in support: enter a percentage from 0 to 100."))
    recommendation = Recommendation.objects.create(
        question=question, text=text, support=support, meeting=meeting, recorded_by=actor
    )
    question.status = QuestionStatus.ANSWERED
    question.save(update_fields=["status"])
    audit.record(
        "people.recommendation.record",
        actor=actor,
        obj=recommendation,
        data={"question": question.pk, "support": support},
    )
    return recommendation


@transaction.atomic
def respond_to_recommendation(
    *, actor, recommendation: Recommendation, decision: str, reasons: str
) -> BoardResponse:
    """The Board's response, published at once on the panel's public page.  Once every
    recommendation on a question has a response, the question is marked responded."""
    question = recommendation.question
    _ensure(actor, "people.respond_to_recommendation", question.panel.pool)
    if decision not in Decision.values:
        raise ValidationError(_("Decision: choose accepted, partly accepted or not accepted."))
    if not reasons.strip():
        raise ValidationError(_("Reasons: say why, in words the panel will understand."))
    if BoardResponse.objects.filter(recommendation=recommendation).exists():
        raise ValidationError(_("The Board has already responded to this recommendation."))
    response = BoardResponse.objects.create(
        recommendation=recommendation, decision=decision, reasons=reasons, published_by=actor
    )
    if not question.recommendations.filter(response__isnull=True).exists():
        question.status = QuestionStatus.RESPONDED
        question.save(update_fields=["status"])
    audit.record(
        "people.response.publish",
        actor=actor,
        obj=response,
        data={"recommendation": recommendation.pk, "decision": decision},
    )
    return response


COMMAND_LINE = "command line"


@transaction.atomic
def erase_expired(*, actor=None, today: date | None = None) -> int:
    """Erase what respondents told us once their deletion date has passed.

    Contact details are deleted; characteristics, household key and the import's id are
    blanked and the respondent leaves every future draw.  The reference stays, so published
    selections (which hold references and probabilities only) still add up.  A serving panel
    member keeps their details until their term ends: the panel cannot meet without them.
    Idempotent; returns how many respondents were erased.  Run daily.
    """
    if actor is not None:
        _ensure(actor, "people.manage_pool")
    today = today or timezone.localdate()
    serving = PanelMember.objects.filter(status=MemberStatus.ACTIVE).values("respondent_id")
    due = Respondent.objects.filter(delete_after__lte=today, erased_on=None).exclude(pk__in=serving)
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return 0
    ContactDetails.objects.filter(respondent_id__in=ids).delete()
    Respondent.objects.filter(pk__in=ids).update(
        characteristics={}, household_key="", external_id="", withdrawn=True, erased_on=today
    )
    audit.record(
        "people.erase_expired",
        actor=actor,
        actor_label="" if actor is not None else COMMAND_LINE,
        data={"respondents": len(ids), "on": today.isoformat()},
    )
    return len(ids)

"""Every change to pools, quotas, selections and panels: one audited function each.

Each takes ``actor`` (None for the public registration form) and writes an audit event in the
same transaction.  Audit events never hold characteristics or contact details, only references.
"""

from __future__ import annotations

import csv
import io
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core import audit

from . import characteristics as chars
from .models import (
    ContactDetails,
    Invitation,
    InvitationBatch,
    MemberStatus,
    PanelMember,
    Pool,
    Quota,
    Respondent,
    RunStatus,
    SelectionRun,
    Source,
)
from .selection import compute, household_key


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
        invitation.save(update_fields=["used_at"])
    clean = {f: v for f, v in characteristics.items() if f in chars.LABELS and v in chars.values(f)}
    respondent = Respondent.objects.create(
        pool=pool,
        characteristics=clean,
        household_key=household_key(contact.get("address", ""), contact.get("postcode", "")),
        source=Source.INVITATION if invitation else Source.FORM,
        invitation=invitation,
        consent=True,
        consented_at=timezone.now(),
    )
    ContactDetails.objects.create(respondent=respondent, language=language, **contact)
    audit.record(
        "people.register", obj=respondent, actor_label="public form", data={"pool": pool.slug}
    )
    return respondent


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
) -> Pool:
    """A new recruitment for a panel, balanced on the chosen characteristics."""
    _ensure(actor, "people.manage_pool")
    unknown = [f for f in characteristics if f not in chars.LABELS]
    if unknown:
        raise ValidationError(_("Unknown characteristic: %(f)s") % {"f": unknown[0]})
    if panel_size < 1:
        raise ValidationError(_("A panel has at least one member."))
    pool = Pool.objects.create(
        title=title,
        slug=slug,
        panel_size=panel_size,
        characteristics=list(characteristics),
        one_per_household=one_per_household,
        open_for_registration=open_for_registration,
    )
    audit.record(
        "people.pool.create",
        actor=actor,
        obj=pool,
        data={"panel_size": panel_size, "characteristics": list(characteristics)},
    )
    return pool


@transaction.atomic
def create_invitations(*, actor, pool: Pool, size: int) -> InvitationBatch:
    """A batch of letters with codes, to print and post to randomly drawn addresses."""
    _ensure(actor, "people.manage_pool", pool)
    if not 1 <= size <= 20_000:
        raise ValidationError(_("A batch has from 1 to 20,000 letters."))
    batch = InvitationBatch.objects.create(pool=pool, size=size, created_by=actor)
    codes: set[str] = set()
    while len(codes) < size:
        codes.add("".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8)))
    Invitation.objects.bulk_create([Invitation(batch=batch, code=c) for c in codes])
    audit.record(
        "people.invitations", actor=actor, obj=pool, data={"batch": batch.pk, "size": size}
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
def replace_member(*, actor, member: PanelMember, seed: int | None = None) -> PanelMember:
    """A member dropped out: draw a replacement from the same lottery, keeping every quota."""
    from commonground.sortition import find_distribution
    from commonground.sortition.lottery import draw_panel, replacement_instance

    from .selection import instance_for

    run = member.run
    _ensure(actor, "people.run_selection", run.pool)
    instance, people = instance_for(run.pool, size=run.pool.panel_size)
    index = {p.reference: i for i, p in enumerate(people)}
    active = (
        run.members.filter(status=MemberStatus.ACTIVE)
        .exclude(pk=member.pk)
        .select_related("respondent")
    )
    kept = [index[m.respondent.reference] for m in active if m.respondent.reference in index]
    sub, back = replacement_instance(instance, kept, 1)
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    chosen = draw_panel(
        find_distribution(sub, run.algorithm if run.algorithm != "legacy" else "maximin"), seed
    )
    respondent = people[back[chosen[0]]]
    member.status = MemberStatus.DROPPED
    member.save(update_fields=["status"])
    new = PanelMember.objects.create(run=run, respondent=respondent, replaces=member)
    audit.record(
        "people.member.replace",
        actor=actor,
        obj=run,
        data={
            "dropped": member.respondent.reference,
            "replacement": respondent.reference,
            "seed": seed,
        },
    )
    return new

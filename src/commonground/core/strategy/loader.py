"""Write a checked strategy file to the database: all of it, or nothing.

The one way a strategy enters the platform (Zulip's "one action per change"): it runs in
a single transaction and records a `strategy.loaded` audit event inside it, so a failure
at any point leaves the database exactly as it was, and every load that succeeded is on
the audit trail.

Reloading updates rows in place, matched on their natural keys (slugs, figure keys,
numbers), and removes rows the file no longer has. Primary keys therefore survive a
reload, and so do links to pillars, priorities and figures from other apps; reloading the
same file changes nothing but the load time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from commonground.core import audit
from commonground.core.models import (
    Area,
    BaselineFigure,
    CaseStudy,
    Challenge,
    CommunityOfInterest,
    FocusCommunity,
    FocusTheme,
    Foreword,
    GuidingPrinciple,
    Objective,
    Pillar,
    Priority,
    Strategy,
    StrategyQuote,
    StrategySection,
    Strength,
)
from commonground.core.strategy.reader import StrategyData, read_strategy


class StrategyLoadError(Exception):
    """The database refused the strategy (e.g. a pillar still used elsewhere); nothing saved."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadResult:
    """What a load did: the strategy, what it holds, and how many rows changed."""

    strategy: Strategy
    created: bool
    counts: dict[str, int]
    changes: Counter = field(default_factory=Counter)
    made_current: bool = False
    dry_run: bool = False

    def summary(self) -> str:
        """One line for the command's output and the audit trail."""
        c = self.counts
        verb = "Checked (dry run, nothing saved)" if self.dry_run else "Loaded"
        parts = [
            f"{c['pillars']} pillars",
            f"{c['objectives']} objectives",
            f"{c['priorities']} priorities",
            f"{c['challenges']} challenges",
            f"{c['focus_communities']} focus communities ({c['focus_themes']} themes)",
            f"{c['principles']} principles",
            f"{c['baseline_figures']} baseline figures",
            f"{c['quotes']} quotes",
            f"{c['strengths']} strengths",
            f"{c['case_studies']} case studies",
            f"{c['forewords']} forewords",
            f"{c['sections']} sections",
        ]
        rows = (
            f"{self.changes['created']} rows created, {self.changes['updated']} updated, "
            f"{self.changes['deleted']} removed"
        )
        current = ""
        if self.made_current:
            current = "; would be current" if self.dry_run else "; now current"
        s = self.strategy
        what = ", ".join(parts)
        return f"{verb} {s.slug} ({s.title}, {s.period_label}): {what}; {rows}{current}."


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run."""


class _Sync:
    """Makes a set of rows match the file: update by natural key, create, then delete.

    Deletions wait until everything is created and updated (children before parents), so
    a row moved under a new parent is moved, not deleted by a cascade first.
    """

    def __init__(self) -> None:
        self.changes: Counter = Counter()
        self._leftovers: list[list[models.Model]] = []

    def rows[M: models.Model](
        self,
        model: type[M],
        existing: Iterable[M],
        key: Callable[[M], Hashable],
        wanted: Iterable[tuple[Hashable, dict[str, Any]]],
    ) -> dict[Hashable, M]:
        by_key = {key(obj): obj for obj in existing}
        result: dict[Hashable, M] = {}
        for natural_key, values in wanted:
            obj = by_key.pop(natural_key, None)
            if obj is None:
                obj = model.objects.create(**values)
                self.changes["created"] += 1
            else:
                changed = [name for name, value in values.items() if getattr(obj, name) != value]
                if changed:
                    for name in changed:
                        setattr(obj, name, values[name])
                    obj.save(update_fields=changed)
                    self.changes["updated"] += 1
                else:
                    self.changes["unchanged"] += 1
            result[natural_key] = obj
        self._leftovers.append(list(by_key.values()))
        return result

    def delete_leftovers(self) -> None:
        for objs in reversed(self._leftovers):
            for obj in objs:
                obj.delete()
                self.changes["deleted"] += 1


def load_strategy(
    data: StrategyData, *, make_current: bool = True, dry_run: bool = False
) -> LoadResult:
    """Create or replace the strategy `data.slug` in one transaction; return what changed.

    `make_current`: mark it the current strategy and un-current the other strategies of
    the same place. `dry_run`: do everything, then roll back (so database-level problems
    are found too). Raises StrategyLoadError when the database refuses; nothing is saved.
    """
    result: LoadResult | None = None
    try:
        with transaction.atomic():
            result = _load(data, make_current=make_current)
            result.dry_run = dry_run
            audit.record(
                "strategy.loaded",
                actor=None,
                obj=result.strategy,
                data={
                    "file": data.file_name,
                    "sha256": data.sha256,
                    "created": result.created,
                    "made_current": result.made_current,
                    "counts": result.counts,
                    "changes": dict(result.changes),
                },
            )
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except (models.ProtectedError, models.RestrictedError) as exc:
        users = getattr(exc, "protected_objects", None) or exc.restricted_objects
        used_by = sorted({f"{o._meta.verbose_name} “{o}”" for o in users})
        raise StrategyLoadError(
            [f"cannot remove rows the file no longer has: still used by {', '.join(used_by)}"]
        ) from exc
    except IntegrityError as exc:
        raise StrategyLoadError([f"the database refused the strategy: {exc}"]) from exc
    assert result is not None
    return result


def load_strategy_file(path: str | Path, **options: bool) -> LoadResult:
    """Read, check and load the file at `path` (raises StrategyFileError or StrategyLoadError)."""
    return load_strategy(read_strategy(path), **options)


def _load(data: StrategyData, *, make_current: bool) -> LoadResult:
    sync = _Sync()
    codes = {data.district_code} | {f.area_code for f in data.figures}
    areas = Area.objects.in_bulk([c for c in codes if c], field_name="code")

    strategy = Strategy.objects.select_for_update().filter(slug=data.slug).first()
    created = strategy is None
    values = {
        "title": data.title,
        "subtitle": data.subtitle,
        "translations": data.translations,
        "place_name": data.place_name,
        "district_id": areas[data.district_code].pk if data.district_code in areas else None,
        "district_code": data.district_code,
        "period_start": data.period_start,
        "period_end": data.period_end,
        "summary": data.summary,
        "ambition": data.ambition,
        "vision": data.vision,
        "note": data.note,
        "principles_intro": data.principles_intro,
        "strengths_intro": data.strengths_intro,
        "partnership_name": data.partnership_name,
        "partnership": data.partnership,
        "governance_bodies": [
            {"name": b.name, "description": b.description} for b in data.governance_bodies
        ],
        "contact_email": data.contact_email,
        "source_title": data.source_title,
        "source_url": data.source_url,
        "source_file": data.file_name,
        "source_sha256": data.sha256,
        "loaded_at": timezone.now(),
    }
    if make_current:
        # Un-current the others first: at most one current strategy per place (a constraint).
        Strategy.objects.filter(place_name=data.place_name, is_current=True).exclude(
            slug=data.slug
        ).update(is_current=False)
        values["is_current"] = True
    if created:
        strategy = Strategy.objects.create(slug=data.slug, **values)
        sync.changes["created"] += 1
    else:
        changed = [n for n, v in values.items() if getattr(strategy, n) != v and n != "loaded_at"]
        for name, value in values.items():
            setattr(strategy, name, value)
        strategy.save()
        sync.changes["updated" if changed else "unchanged"] += 1

    sid = {"strategy_id": strategy.pk}
    sync.rows(
        Foreword,
        strategy.forewords.all(),
        lambda o: o.number,
        (
            (n, {**sid, "number": n, "author": f.author, "role": f.role, "text": f.text})
            for n, f in enumerate(data.forewords, 1)
        ),
    )
    sync.rows(
        GuidingPrinciple,
        strategy.principles.all(),
        lambda o: o.number,
        (
            (n, {**sid, "number": n, "name": p.name, "description": p.description, "note": p.note})
            for n, p in enumerate(data.principles, 1)
        ),
    )
    sync.rows(
        Strength,
        strategy.strengths.all(),
        lambda o: o.number,
        (
            (n, {**sid, "number": n, "name": s.name, "description": s.description})
            for n, s in enumerate(data.strengths, 1)
        ),
    )
    sync.rows(
        CaseStudy,
        strategy.case_studies.all(),
        lambda o: o.number,
        (
            (n, {**sid, "number": n, "title": c.title, "text": c.text, "note": c.note})
            for n, c in enumerate(data.case_studies, 1)
        ),
    )
    sync.rows(
        StrategySection,
        strategy.sections.all(),
        lambda o: o.slug,
        (
            (
                s.slug,
                {
                    **sid,
                    "number": n,
                    "slug": s.slug,
                    "title": s.title,
                    "body": s.body,
                    "items": [
                        {"label": i.label, "title": i.title, "text": i.text} for i in s.items
                    ],
                    "source": s.source,
                    "note": s.note,
                },
            )
            for n, s in enumerate(data.sections, 1)
        ),
    )

    pillars = sync.rows(
        Pillar,
        strategy.pillars.all(),
        lambda o: o.slug,
        (
            (
                p.slug,
                {
                    **sid,
                    "slug": p.slug,
                    "number": n,
                    "name": p.name,
                    "summary": p.summary,
                    "description": p.description,
                    "outcome_statement": p.outcome_statement,
                    "translations": {
                        language: {k: v for k, v in texts.items() if k != "objectives"}
                        for language, texts in p.translations.items()
                    },
                },
            )
            for n, p in enumerate(data.pillars, 1)
        ),
    )
    sync.rows(
        Objective,
        Objective.objects.filter(pillar__strategy=strategy).select_related("pillar"),
        lambda o: (o.pillar.slug, o.number),
        (
            (
                (p.slug, n),
                {
                    "pillar_id": pillars[p.slug].pk,
                    "number": n,
                    "text": text,
                    "translations": p.objective_translations(n),
                },
            )
            for p in data.pillars
            for n, text in enumerate(p.objectives, 1)
        ),
    )
    priorities = sync.rows(
        Priority,
        Priority.objects.filter(pillar__strategy=strategy),
        lambda o: o.slug,
        (
            (
                pr.slug,
                {
                    "pillar_id": pillars[p.slug].pk,
                    "number": n,
                    "slug": pr.slug,
                    "name": pr.name,
                    "summary": pr.summary,
                    "translations": pr.translations,
                    "description": pr.full_what_we_will_do,
                    "related_programmes": [
                        {"name": r.name, "description": r.description}
                        for r in pr.related_programmes
                    ],
                },
            )
            for p in data.pillars
            for n, pr in enumerate(p.priorities, 1)
        ),
    )
    challenges = sync.rows(
        Challenge,
        Challenge.objects.filter(priority__pillar__strategy=strategy),
        lambda o: o.slug,
        (
            (
                c.slug,
                {
                    "priority_id": priorities[pr.slug].pk,
                    "number": n,
                    "slug": c.slug,
                    "name": c.name,
                    "heading": c.heading,
                    "description": c.description,
                    "what_we_will_do": c.what_we_will_do,
                    "note": c.note,
                    "translations": c.translations,
                },
            )
            for p in data.pillars
            for pr in p.priorities
            for n, c in enumerate(pr.challenges, 1)
        ),
    )

    communities = {}
    for fc in data.focus_communities:
        community, made = CommunityOfInterest.objects.get_or_create(
            slug=fc.slug, defaults={"name": fc.name, "kind": fc.kind}
        )
        sync.changes["created"] += made
        communities[fc.slug] = community
    focus = sync.rows(
        FocusCommunity,
        strategy.focus_communities.all(),
        lambda o: o.community_id,
        (
            (
                communities[fc.slug].pk,
                {
                    **sid,
                    "community_id": communities[fc.slug].pk,
                    "number": n,
                    "description": fc.description,
                    "note": fc.note,
                },
            )
            for n, fc in enumerate(data.focus_communities, 1)
        ),
    )
    sync.rows(
        FocusTheme,
        FocusTheme.objects.filter(focus_community__strategy=strategy).select_related(
            "focus_community"
        ),
        lambda o: (o.focus_community.community_id, o.number),
        (
            (
                (communities[fc.slug].pk, n),
                {
                    "focus_community_id": focus[communities[fc.slug].pk].pk,
                    "number": n,
                    "text": text,
                },
            )
            for fc in data.focus_communities
            for n, text in enumerate(fc.themes, 1)
        ),
    )

    def pillar_id(slug: str) -> int | None:
        return pillars[slug].pk if slug else None

    def challenge_id(slug: str) -> int | None:
        return challenges[slug].pk if slug else None

    sync.rows(
        StrategyQuote,
        strategy.quotes.all(),
        lambda o: o.number,
        (
            (
                n,
                {
                    **sid,
                    "number": n,
                    "heading": q.heading,
                    "text": q.text,
                    "source": q.source,
                    "pillar_id": pillar_id(q.pillar),
                    "challenge_id": challenge_id(q.challenge),
                    "note": q.note,
                },
            )
            for n, q in enumerate(data.quotes, 1)
        ),
    )
    sync.rows(
        BaselineFigure,
        strategy.baseline_figures.all(),
        lambda o: o.key,
        (
            (
                f.key,
                {
                    **sid,
                    "number": n,
                    "key": f.key,
                    "label": f.label,
                    "value": f.value,
                    "qualifier": f.qualifier,
                    "display_text": f.display,
                    "unit": f.unit,
                    "area_label": f.area_label,
                    "area_code": f.area_code,
                    "area_id": areas[f.area_code].pk if f.area_code in areas else None,
                    "period_label": f.period_label,
                    "as_of": f.as_of,
                    "as_of_precision": f.as_of_precision,
                    "source": f.source,
                    "quote": f.quote,
                    "note": f.note,
                    "breakdown": f.breakdown,
                    "group": f.group,
                    "pillar_id": pillar_id(f.pillar),
                    "challenge_id": challenge_id(f.challenge),
                    "headline": f.headline,
                },
            )
            for n, f in enumerate(data.figures, 1)
        ),
    )
    sync.delete_leftovers()

    counts = {
        "pillars": len(data.pillars),
        "objectives": sum(len(p.objectives) for p in data.pillars),
        "priorities": sum(len(p.priorities) for p in data.pillars),
        "challenges": sum(1 for _ in data.challenges),
        "focus_communities": len(data.focus_communities),
        "focus_themes": sum(len(c.themes) for c in data.focus_communities),
        "principles": len(data.principles),
        "baseline_figures": len(data.figures),
        "quotes": len(data.quotes),
        "strengths": len(data.strengths),
        "case_studies": len(data.case_studies),
        "forewords": len(data.forewords),
        "sections": len(data.sections),
    }
    return LoadResult(
        strategy=strategy,
        created=created,
        counts=counts,
        changes=sync.changes,
        made_current=make_current,
    )

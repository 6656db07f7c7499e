"""Django glue between a consultation's evidence and the pure analysis packages.

The statistics (``commonground.consultstats``) and the text analysis
(``commonground.textanalysis``) never touch the database; this module reads what they need,
calls them, and stores what they return as snapshots (:class:`AnalysisRun`) so the analysis
pages read one row instead of recomputing. :func:`run` is what the background task calls.

Snapshots are JSON with the time they were computed and the counts they were computed from,
so a page can say "computed 5 minutes ago from 20,000 responses and 41 sessions" and an
officer can see when it is stale.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from commonground.consultstats import categories
from commonground.consultstats import priorities as prio

from . import survey_data
from .models import (
    Activity,
    AnalysisKind,
    AnalysisRun,
    Coding,
    CodingStatus,
    Comment,
    CommentEmbedding,
    Consultation,
    ProposalDecision,
    RunStatus,
    Theme,
    ThemeProposal,
)

Progress = Callable[[float, str], None]
QUOTES_PER_THEME = 3


# ================================================================ runs and progress


class _Reporter:
    """Writes a run's progress to its row at most twice a second (a page polls it)."""

    def __init__(self, run: AnalysisRun) -> None:
        self.run = run
        self.last = 0.0

    def __call__(self, fraction: float, stage: str = "") -> None:
        now = time.monotonic()
        percent = max(0, min(99, int(fraction * 100)))
        if now - self.last < 0.5 and percent < 99:
            return
        self.last = now
        AnalysisRun.objects.filter(pk=self.run.pk).update(
            percent=percent, stage=stage[:200] or self.run.stage
        )

    def part(self, start: float, end: float, stage: str) -> Callable[[int, int], None]:
        """A `progress(done, total)` callback for a step that fills [start, end] of the bar."""

        def callback(done: int, total: int) -> None:
            self(start + (end - start) * (done / total if total else 1.0), stage)

        return callback


def jsonable(value: Any) -> Any:
    """Plain JSON types all the way down (the statistics hand back NumPy bools and floats)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def run(run_id: int, *, task_id: str = "") -> AnalysisRun:
    """Compute one queued analysis and store its snapshot (or the error, then re-raise).

    Safe to run again (a worker that died mid-run has its task retried): a run already done
    is returned as it is, and a rerun replaces whatever a crashed try left behind. `task_id`
    is the background task running it, so `running` can tell a live run from a dead one.
    """
    analysis = AnalysisRun.objects.select_related("consultation").get(pk=run_id)
    if analysis.status == RunStatus.DONE:
        return analysis
    AnalysisRun.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, percent=1, task_id=task_id, error=""
    )
    reporter = _Reporter(analysis)
    try:
        result, counts = COMPUTE[analysis.kind](analysis.consultation, reporter, analysis)
    except Exception as error:
        AnalysisRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    AnalysisRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE,
        percent=100,
        stage="",
        result=jsonable(result),
        input_counts=jsonable(counts),
        finished_at=timezone.now(),
    )
    analysis.refresh_from_db()
    return analysis


def run_now(consultation: Consultation, kind: str, actor=None) -> AnalysisRun:
    """Compute an analysis in this process (demo, benchmark, tests): same path as the task."""
    analysis = AnalysisRun.objects.create(consultation=consultation, kind=kind, requested_by=actor)
    return run(analysis.pk)


def latest(consultation: Consultation, kind: str) -> AnalysisRun | None:
    return AnalysisRun.objects.latest_done(consultation, kind)


def running(consultation: Consultation, kind: str) -> AnalysisRun | None:
    """The run of this kind still waiting or running, if any (a new one waits for it).

    "Running" is believed only while the run's task is alive: a run whose task is over (its
    worker was killed, its tries ran out, its record was pruned) is marked failed here, so a
    dead run never blocks the next one.
    """
    from commonground.core.jobs.status import task_is_over

    pending = AnalysisRun.objects.filter(
        consultation=consultation, kind=kind, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).order_by("-pk")
    for candidate in pending:
        if candidate.status == RunStatus.RUNNING and task_is_over(candidate.task_id):
            AnalysisRun.objects.filter(pk=candidate.pk, status=RunStatus.RUNNING).update(
                status=RunStatus.FAILED,
                error="The background task running this analysis stopped.",
                finished_at=timezone.now(),
            )
            continue
        return candidate
    return None


def changes_since(consultation: Consultation, when) -> dict[str, int]:
    """Evidence that arrived or changed after `when` (a snapshot's time): new comments, survey
    responses submitted, and offline sessions entered, corrected, withdrawn or reinstated."""
    from .models import SurveyResponse

    return {
        "comments": Comment.objects.filter(consultation=consultation, created_at__gt=when).count(),
        "responses": SurveyResponse.objects.filter(
            consultation=consultation, submitted_at__isnull=False, updated_at__gt=when
        ).count(),
        "sessions": Activity.all_objects.filter(
            consultation=consultation, updated_at__gt=when
        ).count(),
    }


def staleness(consultation: Consultation, snapshot: AnalysisRun | None) -> dict | None:
    """What changed since `snapshot` was computed, or None when nothing did (or no snapshot)."""
    if snapshot is None or snapshot.finished_at is None:
        return None
    changes = changes_since(consultation, snapshot.finished_at)
    if not any(changes.values()):
        return None
    return {**changes, "computed_at": snapshot.finished_at}


# ================================================================ survey data


def survey_priority_rows(consultation: Consultation) -> list[dict]:
    return survey_data.priority_responses(consultation)


def survey_about_you_rows(consultation: Consultation) -> list[dict]:
    """One flat row per respondent: response_id, method, ward code and the about-you codes."""
    return [
        {
            **(row.get("about_you") or {}),
            "response_id": row["response_id"],
            "method": row.get("method"),
            "ward": row.get("ward"),
        }
        for row in survey_data.about_you_rows(consultation)
    ]


# ================================================================ priorities


def _methods(
    consultation: Consultation, weights: dict[Any, float] | None = None
) -> tuple[list[str], list, dict[str, int]]:
    """The options and every method's input for `priorities.combine`, with input counts."""
    options = [str(pk) for pk in consultation.options.values_list("pk", flat=True)]
    by_method: dict[str, list[prio.Response]] = defaultdict(list)
    for row in survey_priority_rows(consultation):
        ranking = tuple(str(o) for o in row.get("ranking") or ())
        chosen = frozenset(str(o) for o in row.get("chosen") or ())
        weight = 1.0 if weights is None else weights.get(row.get("response_id"), 1.0)
        by_method[row.get("method") or "survey"].append(
            prio.Response(
                ranking=ranking,
                chosen=frozenset() if ranking else chosen,
                weight=weight,
                ward=row.get("ward"),
            )
        )
    methods: list = [
        prio.SurveyMethod(name, responses, label=_method_label(name))
        for name, responses in by_method.items()
    ]
    sessions: dict[str, list[prio.Session]] = defaultdict(list)
    activities = Activity.objects.filter(consultation=consultation).prefetch_related("tallies")
    for activity in activities:
        votes = {str(t.option_id): t.votes for t in activity.tallies.all() if t.votes}
        if votes:
            sessions[activity.method].append(
                prio.Session(votes, max(1, activity.participants), label=activity.title)
            )
    methods += [
        prio.TallyMethod(name, items, label=_method_label(name)) for name, items in sessions.items()
    ]
    counts = {
        "responses": sum(len(v) for v in by_method.values()),
        "sessions": sum(len(v) for v in sessions.values()),
        "options": len(options),
    }
    return options, methods, counts


def _method_label(name: str) -> str:
    from .models import Method

    try:
        return str(Method(name).label)
    except ValueError:
        return name


def compute_priorities(
    consultation: Consultation, progress: _Reporter, analysis: AnalysisRun | None = None
) -> tuple[dict, dict]:
    """Every method's ranking and the combined one, with bootstrap intervals."""
    progress(0.05, "Reading responses and tallies")
    options, methods, counts = _methods(consultation)
    if not options:
        return {"empty": True, "reason": "no options"}, counts
    if not methods:
        return {"empty": True, "reason": "no responses or tallies yet"}, counts
    progress(0.3, "Bootstrapping the ranking")
    result = prio.combine(options, methods, replicates=1000, seed=0)
    return {"empty": False, **result.to_dict()}, counts


# ================================================================ reach


RAKE_DIMENSIONS = ("ward", "age_band", "ethnicity_broad")


def _broad(code: str | None) -> str | None:
    group = categories.by_code("ethnicity").get(code or "")
    return group.broad if group else code


def _census_age(band: str | None) -> str | None:
    """A survey age band on the census's coarse bands, where it fits one (raking needs that)."""
    from commonground.consultstats.population import AGE_BAND_SPLIT

    split = AGE_BAND_SPLIT.get(band or "", {})
    return next(iter(split)) if len(split) == 1 else None


def compute_reach(
    consultation: Consultation, progress: _Reporter, analysis: AnalysisRun | None = None
) -> tuple[dict, dict]:
    """Who took part against the census, the groups under-represented, and weighted results.

    Survey respondents answer "about you" one by one; offline activities record who took
    part in aggregate, so they count in the reach table but cannot be weighted.
    """
    from commonground.consultstats import population, reach

    progress(0.05, "Reading who took part")
    rows = survey_about_you_rows(consultation)
    wards = {a.code: a.name for a in consultation.areas.filter(level="ward")}
    try:
        profile = population.load_profile(ward_codes=list(wards) or None)
    except (population.PopulationError, OSError) as error:
        return {"empty": True, "reason": str(error)}, {"respondents": len(rows)}
    progress(0.2, "Comparing with the census")
    dims = ("age_band", "sex", "ethnicity", "religion")
    sample = reach.sample_counts(rows, dimensions=[*dims, "ward"])
    offline = Activity.objects.filter(consultation=consultation)
    offline_people = 0
    # People at sessions held in each ward: where a session was held, not where those at it
    # live, so it sits beside the census comparison and never enters its shares.
    sessions_by_ward: dict[str, dict[str, int]] = {}
    for activity in offline.select_related("ward").only(
        "who_took_part", "participants", "ward__code"
    ):
        offline_people += activity.participants
        if activity.ward is not None:
            held = sessions_by_ward.setdefault(activity.ward.code, {"sessions": 0, "people": 0})
            held["sessions"] += 1
            held["people"] += activity.participants
        for dimension, counts in (activity.who_took_part or {}).items():
            for code, count in counts.items():
                target = sample.setdefault(dimension, {})
                target[code] = target.get(code, 0.0) + float(count)
    sample["ethnicity_broad"] = defaultdict(float)
    for code, count in sample.get("ethnicity", {}).items():
        sample["ethnicity_broad"][_broad(code) or code] += count
    sample["ethnicity_broad"] = dict(sample["ethnicity_broad"])
    sample["age_band"] = population.survey_age_counts(sample.get("age_band", {}))
    pop = {d: profile.district[d] for d in profile.district if d not in profile.missing}
    rows_out = [r.to_dict() for r in reach.compare(sample, pop)]
    for row in rows_out:
        row["label"] = _category_label(row["dimension"], row["category"], profile.wards)
        if row["dimension"] == "ward":
            held = sessions_by_ward.get(row["category"], {})
            row["session_people"] = held.get("people", 0)
            row["sessions"] = held.get("sessions", 0)

    progress(0.5, "Weighting responses to the population")
    weighting: dict[str, Any] = {"applied": False}
    weighted_priorities = None
    if rows:
        respondents = [
            {
                "ward": r.get("ward"),
                "age_band": _census_age(r.get("age_band")),
                "ethnicity_broad": _broad(r.get("ethnicity")),
            }
            for r in rows
        ]
        margins = profile.margins(
            [d for d in RAKE_DIMENSIONS if d != "ward"], wards=list(profile.wards)
        )
        margins["ward"] = dict(profile.district["ward"])
        usable = {
            d: m
            for d, m in margins.items()
            if any(r.get(d) and r.get(d) not in reach.MISSING for r in respondents)
        }
        for r in respondents:
            if r["ward"] not in usable.get("ward", {}):
                r["ward"] = None
        if usable:
            try:
                raked = reach.raking_weights(respondents, usable)
            except ValueError as error:
                weighting = {"applied": False, "reason": str(error)}
            else:
                weights = {
                    r.get("response_id"): float(w) for r, w in zip(rows, raked.weights, strict=True)
                }
                summary = raked.to_dict()
                summary.pop("weights")
                weighting = {"applied": True, **summary}
                progress(0.7, "Ranking priorities with weights")
                options, methods, _counts = _methods(consultation, weights=weights)
                if options and methods:
                    weighted_priorities = prio.combine(
                        options, methods, replicates=500, seed=0
                    ).to_dict()
    under = [r for r in rows_out if r["under_represented"]]
    result = {
        "empty": False,
        "rows": rows_out,
        "under_represented": [
            {"dimension": r["dimension"], "category": r["category"], "label": r["label"]}
            for r in under
        ],
        "weighting": weighting,
        "weighted_priorities": weighted_priorities,
        "sessions_by_ward": sessions_by_ward,
        "population": {
            "missing": profile.missing,
            "sources": [vars(s).copy() for s in profile.sources],
            "notes": profile.notes,
        },
    }
    counts = {
        "respondents": len(rows),
        "offline_participants": offline_people,
        "activities": offline.count(),
    }
    return result, counts


def _ward_names() -> dict[str, str]:
    """Every ward's name by code: respondents may live outside the wards a consultation
    targets (whose census profile is loaded), and a ward is never shown as its code."""
    from commonground.core.models import Area

    return dict(Area.objects.filter(level="ward").values_list("code", "name"))


def _category_label(dimension: str, code: str, wards: dict[str, str]) -> str:
    if dimension == "ward":
        return wards.get(code) or _ward_names().get(code, code)
    if dimension == "ethnicity_broad":
        found = {c.code: c for c in categories.ETHNIC_BROAD}.get(code)
        return found.label if found else code
    if dimension == "age_band":
        from commonground.consultstats.population import AGE_BANDS_CENSUS

        if code in AGE_BANDS_CENSUS:
            return AGE_BANDS_CENSUS[code]
    if dimension in categories.ABOUT_YOU:
        found = categories.by_code(dimension).get(code)
        if found:
            return found.label
    return categories.PREFER_NOT_TO_SAY.label if code == categories.PREFER_NOT_TO_SAY.code else code


# ================================================================ embeddings and themes


def embeddings_for(comments: Sequence[Comment], progress: Callable[[int, int], None] | None = None):
    """Each comment's sentence embedding (n × 384 float32), embedding only those not stored."""
    from commonground.textanalysis.embedding import get_encoder

    ids = [c.pk for c in comments]
    stored = {
        e.comment_id: e.as_array()
        for e in CommentEmbedding.objects.filter(comment_id__in=ids).only("comment_id", "vector")
    }
    missing = [c for c in comments if c.pk not in stored]
    if missing:
        vectors = get_encoder().encode(
            [c.text_masked for c in missing], batch_size=64, progress=progress
        )
        CommentEmbedding.objects.bulk_create(
            [
                CommentEmbedding(comment_id=c.pk, vector=CommentEmbedding.to_bytes(v))
                for c, v in zip(missing, vectors, strict=True)
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        stored.update(
            {c.pk: np.asarray(v, dtype=np.float32) for c, v in zip(missing, vectors, strict=True)}
        )
    if not ids:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack([stored[pk] for pk in ids])


def compute_proposals(
    consultation: Consultation, progress: _Reporter, analysis: AnalysisRun | None = None
) -> tuple[dict, dict]:
    """Cluster the comments not yet coded into proposed themes for an officer to decide."""
    from commonground.textanalysis import themes

    comments = list(
        Comment.objects.filter(consultation=consultation).uncoded().only("pk", "text_masked")
    )
    if not comments:
        comments = list(Comment.objects.filter(consultation=consultation).only("pk", "text_masked"))
    counts = {"comments": len(comments)}
    if len(comments) < 2:
        return {"empty": True, "reason": "fewer than two comments"}, counts
    vectors = embeddings_for(comments, progress.part(0.02, 0.7, "Reading the comments"))
    proposed = themes.propose_themes(
        [c.text_masked for c in comments],
        embeddings=vectors,
        seed=0,
        progress=progress.part(0.7, 0.98, "Finding themes"),
    )
    with transaction.atomic():
        # A crashed try of this run may have saved proposals already: replace, never double.
        ThemeProposal.objects.filter(run=analysis, decision=ProposalDecision.PENDING).delete()
        made = ThemeProposal.objects.bulk_create(
            ThemeProposal(
                run=analysis,
                consultation=consultation,
                label=p.topic_label[:200],
                description=p.topic_description,
                member_ids=[comments[i].pk for i in p.members],
                representative_ids=[comments[i].pk for i in _as_list(p.representative)],
            )
            for p in proposed
        )
    return {"empty": False, "proposals": len(made)}, counts


def _as_list(value) -> list[int]:
    if value is None:
        return []
    if isinstance(value, int | np.integer):
        return [int(value)]
    return [int(v) for v in value]


def compute_suggestions(
    consultation: Consultation, progress: _Reporter, analysis: AnalysisRun | None = None
) -> tuple[dict, dict]:
    """Suggest codebook themes for comments without an accepted code, for officers to decide."""
    from commonground.textanalysis import coding

    codebook_themes = list(consultation.themes.active())
    comments = list(
        Comment.objects.filter(consultation=consultation).uncoded().only("pk", "text_masked")
    )
    counts = {"comments": len(comments), "themes": len(codebook_themes)}
    if not codebook_themes or not comments:
        return {"empty": True, "reason": "no themes or no uncoded comments"}, counts
    examples = _examples(consultation, codebook_themes)
    codebook = [coding.CodebookEntry(str(t.pk), t.label, t.description) for t in codebook_themes]
    # Coding embeds with its own encoder (MiniLM fine-tuned on ArgKP train), not the stored
    # vectors of the published model that themes and search use.
    suggestions = coding.suggest_codes(
        [c.text_masked for c in comments],
        codebook,
        examples=examples or None,
        progress=progress.part(0.02, 0.95, "Reading the comments"),
    )
    decided = set(
        Coding.objects.filter(comment__consultation=consultation).values_list(
            "comment_id", "theme_id"
        )
    )
    new = []
    for comment, suggestion in zip(comments, suggestions, strict=True):
        for label in suggestion.labels:
            theme_id = int(label)
            if (comment.pk, theme_id) not in decided:
                new.append(
                    Coding(
                        comment_id=comment.pk,
                        theme_id=theme_id,
                        status=CodingStatus.SUGGESTED,
                        # The calibrated confidence (None for a catch-all theme, given only
                        # because nothing else fits: the review screen lists those first).
                        score=suggestion.confidence.get(label),
                    )
                )
    Coding.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return {"empty": False, "suggested": len(new)}, counts


def _examples(consultation: Consultation, themes_: Sequence[Theme]) -> dict[str, list[str]]:
    """Texts already coded by officers, per theme, that teach the suggester what each means."""
    examples: dict[str, list[str]] = defaultdict(list)
    accepted = Coding.objects.filter(
        theme__in=themes_, status=CodingStatus.ACCEPTED, comment__withdrawn=False
    ).values_list("theme_id", "comment__text_masked")
    for theme_id, text in accepted:
        if len(examples[str(theme_id)]) < 20:
            examples[str(theme_id)].append(text)
    return dict(examples)


def theme_counts(consultation: Consultation) -> dict[str, Any]:
    """Accepted codings per theme, by method, ward and community (a few grouped queries)."""
    accepted = Coding.objects.filter(
        comment__consultation=consultation,
        comment__withdrawn=False,
        status=CodingStatus.ACCEPTED,
        theme__merged_into__isnull=True,
    )
    totals = dict(
        accepted.values_list("theme_id").annotate(n=Count("pk")).values_list("theme_id", "n")
    )
    by: dict[str, dict[int, dict[str, int]]] = {}
    for key, field in (
        ("method", "comment__method"),
        ("ward", "comment__ward__name"),
        ("community", "comment__community__name"),
    ):
        table: dict[int, dict[str, int]] = defaultdict(dict)
        for theme_id, value, n in (
            accepted.values_list("theme_id", field)
            .annotate(n=Count("pk"))
            .values_list("theme_id", field, "n")
        ):
            table[theme_id][value or ""] = n
        by[key] = dict(table)
    return {"totals": totals, **by}


def compute_theme_summary(
    consultation: Consultation, progress: _Reporter, analysis: AnalysisRun | None = None
) -> tuple[dict, dict]:
    """Counts per theme and its most representative quotable comments (masked text only)."""
    from commonground.textanalysis.coding import representative_quotes
    from commonground.textanalysis.quotes import distinct_quotes

    progress(0.05, "Counting codes")
    counts = theme_counts(consultation)
    themes_ = list(consultation.themes.active())
    members: dict[int, list[Comment]] = defaultdict(list)
    quotable = (
        Coding.objects.filter(
            theme__in=themes_,
            status=CodingStatus.ACCEPTED,
            comment__consent_to_quote=True,
            comment__withdrawn=False,
        )
        .select_related("comment")
        .only("theme_id", "comment__id", "comment__text_masked", "comment__method")
    )
    for coding_ in quotable:
        members[coding_.theme_id].append(coding_.comment)
    everyone = sorted(
        {c.pk: c for group in members.values() for c in group}.values(), key=lambda c: c.pk
    )
    vectors = embeddings_for(everyone, progress.part(0.1, 0.8, "Reading the comments"))
    row = {c.pk: i for i, c in enumerate(everyone)}
    texts = [c.text_masked for c in everyone]
    quotes: dict[str, list[dict]] = {}
    for theme in themes_:
        group = members.get(theme.pk, [])
        if not group:
            quotes[str(theme.pk)] = []
            continue
        # Most typical first, and never one sentence twice (said, or keyed, several times).
        ranked = representative_quotes(vectors, [row[c.pk] for c in group], k=len(group))
        picked = distinct_quotes(ranked, texts, QUOTES_PER_THEME)
        quotes[str(theme.pk)] = [
            {
                "comment": everyone[i].pk,
                "text": everyone[i].text_masked,
                "method": everyone[i].method,
            }
            for i in picked
        ]
    result = {
        "empty": False,
        "themes": [
            {
                "id": t.pk,
                "label": t.label,
                "description": t.description,
                "count": counts["totals"].get(t.pk, 0),
                "by_method": counts["method"].get(t.pk, {}),
                "by_ward": counts["ward"].get(t.pk, {}),
                "by_community": counts["community"].get(t.pk, {}),
                "quotes": quotes[str(t.pk)],
            }
            for t in sorted(themes_, key=lambda t: -counts["totals"].get(t.pk, 0))
        ],
    }
    input_counts = {
        "comments": consultation.comments.count(),
        "coded": Comment.objects.filter(consultation=consultation)
        .filter(Q(codings__status=CodingStatus.ACCEPTED))
        .distinct()
        .count(),
        "themes": len(themes_),
    }
    return result, input_counts


COMPUTE = {
    AnalysisKind.PRIORITIES: compute_priorities,
    AnalysisKind.REACH: compute_reach,
    AnalysisKind.THEMES: compute_theme_summary,
    AnalysisKind.PROPOSE: compute_proposals,
    AnalysisKind.SUGGEST: compute_suggestions,
}


def method_summary(consultation: Consultation) -> list[dict]:
    """Methods used, how many items and people each brought, and when: for the method notes.

    Survey respondents are counted from the stored priorities snapshot, not re-read."""
    from django.db.models import Max, Min, Sum

    rows = {}
    for item in (
        consultation.activities.values("method")
        .annotate(
            n=Count("pk"), people=Sum("participants"), first=Min("held_on"), last=Max("held_on")
        )
        .order_by("method")
    ):
        rows[item["method"]] = {
            "method": item["method"],
            "label": _method_label(item["method"]),
            "sessions": item["n"],
            "people": item["people"] or 0,
            "first": item["first"],
            "last": item["last"],
            "comments": 0,
        }
    for item in consultation.comments.values("method").annotate(n=Count("pk")).order_by("method"):
        row = rows.setdefault(
            item["method"],
            {
                "method": item["method"],
                "label": _method_label(item["method"]),
                "sessions": 0,
                "people": 0,
                "first": None,
                "last": None,
            },
        )
        row["comments"] = item["n"]
    snapshot = latest(consultation, AnalysisKind.PRIORITIES)
    for summary in snapshot.result.get("methods", []) if snapshot else []:
        if summary.get("kind") != "survey":
            continue
        row = rows.setdefault(
            summary["name"],
            {
                "method": summary["name"],
                "label": _method_label(summary["name"]),
                "sessions": 0,
                "people": 0,
                "first": None,
                "last": None,
                "comments": 0,
            },
        )
        row["people"] += summary["people"]
    return list(rows.values())

"""What the consult pages share: finding a consultation, and shaping stored snapshots for
templates (so the analysis pages, the report and its PDF show the same numbers)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from commonground.consult import analysis
from commonground.consult.models import AnalysisKind, Consultation, Method
from commonground.consult.rules import allowed, visible_consultation

SECTION = "consult"


def permission_required(permission: str) -> Callable:
    """Allow a view only to people holding `permission` (consult/rules.py), asked without an
    object (the role part of the rule); 403 otherwise. Views that act on one object ask again
    with it (:func:`commonground.consult.rules.require`)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def consultation_for_officer(slug: str) -> Consultation:
    """A consultation by slug, drafts included, for views already limited by permission."""
    return get_object_or_404(Consultation, slug=slug)


def public_consultation(request: HttpRequest, slug: str) -> Consultation:
    """A consultation `request.user` may see (``consult.view_consultation``), else 404."""
    return visible_consultation(request.user, slug)


def may(request: HttpRequest, permission: str, obj: Any = None) -> bool:
    """True if the person making the request holds `permission` (on `obj`)."""
    return allowed(request.user, permission, obj)


def method_label(code: str) -> str:
    try:
        return str(Method(code).label)
    except ValueError:
        return code


def option_labels(consultation: Consultation) -> dict[str, str]:
    """Option id (as stored in snapshots) → label in the active language."""
    language = get_language()
    return {str(o.pk): o.label_in(language) for o in consultation.options.all()}


def priority_table(snapshot: dict | None, labels: dict[str, str]) -> dict[str, Any] | None:
    """The combined ranking with each method's rank beside it, ready for a template."""
    if not snapshot or snapshot.get("empty"):
        return None
    methods = [
        {**m, "display": method_label(m["name"])}
        for m in snapshot.get("methods", [])
        if m.get("people")
    ]
    rows = []
    for option in snapshot["options"]:
        rows.append(
            {
                "label": labels.get(option["option"], option["option"]),
                "rank": option["rank"],
                "rank_low": option["rank_low"],
                "rank_high": option["rank_high"],
                "score": option["score"] * 100,
                "low": option["low"] * 100,
                "high": option["high"] * 100,
                "p_top3": option["p_top3"] * 100,
                "people": option["people"],
                "by_method": [option["by_method"].get(m["name"], {}).get("rank") for m in methods],
            }
        )
    return {
        "rows": rows,
        "methods": methods,
        "confidence": round(snapshot.get("confidence", 0.95) * 100),
        "replicates": snapshot.get("replicates"),
        "weighting": snapshot.get("weighting"),
        "notes": snapshot.get("notes", []),
    }


DIMENSION_LABELS = {
    "age_band": gettext_lazy("Age"),
    "sex": gettext_lazy("Sex"),
    "ethnicity": gettext_lazy("Ethnic group"),
    "ethnicity_broad": gettext_lazy("Ethnic group (broad)"),
    "religion": gettext_lazy("Religion"),
    "ward": gettext_lazy("Ward"),
}


def reach_groups(snapshot: dict | None) -> list[dict]:
    """Reach rows grouped by dimension, in a stable order, for tables and charts."""
    if not snapshot or snapshot.get("empty"):
        return []
    groups: dict[str, list[dict]] = {}
    for row in snapshot.get("rows", []):
        groups.setdefault(row["dimension"], []).append(
            {
                **row,
                # Stored in English by the background count; the categories' English labels
                # are msgids, so each reader gets them in their language (wards are names).
                "label": row["label"] if row["dimension"] == "ward" else gettext(row["label"]),
                "sample_pct": None if row["sample_share"] is None else row["sample_share"] * 100,
                "population_pct": None
                if row["population_share"] is None
                else row["population_share"] * 100,
            }
        )
    _name_wards(groups.get("ward", []))
    order = ["ward", "age_band", "ethnicity_broad", "ethnicity", "religion", "sex"]
    return [
        {
            "dimension": d,
            "label": DIMENSION_LABELS.get(d, d),
            "rows": groups[d],
            "under": [r["label"] for r in groups[d] if r["under_represented"]],
        }
        for d in sorted(groups, key=lambda d: order.index(d) if d in order else 99)
    ]


def _name_wards(rows: list[dict]) -> None:
    """Wards by name, never by code, in a snapshot stored before wards outside the targeted
    ones were named there too (one query, only when such a row is present)."""
    coded = [r for r in rows if r.get("label") == r.get("category")]
    if coded:
        from commonground.core.models import Area

        names = dict(
            Area.objects.filter(level="ward", code__in=[r["category"] for r in coded]).values_list(
                "code", "name"
            )
        )
        for row in coded:
            row["label"] = names.get(row["category"], row["label"])


def stale_message(stale: dict | None) -> str:
    """ "12 new comments and 3 new survey responses since this was computed on 4 May 2026
    10:15." from :func:`analysis.staleness` ("" when nothing changed)."""
    if not stale:
        return ""
    parts = []
    if stale["comments"]:
        parts.append(
            ngettext("%(n)s new comment", "%(n)s new comments", stale["comments"])
            % {"n": stale["comments"]}
        )
    if stale["responses"]:
        parts.append(
            ngettext("%(n)s new survey response", "%(n)s new survey responses", stale["responses"])
            % {"n": stale["responses"]}
        )
    if stale["sessions"]:
        parts.append(
            ngettext(
                "%(n)s offline session entered, corrected or withdrawn",
                "%(n)s offline sessions entered, corrected or withdrawn",
                stale["sessions"],
            )
            % {"n": stale["sessions"]}
        )
    changes = parts[0]
    if len(parts) > 1:
        changes = gettext("%(first)s and %(last)s") % {
            "first": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    when = date_format(timezone.localtime(stale["computed_at"]), "j E Y H:i")
    return gettext("%(changes)s since this was computed on %(when)s.") % {
        "changes": changes,
        "when": when,
    }


# The analyses an officer sees on the dashboard, with the page each is shown on.
DASHBOARD_ANALYSES = (
    (AnalysisKind.PRIORITIES, "priorities", "consult:priorities"),
    (AnalysisKind.REACH, "reach", "consult:reach"),
    (AnalysisKind.THEMES, "themes", "consult:themes"),
)


def analysis_status(consultation: Consultation, kind: str) -> dict[str, Any]:
    """One analysis's latest snapshot, the run under way, and what changed since."""
    snapshot = analysis.latest(consultation, kind)
    stale = analysis.staleness(consultation, snapshot)
    return {
        "snapshot": snapshot,
        "running": analysis.running(consultation, kind),
        "stale": stale,
        "stale_message": stale_message(stale),
    }

"""Anonymised exports of a consultation's evidence, as CSV and JSON.

What leaves the platform: masked text only (never the text as typed), "about you" answers
only as census categories, places as wards, and no names, accounts, resume tokens, file
names or free-text consent notes. Rows are keyed by stable ids so a later export lines up.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

from commonground import spreadsheets
from commonground.consult.analysis import survey_about_you_rows
from commonground.consult.models import Coding, CodingStatus, Comment, Consultation, OptionTally
from commonground.consultstats.categories import ABOUT_YOU

COMMENT_COLUMNS = [
    "comment_id",
    "method",
    "date",
    "ward_code",
    "ward",
    "community",
    "language",
    "themes",
    "may_quote",
    "source",
    "text_masked",
]


def comment_rows(consultation: Consultation) -> Iterator[dict]:
    """One dict per comment, themes as accepted codes joined by "; "."""
    themes: dict[int, list[str]] = defaultdict(list)
    for comment_id, label in Coding.objects.filter(
        comment__consultation=consultation, status=CodingStatus.ACCEPTED
    ).values_list("comment_id", "theme__label"):
        themes[comment_id].append(label)
    comments = (
        Comment.objects.filter(consultation=consultation)
        .select_related("ward", "community", "activity")
        .order_by("said_on", "pk")
    )
    for c in comments.iterator(chunk_size=2000):
        yield {
            "comment_id": c.pk,
            "method": c.method,
            "date": c.said_on.isoformat(),
            "ward_code": c.ward.code if c.ward else "",
            "ward": c.ward.name if c.ward else "",
            "community": c.community.name if c.community else "",
            "language": c.language,
            "themes": "; ".join(sorted(themes.get(c.pk, []))),
            "may_quote": c.consent_to_quote,
            "source": c.activity.title if c.activity else c.get_method_display(),
            "text_masked": c.text_masked,
        }


def respondent_rows(consultation: Consultation) -> list[dict]:
    """Survey respondents' "about you" answers as category codes only (nothing free-text)."""
    allowed = {d: {c.code for c in cats} | {"prefer_not"} for d, cats in ABOUT_YOU.items()}
    rows = []
    for number, row in enumerate(survey_about_you_rows(consultation), start=1):
        clean = {"respondent": number, "method": row.get("method", ""), "ward": row.get("ward")}
        for dimension, codes in allowed.items():
            value = row.get(dimension)
            clean[dimension] = value if value in codes else ""
        rows.append(clean)
    return rows


def tally_rows(consultation: Consultation) -> list[dict]:
    return [
        {
            "activity": t.activity_id,
            "method": t.activity.method,
            "date": t.activity.held_on.isoformat(),
            "ward": t.activity.ward.name if t.activity.ward else "",
            "participants": t.activity.participants,
            "option": t.option.label,
            "votes": t.votes,
        }
        for t in OptionTally.objects.filter(
            activity__consultation=consultation, activity__withdrawn_at__isnull=True
        ).select_related("activity__ward", "option")
    ]


def _filename(consultation: Consultation, ext: str) -> str:
    return f"{consultation.slug}-evidence-{timezone.localdate().isoformat()}.{ext}"


def csv_response(consultation: Consultation) -> HttpResponse:
    """The comments as CSV (the tabular part most people want in a spreadsheet)."""
    buffer = io.StringIO()
    # Comments, sources and community names are typed text: every cell made spreadsheet-safe.
    writer = spreadsheets.SafeDictWriter(buffer, fieldnames=COMMENT_COLUMNS)
    writer.writeheader()
    for row in comment_rows(consultation):
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "csv")}"'
    return response


def as_json(consultation: Consultation) -> dict:
    return {
        "consultation": {
            "slug": consultation.slug,
            "title": consultation.title,
            "opens_at": consultation.opens_at,
            "closes_at": consultation.closes_at,
            "options": [o.label for o in consultation.options.all()],
        },
        "exported_at": timezone.now(),
        "comments": list(comment_rows(consultation)),
        "respondents": respondent_rows(consultation),
        "tallies": tally_rows(consultation),
    }


def json_response(consultation: Consultation) -> HttpResponse:
    body = json.dumps(as_json(consultation), cls=DjangoJSONEncoder, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "json")}"'
    return response

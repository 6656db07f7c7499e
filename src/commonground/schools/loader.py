"""Load a school census file into School and SchoolCensus rows, idempotently, and publish the
"more/less White British than its neighbours" counts to Measures.

The file is checked whole by :func:`commonground.schoolmix.reader.read_schools` before anything
is saved, so a bad file changes nothing; the save is one transaction with one audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from commonground.core import audit
from commonground.schoolmix.groups import ETHNIC_GROUPS
from commonground.schoolmix.reader import SchoolTable, read_schools

from .models import Phase, School, SchoolCensus
from .publish import publish_neighbour_counts

DEFAULT_YEAR = "2022/23"


@dataclass
class LoadResult:
    year: str
    schools_created: int = 0
    schools_updated: int = 0
    censuses_created: int = 0
    censuses_updated: int = 0
    figures: dict[str, int] = field(default_factory=dict)


def year_of(time_period: str) -> str:
    """``202223`` (DfE's time_period) → ``2022/23``; anything else → the default year."""
    text = time_period.strip()
    if len(text) == 6 and text.isdigit():
        return f"{text[:4]}/{text[4:]}"
    return DEFAULT_YEAR


def _school_fields(table: SchoolTable, i: int) -> dict:
    text = table.text[i]
    return {
        "name": text.get("school_name") or table.urns[i],
        "phase": table.phase[i] or Phase.OTHER,
        "in_district": bool(table.in_district[i]),
        "latitude": float(table.lat[i]),
        "longitude": float(table.long[i]),
        "postcode": text.get("school_postcode", "")[:10],
        "local_authority": text.get("la_name", "")[:100],
        "ward_code": text.get("ward_code", "")[:12],
        "ward_name": text.get("ward_name", "")[:100],
        "school_type": text.get("typeofestablishment_name", "")[:100],
        "denomination": text.get("denomination", "")[:100],
    }


def load_schools(path: str | Path, *, actor=None, year: str | None = None) -> LoadResult:
    """Read, check and save a school file; raises SchoolFileError (nothing saved) when bad."""
    table = read_schools(path)
    years = {year or year_of(t.get("time_period", "")) for t in table.text} or {DEFAULT_YEAR}
    if len(years) > 1:
        raise ValueError(f"{path}: holds more than one census year ({', '.join(sorted(years))})")
    the_year = years.pop()
    result = LoadResult(year=the_year)
    keys = [key for key, _w in ETHNIC_GROUPS]
    with transaction.atomic():
        existing = {s.urn: s for s in School.objects.filter(urn__in=table.urns)}
        censuses = {
            c.school_id: c
            for c in SchoolCensus.objects.filter(school__urn__in=table.urns, year=the_year)
        }
        for i, urn in enumerate(table.urns):
            fields = _school_fields(table, i)
            school = existing.get(urn)
            if school is None:
                school = School.objects.create(urn=urn, **fields)
                result.schools_created += 1
            elif any(getattr(school, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(school, k, v)
                school.save()
                result.schools_updated += 1
            groups = {k: int(n) for k, n in zip(keys, table.groups[i].tolist(), strict=True)}
            values = {
                "headcount": int(table.headcount[i])
                if table.headcount[i] >= 0
                else sum(groups.values()) + int(table.unclassified[i]),
                "free_school_meals": int(table.fsm[i]) if table.fsm[i] >= 0 else None,
                "unclassified": int(table.unclassified[i]),
                "groups": groups,
            }
            census = censuses.get(school.pk)
            if census is None:
                SchoolCensus.objects.create(school=school, year=the_year, **values)
                result.censuses_created += 1
            elif any(getattr(census, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(census, k, v)
                census.save()
                result.censuses_updated += 1
        result.figures = publish_neighbour_counts(table, the_year)
        audit.record(
            "schools.census_loaded",
            actor=actor,
            actor_label="" if actor is not None else "schools load",
            data={
                "file": Path(path).name,
                "year": the_year,
                "schools_created": result.schools_created,
                "schools_updated": result.schools_updated,
                "censuses_created": result.censuses_created,
                "censuses_updated": result.censuses_updated,
                "figures": result.figures,
            },
        )
    return result

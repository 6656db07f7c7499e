"""The reference check: the published ORUK 3.0 schemas (from shared/standards when present,
else the app's byte-identical copy) with plain ``jsonschema``, independent of the app's own
validator module, and a walk that finds nulls and empty strings."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve()
SHARED = HERE.parents[4].parent / "shared" / "standards" / "openreferral-uk" / "3.0" / "schema"
LOCAL = HERE.parents[1] / "oruk" / "schema"
SCHEMA_DIR = SHARED if SHARED.exists() else LOCAL
BASE = "https://openreferraluk.org/specifications/3.0/schema/"
EXAMPLES = SHARED.parent / "examples"

checker = FormatChecker()


@checker.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", value):
        return False
    datetime.fromisoformat(value)
    return True


@checker.checks("uri")
def _uri(value):
    return not isinstance(value, str) or bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", value))


def _registry() -> Registry:
    return Registry().with_resources(
        (BASE + p.name, Resource.from_contents(json.loads(p.read_text()), DRAFT202012))
        for p in SCHEMA_DIR.glob("*.json")
    )


REGISTRY = _registry()


def validate(schema_name: str, body) -> list[str]:
    """Every schema error in `body`, plus any null or "" anywhere, plus non-UUID ids."""
    schema = json.loads((SCHEMA_DIR / f"{schema_name}.json").read_text())
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=checker)
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    problems += empties(body)
    return problems


def empties(value, path: str = "$") -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "id" or key.endswith("_id"):
                try:
                    uuid.UUID(inner)
                except (TypeError, ValueError, AttributeError):
                    found.append(f"{path}.{key}: {inner!r} is not a UUID")
            found += empties(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found += empties(inner, f"{path}[{n}]")
    elif value is None or value == "":
        found.append(f"{path}: {value!r} (optional fields with no value must be left out)")
    return found

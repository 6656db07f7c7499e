"""The ORUK 3.0 JSON schemas, resolved offline, with the formats the standard uses checked.

`jsonschema` only checks ``uri`` and ``date-time`` when optional packages are installed; we do
not depend on them, so both are checked here (RFC 3339 date-times, absolute URIs with a scheme
and no spaces), beside the built-in ``uuid`` and ``email`` checks.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schema"
OPENAPI_FILE = Path(__file__).parent / "openapi.json"
BASE_URL = "https://openreferraluk.org/specifications/3.0/schema/"
VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://openreferraluk.org/specifications/3.0/"
OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    """RFC 3339: a date, a time and an offset (``Z`` or ``±hh:mm``)."""
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))  # real calendar date
    return True


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    """An absolute URI: a scheme, then no spaces or characters URIs never hold."""
    return not isinstance(value, str) or bool(_URI.match(value))


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if isinstance(value, str):
        datetime.strptime(value, "%Y-%m-%d")
    return True


for _name in ("uuid", "email"):
    FORMATS.checkers[_name] = FormatChecker().checkers[_name]


@cache
def registry() -> Registry:
    """Every local schema file under the URL its ``$ref``s use."""
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (
                BASE_URL + path.name,
                Resource.from_contents(contents, default_specification=DRAFT202012),
            )
        )
    return Registry().with_resources(resources)


@cache
def schema(name: str) -> dict:
    """The schema in ``schema/<name>.json`` (e.g. ``service``, ``service_list``)."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    """A Draft 2020-12 validator for one schema, checking formats, refs resolved locally."""
    return Draft202012Validator(schema(name), registry=registry(), format_checker=FORMATS)


def errors(name: str, instance: object) -> list[str]:
    """Every way `instance` breaks schema `name`, as ``path: message`` lines (empty if valid)."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{json_path(e.absolute_path)}: {e.message}" for e in found]


def json_path(parts) -> str:
    """``["service_at_locations", 0, "location"]`` → ``service_at_locations[0].location``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the item itself)"

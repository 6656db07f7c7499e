"""Reading an ORUK import file: a JSON array of services, checked whole before anything is saved.

The file is the ``contents`` of a ``/services`` page (``3.0/examples/service_list.json``), each
item a service as ``/services/{id}`` returns it. Every item is validated against ``service.json``
with formats checked, then against what the directory stores (dates and times it can read, ids
used once). The first problem is reported in one line naming the file, the line where the item
starts, the item's index (from 0) and the field, so the person fixing the file can go straight
to it; nothing is imported from a file with a problem.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from . import schemas


class OrukFileError(ValueError):
    """A problem with an import file; ``str()`` is the one line to show."""


@dataclass(frozen=True)
class Item:
    index: int
    line: int
    data: dict


DATE_FIELDS = {"assured_date", "valid_from", "valid_to"}
TIME_FIELDS = {"opens_at", "closes_at"}
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$")


def parse_date(value: str) -> date:
    """An ISO date, or the date part of an ISO date-time (``2024-01-05T09:00:00Z``)."""
    return date.fromisoformat(value[:10]) if len(value) >= 10 else date.fromisoformat(value)


def parse_time(value: str) -> time:
    """``HH:MM`` or ``HH:MM:SS`` (an offset, if given, is dropped: times are local)."""
    if not _TIME.match(value):
        raise ValueError(value)
    return time.fromisoformat(re.sub(r"([Zz]|[+-]\d{2}:\d{2})$", "", value))


def parse_date_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("z", "Z"))


def read(path: Path) -> list[Item]:
    """The file's services, validated; raises :class:`OrukFileError` on the first problem."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise OrukFileError(f"{name}: cannot read the file: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise OrukFileError(f"{name}: not UTF-8 text (byte {error.start})") from None
    items = parse(text, name)
    check(items, name)
    return items


def parse(text: str, name: str) -> list[Item]:
    """Split the top-level array into items, remembering the line each starts on."""
    decoder = json.JSONDecoder()
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise OrukFileError(
            f"{name}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    position = _skip_space(text, 0)
    if position >= len(text) or text[position] != "[":
        kind = "an object" if text[position : position + 1] == "{" else "not an array"
        raise OrukFileError(
            f"{name}:{_line(text, position)}: expected a JSON array of services "
            f"(the `contents` of a /services page), got {kind}"
        )
    position = _skip_space(text, position + 1)
    items: list[Item] = []
    while position < len(text) and text[position] != "]":
        value, end = decoder.raw_decode(text, position)
        items.append(Item(index=len(items), line=_line(text, position), data=value))
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)
    return items


def _check_hours(item: Item, where: str) -> None:
    """A schedule may close earlier than it opens (a session past midnight, 22:00 to 02:00),
    but not at the very time it opens: that says neither "closed" nor "all day"."""
    for n, schedule in enumerate(item.data.get("schedules") or []):
        if not isinstance(schedule, dict):
            continue
        opens, closes = schedule.get("opens_at"), schedule.get("closes_at")
        same = isinstance(opens, str) and isinstance(closes, str) and opens and closes
        if same and parse_time(opens) == parse_time(closes):
            raise OrukFileError(
                f"{where}, field schedules[{n}].closes_at: {closes!r} is the opening time too;"
                " for a session past midnight give the next day's closing time (22:00 to 02:00)"
            )


def check(items: list[Item], name: str) -> None:
    """Schema, formats, readable dates and times, each service id once."""
    seen: dict[str, int] = {}
    for item in items:
        where = f"{name}:{item.line}: item {item.index}"
        if not isinstance(item.data, dict):
            raise OrukFileError(f"{where}: field (the item itself): a service must be an object")
        found = list(schemas.validator("service").iter_errors(item.data))
        if found:
            error = min(
                found, key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path)))
            )
            field = _field(error)
            message = _one_line(error.message)
            raise OrukFileError(f"{where}, field {field}: {message}")
        for path, value in _walk(item.data, ()):
            key = path[-1]
            if not isinstance(value, str):
                continue
            try:
                if key in DATE_FIELDS:
                    parse_date(value)
                elif key in TIME_FIELDS:
                    parse_time(value)
            except ValueError:
                expected = "a date (YYYY-MM-DD)" if key in DATE_FIELDS else "a time (HH:MM:SS)"
                raise OrukFileError(
                    f"{where}, field {schemas.json_path(path)}: {value!r} is not {expected}"
                ) from None
        _check_hours(item, where)
        service_id = item.data["id"].lower()
        if service_id in seen:
            raise OrukFileError(
                f"{where}, field id: {item.data['id']} is also the id of item {seen[service_id]}"
            )
        seen[service_id] = item.index


def _field(error) -> str:
    """The field an error is about: for a missing required property, that property."""
    path = list(error.absolute_path)
    if error.validator == "required":
        match = re.match(r"'([^']+)' is a required property", error.message)
        if match:
            path.append(match.group(1))
    return schemas.json_path(path)


def _walk(value, path: tuple):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _walk(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _walk(inner, (*path, index))
    elif path and isinstance(path[-1], str):
        yield path, value


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1

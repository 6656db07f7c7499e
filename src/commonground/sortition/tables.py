"""Reading the quotas (FEATURES.csv) and the pool (PEOPLE.csv) in ``sortition-algorithms``' shapes.

FEATURES: columns ``feature,value,min,max`` (the older ``category,name,min,max`` too; extra
columns such as ``min_flex``/``max_flex`` are ignored).  PEOPLE: an ``id`` column and one column
per feature; other columns are ignored.  As in that library, header names are matched without
regard to case, cells are stripped of surrounding spaces, values are matched to the features'
values without regard to case, rows with a blank id are skipped, and a repeated id is an error
unless the rows are identical.  Every error is a :class:`TableError` whose one-line message names
the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from .instance import Instance, Quota

MAX_BYTES = 200 * 1024 * 1024


class TableError(ValueError):
    """The file cannot be used; the message is one line naming file, line and column."""


def _rows(
    path: Path | str, text: str | None = None
) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    name = str(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise TableError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise TableError(f"{name}: is a directory, not a CSV file") from None
        except OSError as error:
            raise TableError(f"{name}: cannot read: {error.strerror or error}") from None
        if len(raw) > MAX_BYTES:
            raise TableError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB, not read")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise TableError(
                f"{name}: line {line}: not UTF-8 text (save the file as CSV UTF-8)"
            ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise TableError(f"{name}: line {reader.line_num}: not valid CSV ({error})") from None
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise TableError(f"{name}: empty file, expected a CSV table with a header row")
    header = [cell.strip() for cell in rows[0][1]]
    return name, header, rows[1:]


def _column(
    name: str, header: list[str], wanted: tuple[str, ...], required: bool = True
) -> int | None:
    lowered = [h.lower() for h in header]
    for candidate in wanted:
        if lowered.count(candidate) > 1:
            raise TableError(
                f'{name}: line 1, column "{candidate}": appears more than once in the header'
            )
        if candidate in lowered:
            return lowered.index(candidate)
    if required:
        raise TableError(
            f'{name}: line 1, column "{wanted[0]}": missing from the header (found: {", ".join(header) or "nothing"})'  # noqa: E501
        )
    return None


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def read_features(
    path: Path | str, text: str | None = None
) -> tuple[list[str], dict[str, list[str]], list[Quota]]:
    """Features in file order, their values, and a quota per value."""
    name, header, rows = _rows(path, text)
    i_feature = _column(name, header, ("feature", "category"))
    i_value = _column(
        name, header, ("value", "name", "category value", "category_value", "category-value")
    )
    i_min = _column(name, header, ("min",))
    i_max = _column(name, header, ("max",))
    features: list[str] = []
    values: dict[str, list[str]] = {}
    canonical: dict[str, str] = {}
    quotas: list[Quota] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        feature = _cell(row, i_feature)
        if not feature:
            continue  # as sortition-algorithms: a row without a feature name is skipped
        value = _cell(row, i_value)
        if not value:
            raise TableError(
                f'{name}: line {line}, column "{header[i_value]}": empty value for feature "{feature}"'  # noqa: E501
            )
        bounds = []
        for index in (i_min, i_max):
            cell = _cell(row, index)
            try:
                number = int(cell)
            except ValueError:
                try:
                    as_float = float(cell)
                except ValueError:
                    as_float = None
                if as_float is None or not as_float.is_integer():
                    raise TableError(
                        f'{name}: line {line}, column "{header[index]}": expected a whole number, found "{cell}"'  # noqa: E501
                    ) from None
                number = int(as_float)
            if number < 0:
                raise TableError(
                    f'{name}: line {line}, column "{header[index]}": must not be negative ({number})'  # noqa: E501
                )
            bounds.append(number)
        if bounds[0] > bounds[1]:
            raise TableError(
                f'{name}: line {line}, column "{header[i_min]}": the minimum ({bounds[0]}) is greater than '  # noqa: E501
                f"the maximum ({bounds[1]})"
            )
        feature = canonical.setdefault(feature.lower(), feature)
        if (feature.lower(), value.lower()) in seen:
            raise TableError(
                f'{name}: line {line}, column "{header[i_value]}": value "{value}" of feature "{feature}" is listed twice'  # noqa: E501
            )
        seen.add((feature.lower(), value.lower()))
        if feature not in values:
            features.append(feature)
            values[feature] = []
        values[feature].append(value)
        quotas.append(Quota(feature, value, bounds[0], bounds[1]))
    if not quotas:
        raise TableError(
            f"{name}: no quotas (expected rows of feature,value,min,max below the header)"
        )
    return features, values, quotas


def read_people(
    path: Path | str,
    features: list[str],
    values: dict[str, list[str]],
    text: str | None = None,
    id_column: str = "id",
    address_columns: list[str] | None = None,
) -> tuple[list[str], np.ndarray, list[str | None] | None, list[str]]:
    """Ids, value codes (people x features), household keys (if asked) and warnings."""
    name, header, rows = _rows(path, text)
    i_id = _column(name, header, (id_column.lower(),))
    i_features = [_column(name, header, (feature.lower(),)) for feature in features]
    i_address = [_column(name, header, (col.lower(),)) for col in (address_columns or [])]
    lookup = [{v.lower(): k for k, v in enumerate(values[f])} for f in features]
    ids: list[str] = []
    codes: list[list[int]] = []
    houses: list[str | None] = []
    first: dict[str, tuple[int, tuple]] = {}
    warnings: list[str] = []
    for line, row in rows:
        pid = _cell(row, i_id)
        if not pid:
            warnings.append(f"{name}: line {line}: blank id, row skipped")
            continue
        person = []
        for feature, index, table in zip(features, i_features, lookup, strict=True):
            cell = _cell(row, index)
            if cell.lower() not in table:
                what = f'value "{cell}"' if cell else "empty value"
                raise TableError(
                    f'{name}: line {line}, column "{header[index]}": {what} is not one of the values of '  # noqa: E501
                    f'feature "{feature}" in the features file ({", ".join(values[feature])})'
                )
            person.append(table[cell.lower()])
        house = "\x1f".join(_cell(row, i).lower() for i in i_address) if i_address else None
        key = (tuple(person), house)
        if pid in first:
            line_before, key_before = first[pid]
            if key_before != key:
                raise TableError(
                    f'{name}: line {line}, column "{header[i_id]}": id "{pid}" repeats line {line_before} '  # noqa: E501
                    "with different values"
                )
            warnings.append(
                f'{name}: line {line}: id "{pid}" repeats line {line_before}; the copy is ignored'
            )
            continue
        first[pid] = (line, key)
        ids.append(pid)
        codes.append(person)
        houses.append(house if house and house.strip("\x1f") else None)
    if not ids:
        raise TableError(f"{name}: no people (expected rows below the header)")
    array = np.array(codes, dtype=np.int64).reshape(len(ids), len(features))
    return ids, array, (houses if address_columns else None), warnings


def load_instance(
    people: Path | str,
    features: Path | str,
    size: int,
    address_columns: list[str] | None = None,
) -> tuple[Instance, list[str]]:
    """An :class:`.instance.Instance` from the two files, with any warnings."""
    names, values, quotas = read_features(features)
    ids, codes, houses, warnings = read_people(
        people, names, values, address_columns=address_columns
    )
    instance = Instance(
        ids=ids,
        features=names,
        values=values,
        codes=codes,
        quotas=quotas,
        size=size,
        households=houses,
    )
    return instance, warnings

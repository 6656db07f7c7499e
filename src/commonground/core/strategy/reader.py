"""Read and check a strategy file (YAML or JSON) without touching the database.

Pure Python (no Django) so the file can be checked anywhere, e.g. in a council's own
repository before it reaches the platform. Every problem names the file, the line and the
field, like a compiler: "data/strategies/x.yaml:42: field `pillars[1].objectives[0]`:
must not be blank". All problems are collected and reported together, so an officer fixes
a file in one pass rather than one error per run.

The checks are: the JSON Schema in schema.json (the contract, shared with anyone who
writes a file), then what a schema cannot say: unique slugs and keys, a period in order,
real dates, references to pillars and challenges that exist.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

SCHEMA_PATH = Path(__file__).with_name("schema.json")
FORMAT_VERSION = 1

Path_ = tuple[str | int, ...]


# --- Problems ----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, located precisely enough to fix without searching."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.field:
            return f"{where}: field `{self.field}`: {self.message}"
        return f"{where}: {self.message}"


class StrategyFileError(Exception):
    """The file cannot be loaded; `problems` lists every reason, in file order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.line or 0, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def field_path(path: Iterable[str | int]) -> str:
    """("pillars", 2, "objectives", 0) → "pillars[2].objectives[0]"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


# --- The typed result --------------------------------------------------------------------


@dataclass(frozen=True)
class NamedText:
    name: str
    description: str = ""


@dataclass(frozen=True)
class ForewordData:
    author: str
    text: str
    role: str = ""


@dataclass(frozen=True)
class PrincipleData:
    name: str
    description: str = ""
    note: str = ""


@dataclass(frozen=True)
class StrengthData:
    name: str
    description: str


@dataclass(frozen=True)
class CaseStudyData:
    title: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class SectionItem:
    text: str
    label: str = ""
    title: str = ""


@dataclass(frozen=True)
class SectionData:
    slug: str
    title: str
    body: str = ""
    items: tuple[SectionItem, ...] = ()
    source: str = ""
    note: str = ""


# Short texts in other languages, by language code then field: {"ur": {"name": "…"}}. Long
# texts stay in the strategy's own language; pages mark them as such (docs/strategy-format.md).
Translations = dict[str, dict[str, Any]]


def _translations(item: dict[str, Any]) -> Translations:
    return {
        language: {
            name: [t.strip() for t in text] if isinstance(text, list) else text.strip()
            for name, text in texts.items()
        }
        for language, texts in item.get("translations", {}).items()
    }


@dataclass(frozen=True)
class ChallengeData:
    slug: str
    name: str
    heading: str = ""
    description: str = ""
    what_we_will_do: str = ""
    note: str = ""
    translations: Translations = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class PriorityData:
    slug: str
    name: str
    summary: str = ""
    what_we_will_do: str = ""
    related_programmes: tuple[NamedText, ...] = ()
    challenges: tuple[ChallengeData, ...] = ()
    translations: Translations = field(default_factory=dict, hash=False)

    @property
    def full_what_we_will_do(self) -> str:
        """The priority's own text, then each challenge's, as one text."""
        parts = [self.what_we_will_do, *(c.what_we_will_do for c in self.challenges)]
        return "\n".join(p.strip() for p in parts if p.strip())


@dataclass(frozen=True)
class PillarData:
    slug: str
    name: str
    summary: str
    outcome_statement: str
    objectives: tuple[str, ...]
    description: str = ""
    priorities: tuple[PriorityData, ...] = ()
    translations: Translations = field(default_factory=dict, hash=False)

    def objective_translations(self, number: int) -> Translations:
        """Objective `number` (from 1) in each language that translates it: {"ur": {"text": …}}."""
        return {
            language: {"text": texts["objectives"][number - 1]}
            for language, texts in self.translations.items()
            if len(texts.get("objectives", ())) >= number
        }


@dataclass(frozen=True)
class FocusCommunityData:
    slug: str
    name: str
    kind: str = "other"
    description: str = ""
    themes: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class QuoteData:
    text: str
    heading: str = ""
    source: str = ""
    pillar: str = ""
    challenge: str = ""
    note: str = ""


@dataclass(frozen=True)
class FigureData:
    key: str
    label: str
    unit: str
    area_label: str
    period_label: str
    as_of: dt.date
    as_of_precision: str  # "year", "month" or "day"
    source: str
    value: Decimal | None = None
    qualifier: str = ""
    display: str = ""
    area_code: str = ""
    quote: str = ""
    note: str = ""
    breakdown: dict[str, str] = field(default_factory=dict)
    group: str = ""
    pillar: str = ""
    challenge: str = ""
    headline: bool = False


@dataclass(frozen=True)
class StrategyData:
    """A whole strategy file, checked: what the loader writes to the database."""

    slug: str
    title: str
    place_name: str
    period_start: int
    period_end: int
    pillars: tuple[PillarData, ...]
    subtitle: str = ""
    translations: Translations = field(default_factory=dict, hash=False)
    district_code: str = ""
    summary: str = ""
    ambition: str = ""
    vision: str = ""
    note: str = ""
    partnership_name: str = ""
    partnership: str = ""
    governance_bodies: tuple[NamedText, ...] = ()
    contact_email: str = ""
    source_title: str = ""
    source_url: str = ""
    forewords: tuple[ForewordData, ...] = ()
    principles_intro: str = ""
    principles: tuple[PrincipleData, ...] = ()
    strengths_intro: str = ""
    strengths: tuple[StrengthData, ...] = ()
    case_studies: tuple[CaseStudyData, ...] = ()
    sections: tuple[SectionData, ...] = ()
    focus_communities: tuple[FocusCommunityData, ...] = ()
    quotes: tuple[QuoteData, ...] = ()
    figures: tuple[FigureData, ...] = ()
    file_name: str = ""
    sha256: str = ""

    @property
    def challenges(self) -> Iterator[tuple[PillarData, PriorityData, ChallengeData]]:
        for pillar in self.pillars:
            for priority in pillar.priorities:
                for challenge in priority.challenges:
                    yield pillar, priority, challenge


# --- Parsing with line numbers -----------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML, but dates stay text: the schema and our own check read them, so a bad
    date is reported with its line instead of failing inside PyYAML."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Tree:
    """Builds plain Python values from YAML nodes, remembering the line of every field."""

    def __init__(self, loader: _Loader, file: str):
        self.loader = loader
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []

    def build(self, node: Node, path: Path_) -> Any:
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    self.problems.append(
                        Problem(
                            self.file,
                            line,
                            field_path((*path, key)),
                            f"given twice (first on line {first_line[key]})",
                        )
                    )
                    continue
                first_line[key] = line
                self.lines[(*path, key)] = line
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = item.start_mark.line + 1
                items.append(self.build(item, (*path, index)))
            return items
        assert isinstance(node, ScalarNode)
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, float) and node.tag == "tag:yaml.org,2002:float":
            # Keep the number exactly as written: 62.6 must not become 62.59999….
            try:
                return Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                return value
        return value


def _parse(text: str, file: str, is_json: bool) -> tuple[Any, dict[Path_, int]]:
    """The file's data and the line of each field; raise StrategyFileError on bad syntax."""
    if is_json:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise StrategyFileError(
                [Problem(file, exc.lineno, "", f"not valid JSON: {exc.msg} (column {exc.colno})")]
            ) from exc
        # Valid JSON has raw tabs only between tokens (never inside strings), and YAML
        # does not allow them as indentation: make them spaces, keeping every line.
        text = text.replace("\t", " ")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise StrategyFileError([Problem(file, 1, "", "the file is empty")])
        tree = _Tree(loader, file)
        data = tree.build(node, ())
    except yaml.MarkedYAMLError as exc:
        if is_json:
            # Valid JSON that PyYAML reads differently (rare): check it without lines.
            return json.loads(text, parse_float=Decimal), {}
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise StrategyFileError([Problem(file, line, "", f"not valid YAML: {problem}")]) from exc
    finally:
        loader.dispose()
    tree.lines[()] = node.start_mark.line + 1
    if tree.problems:
        raise StrategyFileError(tree.problems)
    return data, tree.lines


# --- Checking ----------------------------------------------------------------------------


@cache
def load_schema() -> dict[str, Any]:
    """The format's JSON Schema (2020-12): the contract for anyone writing a file."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of fields",
    "array": "a list",
    "null": "null",
}


def _describe(value: Any) -> str:
    match value:
        case bool():
            return f"{str(value).lower()}"
        case str():
            shown = value if len(value) <= 40 else value[:37] + "…"
            return f"text {shown!r}"
        case int() | float() | Decimal():
            return f"the number {value}"
        case list():
            return "a list"
        case dict():
            return "a mapping"
        case None:
            return "nothing (null)"
    return type(value).__name__


class _Locator:
    def __init__(self, file: str, lines: dict[Path_, int]):
        self.file = file
        self.lines = lines

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor present in the file."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: Path_, message: str, *, at: Path_ | None = None) -> Problem:
        return Problem(self.file, self.line(path if at is None else at), field_path(path), message)


def _schema_problems(data: Any, where: _Locator) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(load_schema())
    problems: dict[str, Problem] = {}
    for error in validator.iter_errors(data):
        for problem in _explain(error, where):
            # One problem per field: "" breaks both minLength and the non-blank pattern.
            problems.setdefault(problem.field, problem)
    return list(problems.values())


def _explain(error: jsonschema.ValidationError, where: _Locator) -> list[Problem]:
    """Turn one jsonschema error into problems worded for the person editing the file."""
    path: Path_ = tuple(error.absolute_path)
    schema, instance, value = error.schema, error.instance, error.validator_value
    match error.validator:
        case "required":
            missing = [name for name in value if name not in instance]
            return [where.problem((*path, name), "is required but missing") for name in missing]
        case "additionalProperties":
            known = sorted(schema.get("properties", {}))
            problems = []
            for name in instance:
                if name in known:
                    continue
                message = "is not a field of the strategy format"
                if close := difflib.get_close_matches(str(name), known, n=1, cutoff=0.5):
                    message += f"; did you mean `{close[0]}`?"
                problems.append(where.problem((*path, name), message))
            return problems
        case "type":
            wanted = value if isinstance(value, list) else [value]
            words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
            message = f"must be {words}, not {_describe(instance)}"
            if "string" in wanted and isinstance(instance, int | float | Decimal | bool):
                message += f' (write it in quotes: "{instance}")'
            return [where.problem(path, message)]
        case "enum":
            choices = ", ".join(repr(c) for c in value)
            return [where.problem(path, f"must be one of {choices}, not {_describe(instance)}")]
        case "const":
            return [where.problem(path, f"must be {value!r}, not {_describe(instance)}")]
        case "pattern":
            message = schema.get("x-error", f"must match the pattern {value}")
            return [where.problem(path, f"{message} (not {_describe(instance)})")]
        case "minLength":
            return [where.problem(path, "must not be blank")]
        case "maxLength":
            return [
                where.problem(path, f"must be at most {value} characters (it has {len(instance)})")
            ]
        case "minimum":
            return [where.problem(path, f"must be at least {value}, not {instance}")]
        case "maximum":
            return [where.problem(path, f"must be at most {value}, not {instance}")]
        case "minItems":
            return [where.problem(path, f"must list at least {value} item(s)")]
    return [where.problem(path, error.message)]


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_as_of(value: str | int) -> tuple[dt.date, str]:
    """ "2017" → (2017-12-31, "year"); "2017-12" → (2017-12-31, "month"); a day as itself.

    A year or month is stored as its last day, with the precision beside it, so a page
    can print "December 2017" rather than a day the strategy never gave.
    """
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError("must be a date written YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return dt.date(year, 12, 31), "year"
    if not 1 <= month <= 12:
        raise ValueError(f"has no month {month:02d}")
    if day is None:
        return dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
    try:
        return dt.date(year, month, day), "day"
    except ValueError:
        raise ValueError(f"is not a real date ({value})") from None


def _unique(items: Iterable[tuple[Path_, str]], what: str, where: _Locator) -> Iterator[Problem]:
    seen: dict[str, Path_] = {}
    for path, value in items:
        if value in seen:
            first = where.line(seen[value])
            yield where.problem(path, f"{what} {value!r} is used twice (first on line {first})")
        else:
            seen[value] = path


def _semantic_problems(data: dict[str, Any], where: _Locator) -> list[Problem]:
    """What the schema cannot say. Runs only on data the schema accepted."""
    problems: list[Problem] = []
    if data["period_start"] > data["period_end"]:
        problems.append(
            where.problem(
                ("period_end",),
                f"must not be before period_start ({data['period_start']})",
            )
        )
    pillars = data["pillars"]
    problems += _unique(
        ((("pillars", i, "slug"), p["slug"]) for i, p in enumerate(pillars)), "slug", where
    )
    priorities = [
        (("pillars", i, "priorities", j), pr)
        for i, p in enumerate(pillars)
        for j, pr in enumerate(p.get("priorities", []))
    ]
    problems += _unique((((*path, "slug"), pr["slug"]) for path, pr in priorities), "slug", where)
    challenge_paths = [
        ((*path, "challenges", k, "slug"), ch["slug"])
        for path, pr in priorities
        for k, ch in enumerate(pr.get("challenges", []))
    ]
    challenge_slugs = {slug for _, slug in challenge_paths}
    problems += _unique(challenge_paths, "slug", where)
    pillar_slugs = {p["slug"] for p in pillars}

    def check_refs(item: dict[str, Any], path: Path_) -> None:
        # A figure's pillar may differ from its challenge's: `challenge` says where the
        # strategy prints it, `pillar` which outcome it is a baseline for.
        pillar, challenge = item.get("pillar"), item.get("challenge")
        if pillar is not None and pillar not in pillar_slugs:
            problems.append(where.problem((*path, "pillar"), f"no pillar has the slug {pillar!r}"))
        if challenge is not None and challenge not in challenge_slugs:
            problems.append(
                where.problem((*path, "challenge"), f"no challenge has the slug {challenge!r}")
            )

    for name, what in (("focus_communities", "slug"), ("sections", "slug")):
        problems += _unique(
            (((name, i, what), item[what]) for i, item in enumerate(data.get(name, []))),
            what,
            where,
        )
    for i, quote in enumerate(data.get("quotes", [])):
        check_refs(quote, ("quotes", i))
    figures = data.get("baseline_figures", [])
    problems += _unique(
        ((("baseline_figures", i, "key"), f["key"]) for i, f in enumerate(figures)), "key", where
    )
    for i, figure in enumerate(figures):
        path = ("baseline_figures", i)
        check_refs(figure, path)
        try:
            parse_as_of(figure["as_of"])
        except ValueError as exc:
            problems.append(where.problem((*path, "as_of"), str(exc)))
        value = figure.get("value")
        if value is None and not figure.get("display", "").strip():
            problems.append(
                where.problem(
                    (*path, "value"),
                    "give the number, or `display` text when the strategy states no number",
                )
            )
        elif value is not None and not Decimal(str(value)).is_finite():
            problems.append(where.problem((*path, "value"), "must be a finite number"))
    return problems


# --- Building the typed tree -------------------------------------------------------------


def _text(item: dict[str, Any], name: str) -> str:
    return (item.get(name) or "").strip()


def _named(items: Iterable[dict[str, Any]]) -> tuple[NamedText, ...]:
    return tuple(NamedText(i["name"].strip(), _text(i, "description")) for i in items)


def _build(data: dict[str, Any], file_name: str, sha256: str) -> StrategyData:
    figures = []
    pillar_of = {
        ch["slug"]: p["slug"]
        for p in data["pillars"]
        for pr in p.get("priorities", [])
        for ch in pr.get("challenges", [])
    }
    for f in data.get("baseline_figures", []):
        as_of, precision = parse_as_of(f["as_of"])
        pillar = f.get("pillar") or pillar_of.get(f.get("challenge", ""), "")
        figures.append(
            FigureData(
                key=f["key"],
                label=f["label"].strip(),
                unit=f["unit"],
                area_label=f["area_label"].strip(),
                period_label=f["period_label"].strip(),
                as_of=as_of,
                as_of_precision=precision,
                source=f["source"].strip(),
                value=None if f.get("value") is None else Decimal(str(f["value"])),
                qualifier=f.get("qualifier", ""),
                display=_text(f, "display"),
                area_code=f.get("area_code", ""),
                quote=_text(f, "quote"),
                note=_text(f, "note"),
                breakdown=dict(f.get("breakdown", {})),
                group=f.get("group", ""),
                pillar=pillar,
                challenge=f.get("challenge", ""),
                headline=bool(f.get("headline", False)),
            )
        )
    quotes = []
    for q in data.get("quotes", []):
        pillar = q.get("pillar") or pillar_of.get(q.get("challenge", ""), "")
        quotes.append(
            QuoteData(
                text=q["text"].strip(),
                heading=_text(q, "heading"),
                source=_text(q, "source"),
                pillar=pillar,
                challenge=q.get("challenge", ""),
                note=_text(q, "note"),
            )
        )
    return StrategyData(
        slug=data["slug"],
        title=data["title"].strip(),
        subtitle=_text(data, "subtitle"),
        translations=_translations(data),
        place_name=data["place_name"].strip(),
        district_code=data.get("district_code", ""),
        period_start=data["period_start"],
        period_end=data["period_end"],
        summary=_text(data, "summary"),
        ambition=_text(data, "ambition"),
        vision=_text(data, "vision"),
        note=_text(data, "note"),
        partnership_name=_text(data, "partnership_name"),
        partnership=_text(data, "partnership"),
        governance_bodies=_named(data.get("governance_bodies", [])),
        contact_email=data.get("contact_email", ""),
        source_title=_text(data, "source_title"),
        source_url=data.get("source_url", ""),
        forewords=tuple(
            ForewordData(f["author"].strip(), f["text"].strip(), _text(f, "role"))
            for f in data.get("forewords", [])
        ),
        principles_intro=_text(data, "principles_intro"),
        principles=tuple(
            PrincipleData(p["name"].strip(), _text(p, "description"), _text(p, "note"))
            for p in data.get("principles", [])
        ),
        strengths_intro=_text(data, "strengths_intro"),
        strengths=tuple(
            StrengthData(s["name"].strip(), s["description"].strip())
            for s in data.get("strengths", [])
        ),
        case_studies=tuple(
            CaseStudyData(c["title"].strip(), c["text"].strip(), _text(c, "note"))
            for c in data.get("case_studies", [])
        ),
        sections=tuple(
            SectionData(
                slug=s["slug"],
                title=s["title"].strip(),
                body=_text(s, "body"),
                items=tuple(
                    SectionItem(i["text"].strip(), _text(i, "label"), _text(i, "title"))
                    for i in s.get("items", [])
                ),
                source=_text(s, "source"),
                note=_text(s, "note"),
            )
            for s in data.get("sections", [])
        ),
        pillars=tuple(
            PillarData(
                slug=p["slug"],
                name=p["name"].strip(),
                summary=p["summary"].strip(),
                outcome_statement=p["outcome_statement"].strip(),
                objectives=tuple(o.strip() for o in p["objectives"]),
                description=_text(p, "description"),
                translations=_translations(p),
                priorities=tuple(
                    PriorityData(
                        slug=pr["slug"],
                        name=pr["name"].strip(),
                        summary=_text(pr, "summary"),
                        what_we_will_do=_text(pr, "what_we_will_do"),
                        related_programmes=_named(pr.get("related_programmes", [])),
                        translations=_translations(pr),
                        challenges=tuple(
                            ChallengeData(
                                slug=c["slug"],
                                name=c["name"].strip(),
                                heading=_text(c, "heading"),
                                description=_text(c, "description"),
                                what_we_will_do=_text(c, "what_we_will_do"),
                                note=_text(c, "note"),
                                translations=_translations(c),
                            )
                            for c in pr.get("challenges", [])
                        ),
                    )
                    for pr in p.get("priorities", [])
                ),
            )
            for p in data["pillars"]
        ),
        focus_communities=tuple(
            FocusCommunityData(
                slug=c["slug"],
                name=c["name"].strip(),
                kind=c.get("kind", "other"),
                description=_text(c, "description"),
                themes=tuple(t.strip() for t in c.get("themes", [])),
                note=_text(c, "note"),
            )
            for c in data.get("focus_communities", [])
        ),
        quotes=tuple(quotes),
        figures=tuple(figures),
        file_name=file_name,
        sha256=sha256,
    )


# --- Entry points ------------------------------------------------------------------------


def parse_strategy(content: bytes | str, file_name: str = "<strategy>") -> StrategyData:
    """Check a strategy file's content and return it typed; raise StrategyFileError.

    JSON is recognised by the file name (".json") or a leading "{"; anything else is YAML.
    """
    raw = content.encode("utf-8") if isinstance(content, str) else content
    sha256 = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise StrategyFileError([Problem(file_name, line, "", "not UTF-8 text")]) from exc
    is_json = file_name.lower().endswith(".json") or text.lstrip().startswith("{")
    data, lines = _parse(text, file_name, is_json)
    where = _Locator(file_name, lines)
    problems = _schema_problems(data, where)
    if problems:
        raise StrategyFileError(problems)
    problems = _semantic_problems(data, where)
    if problems:
        raise StrategyFileError(problems)
    return _build(data, Path(file_name).name, sha256)


def read_strategy(path: str | Path) -> StrategyData:
    """Read and check the strategy file at `path`; raise StrategyFileError."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        problem = Problem(str(path), None, "", f"cannot read: {exc.strerror}")
        raise StrategyFileError([problem]) from exc
    return parse_strategy(content, str(path))

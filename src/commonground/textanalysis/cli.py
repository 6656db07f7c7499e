"""``commonground consult code`` and ``commonground consult themes``: text analysis for officers.

``consult code FILE --themes CODEBOOK.json`` suggests codes for each response against a
codebook; ``consult themes FILE`` proposes a codebook from the responses alone.  FILE is JSON
Lines (one ``{"response_id": …, "response": …}`` a line) or CSV with those columns, told apart
by its extension (.jsonl/.ndjson/.csv) or, failing that, by its first character.  ``--json``
prints exactly what the Conversations issue asks for; without it a readable table.  Errors are
one line on stderr (``file:line: what is wrong``) and exit status 2.  Runs without Django.

``commonground.cli`` strips the leading "consult code"/"consult themes" and calls
:func:`code_main` / :func:`themes_main` (through ``cli_code`` and ``cli_themes``);
``python -m commonground.textanalysis.cli code|themes …`` calls :func:`main`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .coding import CodebookError, load_codebook

__all__ = ["InputError", "Response", "code_main", "main", "read_responses", "themes_main"]

CSV_EXTENSIONS = {".csv"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines"}


class InputError(ValueError):
    """A responses file that cannot be read; the message is ``file:line: what is wrong``."""


class _UsageError(Exception):
    """Raised instead of argparse's multi-line usage-and-exit, so the error stays one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


@dataclass(frozen=True)
class Response:
    """One resident's response: its id as given in the file (kept for the output) and text."""

    response_id: str | int
    response: str


# --------------------------------------------------------------------------- reading


def _is_csv(path: Path, head: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in CSV_EXTENSIONS:
        return True
    if suffix in JSONL_EXTENSIONS:
        return False
    return not head.lstrip().startswith("{")


def _check_id(value: object, where: str) -> str | int:
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
        raise InputError(f'{where}: "response_id" must be a non-empty string or integer')
    return value


def _read_jsonl(path: Path, lines: list[str]) -> list[Response]:
    responses = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where}: not valid JSON ({error.msg})") from None
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected a JSON object")
        for key in ("response_id", "response"):
            if key not in item:
                raise InputError(f'{where}: missing "{key}"')
        text = item["response"]
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise InputError(f'{where}: "response" must be a string')
        responses.append(Response(_check_id(item["response_id"], where), text))
    return responses


def _read_csv(path: Path, text: str) -> list[Response]:
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("response_id", "response") if c not in columns]
    if missing:
        found = ", ".join(columns) or "none"
        raise InputError(f"{path}:1: missing column(s) {', '.join(missing)} (found: {found})")
    reader.fieldnames = columns
    responses = []
    for row in reader:
        where = f"{path}:{reader.line_num}"
        if None in row:
            raise InputError(f"{where}: more fields than the header has")
        responses.append(Response(_check_id(row["response_id"], where), row["response"] or ""))
    return responses


def read_responses(path: str | Path) -> list[Response]:
    """Responses from a JSON Lines or CSV file; :class:`InputError` names file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    if _is_csv(path, text[:200]):
        responses = _read_csv(path, text)
    else:
        responses = _read_jsonl(path, text.splitlines())
    if not responses:
        raise InputError(f"{path}: no responses")
    seen: set[str] = set()
    for response in responses:
        key = str(response.response_id)
        if key in seen:
            raise InputError(f'{path}: duplicate response_id "{key}"')
        seen.add(key)
    return responses


# --------------------------------------------------------------------------- progress


@contextmanager
def _progress(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


# --------------------------------------------------------------------------- commands


def _code_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="commonground consult code",
        description="Suggest codebook topics for each response (JSON Lines or CSV).",
    )
    parser.add_argument("file", metavar="FILE", help="responses: .jsonl or .csv")
    parser.add_argument(
        "--themes", required=True, metavar="CODEBOOK.json", help="JSON list of topics"
    )
    parser.add_argument("--json", action="store_true", help="print the suggestions as JSON")
    parser.add_argument(
        "--threshold", type=float, metavar="X", help="least cosine similarity for a code (0.25)"
    )
    parser.add_argument(
        "--examples",
        metavar="CODED.jsonl",
        help="responses officers have coded: response_id, response, labels (topic ids)",
    )
    return parser


def _themes_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="commonground consult themes",
        description="Propose a codebook of themes from the responses alone.",
    )
    parser.add_argument("file", metavar="FILE", help="responses: .jsonl or .csv")
    parser.add_argument("--json", action="store_true", help="print the codebook as JSON")
    parser.add_argument("--n-themes", type=int, metavar="K", help="number of themes (automatic)")
    parser.add_argument("--seed", type=int, default=0, help="clustering seed (0)")
    return parser


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _run(
    prog: str,
    parser: argparse.ArgumentParser,
    argv: list[str],
    body: Callable[[argparse.Namespace], int],
) -> int:
    """Parse, run, and turn every expected failure into one line on stderr and status 2."""
    try:
        return body(parser.parse_args(argv))
    except (_UsageError, InputError, CodebookError) as error:
        print(f"{prog}: {error}", file=sys.stderr)
    except BrokenPipeError:  # `… | head`: the reader has gone, which is not an error
        sys.stderr.close()
        return 0
    return 2


def code_main(argv: list[str]) -> int:
    """``commonground consult code FILE --themes CODEBOOK.json [--examples CODED.jsonl] [--json]
    [--threshold X]``."""

    def body(args: argparse.Namespace) -> int:
        from .coding import load_examples, suggest_codes
        from .pii import mask_personal_data

        if args.threshold is not None and not -1.0 <= args.threshold <= 1.0:
            raise _UsageError("--threshold must be between -1 and 1")
        codebook = load_codebook(args.themes)
        examples = load_examples(args.examples, codebook) if args.examples else None
        responses = read_responses(args.file)
        with _progress("Coding responses") as progress:
            suggestions = suggest_codes(
                [r.response for r in responses],
                codebook,
                examples=examples,
                threshold=args.threshold,
                progress=progress,
            )
        if args.json:
            out = [
                {"response_id": r.response_id, "labels": s.labels}
                for r, s in zip(responses, suggestions, strict=True)
            ]
            print(json.dumps(out, ensure_ascii=False))
            return 0
        labels = {entry.topic_id: entry.topic_label for entry in codebook}
        print(f"{'response_id':<14} {'suggested codes':<44} response")
        for r, s in zip(responses, suggestions, strict=True):
            codes = ", ".join(f"{labels[c]} ({s.scores[c]:.2f})" for c in s.labels) or "—"
            print(f"{r.response_id!s:<14} {_shorten(codes, 44):<44} ", end="")
            print(_shorten(mask_personal_data(r.response), 60))
        coded = sum(bool(s.labels) for s in suggestions)
        print(f"\n{coded} of {len(responses)} responses have a suggested code.")
        return 0

    return _run("commonground consult code", _code_parser(), argv, body)


def themes_main(argv: list[str]) -> int:
    """``commonground consult themes FILE [--json] [--n-themes K]``."""

    def body(args: argparse.Namespace) -> int:
        if args.n_themes is not None and args.n_themes < 1:
            raise _UsageError("--n-themes must be at least 1")
        responses = read_responses(args.file)
        # Imported once the input is known to be good: scikit-learn takes seconds to import.
        from .pii import mask_personal_data
        from .themes import propose_themes

        texts = [r.response for r in responses]
        with _progress("Finding themes") as progress:
            themes = propose_themes(
                texts, n_themes=args.n_themes, seed=args.seed, progress=progress
            )
        if args.json:
            print(json.dumps([t.codebook_entry() for t in themes], ensure_ascii=False))
            return 0
        placed = sum(len(t.members) for t in themes)
        print(f"{len(themes)} themes in {len(texts)} responses ({len(texts) - placed} set aside)")
        for theme in themes:
            print(f"\n{theme.topic_id}  {theme.topic_label}  ({len(theme.members)} responses)")
            for index in theme.representative[:3]:
                print(f"  “{_shorten(mask_personal_data(texts[index]), 96)}”")
        return 0

    return _run("commonground consult themes", _themes_parser(), argv, body)


def main(argv: list[str] | None = None) -> int:
    """``code …`` or ``themes …`` (as after ``commonground consult``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    commands = {"code": code_main, "themes": themes_main}
    if not args or args[0] not in commands:
        print("usage: commonground consult {code,themes} FILE …", file=sys.stderr)
        return 2
    return commands[args[0]](args[1:])


if __name__ == "__main__":
    sys.exit(main())

"""`commonground load-strategy FILE`: check a strategy file and load it, all or nothing.

On any problem it prints every one, as "FILE:LINE: field `path`: message", to stderr and
exits with status 2 without touching the database, so it is safe in a deploy script.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commonground.core.strategy.loader import StrategyLoadError, load_strategy
from commonground.core.strategy.reader import StrategyFileError, read_strategy


class Command(BaseCommand):
    help = (
        "Validate and load a programme strategy file (YAML or JSON; see "
        "docs/strategy-format.md). Loading makes it the place's current strategy."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The strategy file (.yaml, .yml or .json).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and the load, then roll back: nothing is saved.",
        )
        parser.add_argument(
            "--not-current",
            action="store_true",
            help="Load without making it the current strategy (e.g. an archived one).",
        )

    def handle(self, *args, file: Path, dry_run: bool, not_current: bool, **options) -> None:
        try:
            data = read_strategy(file)
            result = load_strategy(data, make_current=not not_current, dry_run=dry_run)
        except StrategyFileError as exc:
            self._fail(file, [str(p) for p in exc.problems])
        except StrategyLoadError as exc:
            self._fail(file, [f"{file}: {p}" for p in exc.problems])
        self.stdout.write(result.summary())

    def _fail(self, file: Path, problems: list[str]) -> None:
        for problem in problems:
            self.stderr.write(problem)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise CommandError(f"{file}: {count}; nothing was loaded.", returncode=2)

"""The `commonground` command.

`commonground pb …` and `commonground measures segregation …` run pure computation
packages without starting Django (they need no database).
Every other word is a Django management command, with hyphens for underscores, so
`commonground load-strategy FILE` is `manage.py load_strategy FILE` and
`commonground fund import-pb FILE` is `manage.py fund import-pb FILE`.

A command that needs the database, run before the database has its tables (a fresh
checkout where neither `make demo` nor `commonground migrate` has run), says so in one line
on stderr and exits 2 instead of printing an `OperationalError` traceback. That is decided
here, once, for every command: commands that start long-lived processes (`CHECKED_FIRST`) are
checked before they start; every other command runs, and a database error it raises is
explained if the tables are missing (so a bad input file is still reported first, with no
database needed to find out).
"""

import importlib
import os
import sys

# Commands served by packages that never import Django: (leading words) → module with main().
PURE_COMMANDS: dict[tuple[str, ...], str] = {
    ("pb",): "commonground.pb.cli",
    ("measures", "segregation"): "commonground.segregation.cli",
    ("consult", "code"): "commonground.textanalysis.cli_code",
    ("consult", "themes"): "commonground.textanalysis.cli_themes",
    ("panel", "select"): "commonground.sortition.cli",
    ("safety", "hotspots"): "commonground.spatial.cli_hotspots",
    ("schools", "link"): "commonground.schoolmix.cli_link",
    ("schools", "segregation"): "commonground.schoolmix.cli_segregation",
    ("evaluate",): "commonground.causal.cli",
    ("readiness", "score"): "commonground.readinessmodel.cli",
}

# Environment a pure command starts NumPy with, unless the caller set it. The PB engine's
# arrays are small and its work is sums and sorts, never BLAS; OpenBLAS starting one thread
# per core at import is then a third of a short `pb compute`'s CPU time (about 40 ms of 110 ms
# for NumPy's import on the 2-core development machine), spent on nothing.
PURE_COMMAND_ENVIRONMENT: dict[tuple[str, ...], dict[str, str]] = {
    ("pb",): {"OPENBLAS_NUM_THREADS": "1"},
}

SHORTCUTS = {
    "demo": "Migrate, load Bradford's strategy, areas and demo data, then serve on :8000.",
    "serve": "Serve the platform (gunicorn) with an in-process task worker.",
    "load-strategy": "Validate and load a programme strategy file (YAML or JSON).",
    "load-areas": "Load a district's wards, MSOAs and LSOAs with boundaries from ONS data.",
    "pb": "Participatory-budgeting engine: compute, compare, analyse .pb files.",
    "measures segregation": "Segregation and diversity indices from area counts (CSV).",
    "consult code": "Suggest codebook topics for consultation responses (JSONL/CSV).",
    "consult themes": "Propose themes (a codebook) from consultation responses.",
    "panel select": "Select a representative panel by a fair lottery with quotas (CSV).",
    "services import-oruk": "Import Open Referral UK 3.0 services (JSON) into the directory.",
    "safety hotspots": "Getis-Ord Gi* hotspots of counts per LSOA (CSV).",
    "safety remind": "Remind partners whose regular tension report is overdue (daily).",
    "involved remind": "Remind people with a place at an event starting soon (run hourly).",
    "people erase-expired": "Erase panel respondents' details past their deletion date (daily).",
    "schools link": "Propose school linking pairs that maximise difference (CSV).",
    "schools segregation": "Schools more or less White British than their neighbours (CSV).",
    "evaluate": "Evaluate an intervention: DiD, event study or synthetic control (CSV).",
    "readiness score": "Score a Community Readiness assessment from scorers' sheets (CSV).",
}


# Commands whose database is checked before they start: those that start processes which
# would otherwise run on without tables (a web server answering 500s, a worker failing each
# poll), and those that turn a database error into a message of their own. (`rqworker` is
# not one: Redis holds its queue, and a task that needs missing tables fails as a job.)
CHECKED_FIRST = frozenset(
    {"serve", "task_worker", "db_worker", "runserver", "dumpdata", "loaddata"}
)

# Commands that create the tables: their own database errors are theirs to report.
SETS_UP = frozenset({"migrate", "demo", "flush", "test", "testserver"})

NO_TABLES = "The database has no tables yet: run `commonground migrate` (or `make demo`) first."
NOT_MIGRATED = (
    "The database is missing {count} migration(s) ({first} …): run `commonground migrate` first."
)
UNREACHABLE = "The database cannot be opened ({error}): check DATABASE_URL."


def _usage() -> str:
    lines = ["usage: commonground COMMAND [ARGS…]", "", "Commands:"]
    lines += [f"  {name:<22} {text}" for name, text in SHORTCUTS.items()]
    lines += ["", "Any Django management command also works, e.g. `commonground migrate`."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    for words, module in PURE_COMMANDS.items():
        if tuple(args[: len(words)]) == words:
            for name, value in PURE_COMMAND_ENVIRONMENT.get(words, {}).items():
                os.environ.setdefault(name, value)
            return importlib.import_module(module).main(args[len(words) :])
    command, rest = args[0].replace("-", "_"), args[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    if command in CHECKED_FIRST and not {"-h", "--help", "--version"} & set(rest):
        import django

        django.setup()
        problem = database_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 2
    try:
        execute_from_command_line(["commonground", command, *rest])
    except DatabaseError:
        problem = None if command in SETS_UP else database_problem()
        if problem is None:
            raise
        print(problem, file=sys.stderr)
        return 2
    return 0


def database_problem() -> str | None:
    """One line saying what to run before a command can use the database, or None if ready.

    A SQLite file that does not exist yet is not created just to find that it is empty.
    """
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    if not connection.in_atomic_block:  # closing inside one would break its transaction
        connection.close()  # a failed statement may have left the connection unusable
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite" and not _sqlite_file_exists(settings_dict["NAME"]):
        return NO_TABLES
    try:
        if not connection.introspection.table_names():
            return NO_TABLES
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return UNREACHABLE.format(error=first_line)
    if plan:
        migration = plan[0][0]
        return NOT_MIGRATED.format(count=len(plan), first=f"{migration.app_label}.{migration.name}")
    return None


def _sqlite_file_exists(name: object) -> bool:
    text = str(name)
    if text == ":memory:" or text.startswith("file:"):
        return True
    return os.path.exists(text)


if __name__ == "__main__":
    sys.exit(main())

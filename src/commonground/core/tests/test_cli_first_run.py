"""The `commonground` command on a database with no tables yet (issue 11, part 10).

On a fresh checkout where neither `make demo` nor `commonground migrate` has run, every
command that needs the database says what to run first — one line on stderr, exit 2 —
instead of an `OperationalError` traceback. Each test runs the real CLI in a subprocess with
`DATABASE_URL` pointing at an empty SQLite file.

The guard: every management command the platform offers is listed below, either as needing
the tables (and checked) or as running without them, so a new command cannot slip past.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class

from commonground.cli import NO_TABLES, NOT_MIGRATED, database_problem

PABULIB_FILE = settings.SHARED_DIR / "data" / "pabulib" / "France_Toulouse_2019.pb"
STRATEGY_FILE = settings.BASE_DIR / "data" / "strategies" / "bradford-2018-2023.yaml"
SCHOOLS_FILE = (
    settings.SHARED_DIR
    / "data"
    / "uk"
    / "schools"
    / "schools_2022-23_bradford_plus10km_ethnicity_latlong.csv"
)
ORUK_SERVICES = (
    settings.SHARED_DIR / "standards" / "openreferral-uk" / "3.0" / "examples" / "service_list.json"
)

# Our own commands, as an operator types them.
OUR_DATABASE_COMMANDS: dict[str, list[str]] = {
    "fund import-pb": ["fund", "import-pb", str(PABULIB_FILE)],
    "fund results": ["fund", "results", "1", "--json"],
    "fund export-pb": ["fund", "export-pb", "1"],
    "load-strategy": ["load-strategy", str(STRATEGY_FILE)],
    "load-areas": ["load-areas", "--background"],
    "measures sync-strategy": ["measures", "sync-strategy"],
    "measures load-census": ["measures", "load-census", "--data-dir", "{tmp}"],
    "measures upload": ["measures", "upload", "{tmp}/figures.csv", "--organisation", "police"],
    "measures issue-token": ["measures", "issue-token", "--organisation", "police", "--name", "x"],
    "measures late": ["measures", "late"],
    "serve": ["serve", "--port", "1"],
    "task-worker": ["task-worker", "--batch"],
    "safety delete-personal-details": ["safety", "delete-personal-details"],
    "schools load": ["schools", "load", str(SCHOOLS_FILE)],
    "services import-oruk": ["services", "import-oruk", "{tmp}/services.json"],
    "referrals anonymise": ["referrals", "anonymise"],
    "people erase-expired": ["people", "erase-expired"],
    "safety remind": ["safety", "remind"],
    "involved remind": ["involved", "remind"],
}

# The command and the two that start processes run each in its own console-script
# process; every other command runs in one process through the same entry point
# (`commonground.cli.main`), which keeps the suite quick on a small machine.
ON_THEIR_OWN = ["fund import-pb", "serve", "task-worker"]

# Django's and libraries' commands that need the tables.
LIBRARY_DATABASE_COMMANDS: dict[str, list[str]] = {
    "changepassword": ["changepassword", "someone"],
    "clearsessions": ["clearsessions"],
    "createsuperuser": ["createsuperuser", "--noinput", "--username", "a", "--email", "a@b.c"],
    "dumpdata": ["dumpdata", "core"],
    "loaddata": ["loaddata", "{tmp}/fixture.json"],
    "remove_stale_contenttypes": ["remove_stale_contenttypes", "--noinput"],
    "db_worker": ["db_worker", "--batch"],
    "prune_db_task_results": ["prune_db_task_results"],
    "runserver": ["runserver", "--noreload", "127.0.0.1:1"],
    "axes_list_attempts": ["axes_list_attempts"],
    "axes_reset": ["axes_reset"],
    "axes_reset_failure_logs": ["axes_reset_failure_logs"],
    "axes_reset_ip": ["axes_reset_ip", "192.0.2.1"],
    "axes_reset_ip_username": ["axes_reset_ip_username", "192.0.2.1", "someone"],
    "axes_reset_logs": ["axes_reset_logs"],
    "axes_reset_username": ["axes_reset_username", "someone"],
}

# Commands that run without the platform's tables: they create or inspect the schema, handle
# files or translations, or (demo) migrate first; flush on no tables has nothing to empty.
WITHOUT_TABLES = {
    "check", "collectstatic", "compilemessages", "createcachetable", "dbshell", "demo",
    "diffsettings", "export_openapi_schema", "findstatic", "flush", "inspectdb", "makemessages",
    "makemigrations", "migrate", "optimizemigration", "sendtestemail", "shell", "showmigrations",
    "sqlflush", "sqlmigrate", "sqlsequencereset", "squashmigrations", "startapp", "startproject",
    "test", "testserver",
}  # fmt: skip

# Subcommands of our grouped commands, and how OUR_DATABASE_COMMANDS names them.
GROUPED = {
    "fund": "commonground.fund",
    "involved": "commonground.involved",
    "measures": "commonground.measures",
    "people": "commonground.people",
    "referrals": "commonground.referrals",
    "schools": "commonground.schools",
    "services": "commonground.services",
}
SINGLE = {"load_strategy", "load_areas", "serve", "task_worker"}


CLI = [sys.executable, "-m", "commonground.cli"]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """The console script's code path, in its own process, from the checkout."""
    return subprocess.run(
        [*CLI, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def empty_database_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TASK_BACKEND"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        COMMONGROUND_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="commonground.test_settings",
        PYTHONPATH="src",
    )
    return env


def _subcommands(command: str) -> set[str]:
    parser = load_command_class(GROUPED[command], command).create_parser("commonground", command)
    choices = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {f"{command} {name}" for name in choices}


@pytest.mark.engine
def test_every_command_is_listed_as_needing_the_tables_or_not():
    listed = (
        {name.split()[0].replace("-", "_") for name in OUR_DATABASE_COMMANDS}
        | set(LIBRARY_DATABASE_COMMANDS)
        | WITHOUT_TABLES
    )
    available = set(get_commands()) - {"rqworker"}  # only with TASK_BACKEND=redis; no tables
    assert available == listed, (
        f"not listed: {sorted(available - listed)}; gone: {sorted(listed - available)}"
    )
    for command in GROUPED:
        grouped = {name for name in OUR_DATABASE_COMMANDS if name.startswith(f"{command} ")}
        assert _subcommands(command) == grouped
    assert {n.replace("-", "_") for n in OUR_DATABASE_COMMANDS if " " not in n} == SINGLE


@pytest.mark.engine
@pytest.mark.parametrize("name", ON_THEIR_OWN)
def test_our_command_on_an_empty_database_says_to_migrate(name, tmp_path):
    done = run(empty_database_env(tmp_path), *OUR_DATABASE_COMMANDS[name])
    assert (done.returncode, done.stderr) == (2, NO_TABLES + "\n"), done.stderr
    assert "Traceback" not in done.stdout


DRIVER = """
import contextlib, io, json, sys
from commonground.cli import main
results = {}
for name, args in json.loads(sys.argv[1]).items():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(args)
        except SystemExit as exit:
            code = exit.code
    results[name] = [code, err.getvalue()]
print(json.dumps(results))
"""


@pytest.mark.engine
def test_every_other_database_command_on_an_empty_database_says_to_migrate(tmp_path):
    (tmp_path / "fixture.json").write_text("[]", encoding="utf-8")
    (tmp_path / "figures.csv").write_text("indicator,area,period,value\n", encoding="utf-8")
    services = json.loads(ORUK_SERVICES.read_text(encoding="utf-8"))["contents"]
    (tmp_path / "services.json").write_text(json.dumps(services), encoding="utf-8")
    ours = {k: v for k, v in OUR_DATABASE_COMMANDS.items() if k not in ON_THEIR_OWN}
    commands = {
        name: [a.replace("{tmp}", str(tmp_path)) for a in args]
        for name, args in (ours | LIBRARY_DATABASE_COMMANDS).items()
    }
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(commands)],
        env=empty_database_env(tmp_path),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    wrong = {name: got for name, got in results.items() if got != [2, NO_TABLES + "\n"]}
    assert not wrong, wrong


@pytest.mark.engine
def test_a_database_behind_on_migrations_names_the_first_missing_one(tmp_path):
    """A database some migrations behind (the checkout was updated, `migrate` not run)."""
    env = empty_database_env(tmp_path)
    with sqlite3.connect(tmp_path / "empty.sqlite3") as database:
        database.execute(
            "CREATE TABLE django_migrations (id integer PRIMARY KEY AUTOINCREMENT, "
            "app varchar(255), name varchar(255), applied datetime)"
        )
        database.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('contenttypes', '0001_initial', '2026-01-01')"
        )
    done = run(env, "fund", "results", "1")
    assert done.returncode == 2, done.stderr
    first, *rest = done.stderr.splitlines()
    assert not rest, done.stderr
    prefix = NOT_MIGRATED.split("{count}")[0]
    assert first.startswith(prefix) and "run `commonground migrate` first." in first, first


@pytest.mark.engine
def test_database_free_commands_still_run_without_any_database(tmp_path):
    env = empty_database_env(tmp_path)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"
    done = run(env, "pb", "compute", str(PABULIB_FILE), "--rule", "greedy", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["selected"], done.stdout
    assert not (tmp_path / "no-such-folder").exists()


@pytest.mark.django_db
def test_the_migrated_test_database_has_no_problem():
    assert database_problem() is None

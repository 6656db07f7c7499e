"""The `commonground` command: a front door to the platform's commands."""

import subprocess
import sys

import pytest

from commonground.cli import main


def test_help_lists_the_main_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("demo", "serve", "load-strategy", "load-areas", "pb"):
        assert command in out


@pytest.mark.engine
def test_installed_console_script_runs_django_commands():
    done = subprocess.run(
        [sys.executable, "-m", "commonground.cli", "load-areas", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "--district" in done.stdout

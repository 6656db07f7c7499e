"""`commonground fund import-pb` on a bad file: one line on stderr, exit status 2, no round.

The same contract as `commonground pb compute` (issue 10): the reader's ``FILE:LINE: what``
line, never a traceback, and nothing saved.
"""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commonground.fund.models import Round

BAD = "META\nkey;value\nnum_projects;1\nnum_votes;2\nbudget;10\nvote_type;approval\n"
BAD += "PROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n"  # one voter of two


@pytest.mark.django_db
def test_import_of_a_cut_file_is_refused_with_exit_2(tmp_path):
    path = tmp_path / "cut.pb"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("fund", "import-pb", str(path))
    assert caught.value.returncode == 2
    assert str(caught.value).startswith(f"{path}:4: META num_votes is 2")
    assert "\n" not in str(caught.value)
    assert not Round.objects.exists()


@pytest.mark.engine
def test_command_line_prints_one_line_and_exits_2(tmp_path):
    path = tmp_path / "binary.pb"
    path.write_bytes(b"META\nkey;value\nbudget;\xff\n")
    done = subprocess.run(
        [sys.executable, "-m", "commonground.cli", "fund", "import-pb", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"{path}:3: not UTF-8 text" in lines[0]

"""`commonground measures …` subcommands."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commonground.measures.models import Observation, Upload

from .conftest import HEADER


def run(*args: str) -> str:
    out = StringIO()
    call_command("measures", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_sync_strategy(strategy):
    assert "3 indicators from bradford-2018-2023 (3 new)" in run("sync-strategy")


def test_sync_strategy_without_a_strategy(db):
    with pytest.raises(CommandError, match="No strategy is loaded"):
        run("sync-strategy")


def test_upload_from_the_command_line(indicators, police, tmp_path):
    path = tmp_path / "hate.csv"
    path.write_text(HEADER + "hate-crimes,E05001365,2021,,42,,\n")
    output = run("upload", str(path), "--organisation", police.slug)
    assert "accepted: 1 rows, 1 figures added" in output
    assert Observation.objects.filter(indicator__slug="hate-crimes").count() == 1
    assert Upload.objects.get().via == "cli"


def test_a_rejected_upload_exits_non_zero_with_the_report(indicators, police, tmp_path):
    path = tmp_path / "hate.csv"
    path.write_text(HEADER + "hate-crimes,E05009999,2021,,42,,\n")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("measures", "upload", str(path), "--organisation", police.slug, stderr=out)
    assert exit_.value.code == 2
    assert "row 2, column area_code: no area has the code 'E05009999'" in out.getvalue()


def test_issue_token_and_late(indicators, police):
    assert "cgm_" in run("issue-token", "--organisation", police.slug, "--name", "Warehouse")
    assert "satisfied-with-area: West Yorkshire Police" in run("late")

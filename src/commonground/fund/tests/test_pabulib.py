"""Past rounds from real Pabulib files: `fund import-pb` then `fund results --json` must equal
the PB engine run on the file itself; and a round's .pb export reads back the same."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from commonground.fund.exports import pabulib_export
from commonground.fund.models import Round
from commonground.pb import (
    PABULIB_RULES,
    RULES,
    compute,
    pabulib_rule,
    read_pb,
    read_pb_string,
    write_pb_string,
)

PABULIB = settings.SHARED_DIR / "data" / "pabulib"

# Small real files covering each vote type and the rules their META names.
FILES = [
    "Netherlands_Assen_2024.pb",  # approval, equalshares/add1
    "Poland_Swiecie_2023.pb",  # approval, equalshares/add1
    "France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine.pb",  # approval, greedy
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",  # approval, greedy
    "Poland_Zabrze_2020_Konczyce.pb",  # choose-1, greedy
    "Poland_Gdansk_2020_Piecki_Migowo.pb",  # cumulative, greedy
    "Poland_Krakow_2021_Wzgorza_Krzeslawickie.pb",  # ordinal, greedy
]


def _run(*args) -> str:
    out = io.StringIO()
    call_command("fund", *args, stdout=out)
    return out.getvalue().strip()


def _need(name: str) -> Path:
    path = PABULIB / name
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared Pabulib folder is part of the test data")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_import_then_results_equals_the_engine_on_the_file(name):
    path = _need(name)
    round_id = int(_run("import-pb", str(path)))
    result = json.loads(_run("results", str(round_id), "--json"))
    round_ = Round.objects.get(pk=round_id)
    election = read_pb(path)
    expected = compute(election, round_.rule).to_dict()
    assert result == {k: expected[k] for k in ("rule", "selected", "total_cost", "budget")}
    assert round_.phase == "results" and round_.ballots.count() == election.num_voters
    # Also with the comparison rule, computed on the fly.
    greedy = json.loads(_run("results", str(round_id), "--json", "--rule", "greedy"))
    assert greedy["selected"] == compute(election, "greedy").selected
    # Showing it again gives the stored snapshot.
    assert json.loads(_run("results", str(round_id), "--json")) == result


@pytest.mark.django_db
def test_file_rule_is_used_and_mes_by_default():
    ids = {n: int(_run("import-pb", str(_need(n)))) for n in (FILES[0], FILES[2])}
    assert Round.objects.get(pk=ids[FILES[0]]).rule == PABULIB_RULES["equalshares/add1"]
    assert Round.objects.get(pk=ids[FILES[2]]).rule == "greedy"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [FILES[1], FILES[5], FILES[6]])
def test_export_round_trips(name, tmp_path):
    original = read_pb(_need(name))
    round_ = Round.objects.get(pk=int(_run("import-pb", str(_need(name)))))
    exported = pabulib_export(round_)
    again = read_pb_string(write_pb_string(exported))
    assert again.same_as(exported)
    assert [p.id for p in exported.projects] == [p.id for p in original.projects]
    assert [p.cost for p in exported.projects] == [p.cost for p in original.projects]
    assert exported.meta == original.meta
    assert [exported.ballot(v) for v in range(exported.num_voters)] == [
        original.ballot(v) for v in range(original.num_voters)
    ]
    # Anonymised: no voter columns beyond the ballot itself.
    assert exported.voter_extra == {} and exported.voter_ids[:2] == ["1", "2"]
    target = tmp_path / "out.pb"
    _run("export-pb", str(round_.pk), "-o", str(target))
    assert read_pb(target).same_as(exported)


@pytest.mark.django_db
def test_import_reports_a_broken_file(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;x\n")
    with pytest.raises(CommandError):
        _run("import-pb", str(bad))


@pytest.mark.engine
def test_console_script_maps_fund_to_the_management_command():
    completed = subprocess.run(
        [sys.executable, "-m", "commonground.cli", "fund", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "import-pb" in completed.stdout and "results" in completed.stdout


def test_every_rule_survives_an_export_and_import(people, strategy):
    """One rule table (``pb.PABULIB_RULE_NAMES``) for the model, the export and the import:
    ``mes-add1u`` used to go out as ``equalshares/add1`` and come back as
    ``mes-add1-overspend``, which funds different projects on Assen's and Świecie's files."""
    from commonground.fund import actions

    from .conftest import shortlisted_round, voter

    officer = people["officer"]
    round_ = shortlisted_round(people, strategy)
    codes = list(round_.proposals.on_ballot().values_list("code", flat=True))
    actions.cast_ballot(round_=round_, voter=voter(round_, "one"), choices=codes[:2])
    round_ = actions.close_vote(actor=officer, round_=round_)
    for rule in RULES:
        Round.objects.filter(pk=round_.pk).update(rule=rule)
        round_.refresh_from_db()
        text = write_pb_string(pabulib_export(round_))
        assert f"rule;{pabulib_rule(rule)}\n" in text
        back = actions.import_election(
            actor=officer, election=read_pb_string(text), title=rule, slug=f"back-{rule}"
        )
        assert back.rule == rule, (rule, pabulib_rule(rule), back.rule)
    assert pabulib_rule("mes-add1u") != pabulib_rule("mes-add1-overspend")

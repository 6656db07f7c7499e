"""`commonground panel select` through ``main([...])``: the contract's JSON, seeds and errors."""

import json
from pathlib import Path

import pytest

from commonground.sortition.cli import main

from .pools import make_instance, write_csvs

pytestmark = pytest.mark.engine


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write_csvs(make_instance(80, 12, seed=4), tmp_path)


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _error(capsys, *argv) -> str:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    return err.strip()


@pytest.mark.parametrize("algorithm", ["maximin", "nash", "leximin", "legacy"])
def test_json_contract(capsys, files, algorithm):
    people, features = files
    code, out, _ = _run(
        capsys,
        "--people",
        people,
        "--features",
        features,
        "--size",
        12,
        "--algorithm",
        algorithm,
        "--seed",
        7,
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"panel", "probabilities", "min_probability", "algorithm", "seed"}
    assert result["algorithm"] == algorithm and result["seed"] == 7
    assert len(result["panel"]) == len(set(result["panel"])) == 12
    assert len(result["probabilities"]) == 80
    assert sum(result["probabilities"].values()) == pytest.approx(12, abs=1e-6)
    assert result["min_probability"] == pytest.approx(
        min(result["probabilities"].values()), abs=1e-9
    )


def test_same_seed_same_panel_and_other_seed_differs(capsys, files):
    people, features = files
    args = ["--people", people, "--features", features, "--size", 12, "--json"]
    panels = [json.loads(_run(capsys, *args, "--seed", s)[1])["panel"] for s in (11, 11, 12)]
    assert panels[0] == panels[1]
    assert panels[0] != panels[2]


def test_no_seed_prints_the_seed_used_and_it_repeats(capsys, files):
    people, features = files
    args = ["--people", people, "--features", features, "--size", 12, "--json"]
    first = json.loads(_run(capsys, *args)[1])
    again = json.loads(_run(capsys, *args, "--seed", first["seed"])[1])
    assert again["panel"] == first["panel"]


def test_text_summary(capsys, files):
    people, features = files
    code, out, _ = _run(
        capsys, "--people", people, "--features", features, "--size", 12, "--seed", 1
    )
    assert code == 0
    assert "Lowest selection probability" in out and "--seed 1" in out


def test_households_one_per_address(capsys, files):
    people, features = files
    code, out, _ = _run(
        capsys,
        "--people",
        people,
        "--features",
        features,
        "--size",
        12,
        "--seed",
        2,
        "--household",
        "address",
        "--json",
    )
    assert code == 0
    houses = [int(pid[1:]) // 2 for pid in json.loads(out)["panel"]]
    assert len(houses) == len(set(houses))


def test_infeasible_quotas_name_the_quota_to_relax(capsys, tmp_path, files):
    people, features = files
    lines = features.read_text().splitlines()
    lines = [line for line in lines if not line.startswith("age,65+")] + ["age,65+,10,12"]
    bad = tmp_path / "tight.csv"
    bad.write_text("\n".join(lines) + "\n")
    message = _error(capsys, "--people", people, "--features", bad, "--size", 12)
    assert "age=65+" in message
    assert "minimum" in message or "maximum" in message


def test_panel_larger_than_pool(capsys, files):
    people, features = files
    assert "fewer than the panel size" in _error(
        capsys, "--people", people, "--features", features, "--size", 500
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("min,max", "min,maximum"), ["line 1", 'column "max"']),
        (
            lambda t: t.replace("sex,female,", "sex,female,x", 1),
            ["line 2", 'column "min"', "whole number"],
        ),
        (
            lambda t: t.replace(
                "feature,value,min,max\n", "feature,value,min,max\nsex,other,5,2\n"
            ),
            ["line 2", "greater"],
        ),
    ],
)
def test_bad_features_file_names_file_line_column(capsys, files, edit, expected):
    people, features = files
    features.write_text(edit(features.read_text()))
    message = _error(capsys, "--people", people, "--features", features, "--size", 12)
    assert str(features) in message
    for part in expected:
        assert part in message


def test_bad_people_value_names_file_line_column(capsys, files):
    people, features = files
    lines = people.read_text().splitlines()
    lines[3] = lines[3].replace("female", "unknown").replace(",male,", ",unknown,")
    people.write_text("\n".join(lines) + "\n")
    message = _error(capsys, "--people", people, "--features", features, "--size", 12)
    assert f"{people}: line 4" in message and 'column "sex"' in message and "unknown" in message


def test_people_missing_feature_column(capsys, files):
    people, features = files
    people.write_text(people.read_text().replace(",ethnicity,", ",ethnic,", 1))
    message = _error(capsys, "--people", people, "--features", features, "--size", 12)
    assert "line 1" in message and 'column "ethnicity"' in message


def test_duplicate_id_with_different_data(capsys, files):
    people, features = files
    lines = people.read_text().splitlines()
    first = lines[1].split(",")
    first[1] = "male" if first[1] == "female" else "female"
    lines.append(",".join(first))
    people.write_text("\n".join(lines) + "\n")
    message = _error(capsys, "--people", people, "--features", features, "--size", 12)
    assert f"line {len(lines)}" in message and "repeats line 2" in message


def test_missing_file_and_bad_flags(capsys, files, tmp_path):
    people, features = files
    assert "no such file" in _error(
        capsys, "--people", tmp_path / "nope.csv", "--features", features, "--size", 3
    )
    assert "--algorithm" in _error(
        capsys, "--people", people, "--features", features, "--size", 3, "--algorithm", "x"
    )
    assert "--size" in _error(capsys, "--people", people, "--features", features, "--size", 0)

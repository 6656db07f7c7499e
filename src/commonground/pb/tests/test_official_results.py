"""The official ``selected`` column of each shared file is reproduced by the rule it names."""

from __future__ import annotations

import pytest

from commonground.pb import PABULIB_RULES, compute

from .conftest import election, pabulib_files

pytestmark = pytest.mark.engine


def _cases() -> list:
    cases = []
    for path in pabulib_files():
        e = election(path.name)
        rule = e.meta.get("rule", "")
        if e.official_selected() is not None and rule in PABULIB_RULES:
            cases.append(pytest.param(path.name, PABULIB_RULES[rule], id=path.stem))
    return cases


@pytest.mark.parametrize(("name", "rule"), _cases())
@pytest.mark.parametrize("tie_break", ["pabutools", "equalshares"])
def test_official_selection_is_reproduced(name, rule, tie_break):
    e = election(name)
    outcome = compute(e, rule, tie_break=tie_break)
    assert sorted(outcome.selected) == sorted(e.official_selected())
    assert outcome.total_cost <= e.budget


def test_the_equal_shares_elections_are_covered():
    names = {c.values[0] for c in _cases()}
    for expected in (
        "Netherlands_Assen_2024.pb",
        "Poland_Swiecie_2023.pb",
        "Poland_Wieliczka_2023_Green_Budget.pb",
    ):
        if any(p.name == expected for p in pabulib_files()):
            assert expected in names

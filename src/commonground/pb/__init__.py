"""Common Ground's participatory-budgeting engine (plain Python + NumPy; never imports Django).

Typical use::

    from commonground.pb import read_pb, compute, analyse
    election = read_pb("Poland_Warszawa_2026.pb")
    outcome = compute(election, "mes-add1u")
    outcome.selected, outcome.total_cost, outcome.to_dict()
    analyse(election, outcome)

Rules (see ``RULES``): ``greedy``, ``greedy-no-skip``, ``greedy-threshold``, ``mes``,
``mes-add1``, ``mes-add1u``, ``phragmen``.  Outcomes are identical to pabutools' with its default
(lexicographic) tie-breaking; ``tie_break="equalshares"`` gives equalshares.net's conventions.
"""

from .election import Election, Project
from .outcome import Outcome
from .pabulib import PabulibError, read_pb, read_pb_string, write_pb, write_pb_string
from .rules import (
    PABULIB_RULE_NAMES,
    PABULIB_RULES,
    RULE_DESCRIPTIONS,
    RULES,
    compute,
    pabulib_rule,
    rule_from_pabulib,
    rules_for,
)

__all__ = [
    "PABULIB_RULES",
    "PABULIB_RULE_NAMES",
    "RULES",
    "RULE_DESCRIPTIONS",
    "Election",
    "Outcome",
    "PabulibError",
    "Project",
    "analyse",
    "compute",
    "pabulib_rule",
    "read_pb",
    "read_pb_string",
    "rule_from_pabulib",
    "rules_for",
    "write_pb",
    "write_pb_string",
]


def analyse(election: Election, outcome: Outcome) -> dict:
    """Analysis of an outcome (see :mod:`commonground.pb.analysis`)."""
    from .analysis import analyse as _analyse

    return _analyse(election, outcome)

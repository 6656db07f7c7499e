"""The result of running a rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .election import format_number


def json_number(value: Fraction) -> int | float:
    """A number for JSON: an int when integral (costs and budgets usually are)."""
    return value.numerator if value.denominator == 1 else float(value)


@dataclass
class Outcome:
    """Selected projects, in order of selection, with the budget facts a results page shows.

    ``details`` holds rule-specific extras (e.g. MES' final per-voter budget increment, or the
    number of MES runs the Add1 loop needed); they appear in :meth:`to_dict` too.
    """

    rule: str
    selected: list[str]
    total_cost: Fraction
    budget: Fraction
    tie_break: str = "pabutools"
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def leftover(self) -> Fraction:
        return self.budget - self.total_cost

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``rule``, ``selected``, ``total_cost``, ``budget`` and extras."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "selected": list(self.selected),
            "total_cost": json_number(self.total_cost),
            "budget": json_number(self.budget),
            "leftover": json_number(self.leftover),
            "tie_break": self.tie_break,
        }
        for key, value in self.details.items():
            data[key] = json_number(value) if isinstance(value, Fraction) else value
        return data

    def __str__(self) -> str:
        return (
            f"{self.rule}: {len(self.selected)} projects, cost {format_number(self.total_cost)}"
            f" of {format_number(self.budget)}"
        )

"""Can the quotas be met from this pool, and if not, what is the smallest change that would do?

One MILP with a slack on every minimum and every maximum, minimising the total slack: the panel
it finds meets the relaxed quotas, and the non-zero slacks are the quotas to relax, by how much.
(The same idea as ``sortition-algorithms``' ``_relax_infeasible_quotas``, on the type model.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .instance import Instance, Quota


@dataclass(frozen=True)
class Relaxation:
    """Change ``bound`` ("min" or "max") of ``quota`` from its value to ``new``."""

    quota: Quota
    bound: str
    new: int

    @property
    def old(self) -> int:
        return self.quota.min if self.bound == "min" else self.quota.max

    def describe(self) -> str:
        verb = "lower the minimum" if self.bound == "min" else "raise the maximum"
        return f"{verb} of {self.quota.label} from {self.old} to {self.new}"

    def as_dict(self) -> dict:
        return {
            "feature": self.quota.feature,
            "value": self.quota.value,
            "bound": self.bound,
            "from": self.old,
            "to": self.new,
        }


class Infeasible(ValueError):
    """No panel meets the quotas; ``relaxations`` is the smallest change that would allow one."""

    def __init__(self, message: str, relaxations: list[Relaxation] | None = None) -> None:
        super().__init__(message)
        self.relaxations = relaxations or []


def _size_problem(instance: Instance) -> str | None:
    available = instance.n_people
    if instance.households is not None:
        keys = {key for key in instance.households if key}
        available = len(keys) + sum(1 for key in instance.households if not key)
    if instance.size > available:
        who = "households" if instance.households is not None else "people"
        return (
            f"the pool has {available} {who}, fewer than the panel size {instance.size}: "
            "recruit more people or choose a smaller panel"
        )
    return None


def smallest_relaxation(instance: Instance) -> list[Relaxation]:
    """The quota changes of least total size that make a panel possible ([] if none needed)."""
    t, q = instance.n_types, len(instance.quotas)
    a = sparse.csr_matrix(instance.incidence)
    eye = sparse.identity(q, format="csr")
    zero = sparse.csr_matrix((q, q))
    rows = [
        sparse.hstack([sparse.csr_matrix(np.ones((1, t))), sparse.csr_matrix((1, 2 * q))]),
        sparse.hstack([a, eye, zero]),  # counts + below >= min
        sparse.hstack([a, zero, -eye]),  # counts - above <= max
    ]
    lo = [instance.size, *instance.lower, *([-np.inf] * q)]
    hi = [instance.size, *([np.inf] * q), *instance.upper]
    if len(instance.household_rows):
        rows.append(
            sparse.hstack(
                [
                    sparse.csr_matrix(instance.household_rows),
                    sparse.csr_matrix((len(instance.household_rows), 2 * q)),
                ]
            )
        )
        lo += [0] * len(instance.household_rows)
        hi += [1] * len(instance.household_rows)
    cost = np.concatenate([np.zeros(t), np.ones(2 * q)])
    result = milp(
        c=cost,
        constraints=LinearConstraint(sparse.vstack(rows).tocsr(), lo, hi),
        integrality=np.ones(t + 2 * q),
        bounds=Bounds(
            np.zeros(t + 2 * q), np.concatenate([instance.counts, np.full(2 * q, np.inf)])
        ),
        options={"disp": False},
    )
    if result.x is None:
        raise Infeasible("no panel of this size exists even with the quotas relaxed (households?)")
    below = np.rint(result.x[t : t + q]).astype(int)
    above = np.rint(result.x[t + q :]).astype(int)
    changes = []
    for k, quota in enumerate(instance.quotas):
        if below[k] > 0:
            changes.append(Relaxation(quota, "min", quota.min - int(below[k])))
        if above[k] > 0:
            changes.append(Relaxation(quota, "max", quota.max + int(above[k])))
    return changes


def check_feasible(instance: Instance) -> None:
    """Raise :class:`Infeasible` with a one-line explanation when no panel meets the quotas."""
    problem = _size_problem(instance)
    if problem:
        raise Infeasible(problem)
    changes = smallest_relaxation(instance)
    if changes:
        raise Infeasible(
            "the quotas cannot all be met from this pool; the smallest change that makes a panel "
            "possible: " + "; ".join(change.describe() for change in changes),
            changes,
        )

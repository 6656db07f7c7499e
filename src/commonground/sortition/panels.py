"""Quota-meeting panels found by mixed-integer programming (SciPy's HiGHS).

A panel is a vector ``y`` of counts per type (see :mod:`.instance`): ``sum(y) == size``,
``lower <= incidence @ y <= upper``, ``0 <= y <= counts`` integer, and at most one person per
shared household.  :class:`PanelFinder` keeps the constraint matrices so that the many pricing
problems of column generation only change the objective.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .instance import Instance

MIP_GAP = 1e-7
"""Relative optimality gap asked of HiGHS: the pricing value bounds the optimum from above, so a
loose gap would stop column generation early by as much."""


class PanelFinder:
    """Best quota-meeting panel for given per-type weights."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        t = instance.n_types
        blocks = [sparse.csr_matrix(np.ones((1, t)))]
        lo = [float(instance.size)]
        hi = [float(instance.size)]
        if len(instance.quotas):
            blocks.append(sparse.csr_matrix(instance.incidence))
            lo += list(instance.lower)
            hi += list(instance.upper)
        if len(instance.household_rows):
            blocks.append(sparse.csr_matrix(instance.household_rows))
            lo += [0.0] * len(instance.household_rows)
            hi += [1.0] * len(instance.household_rows)
        self.constraints = LinearConstraint(sparse.vstack(blocks).tocsr(), lo, hi)
        self.bounds = Bounds(np.zeros(t), instance.counts.astype(float))
        self.integrality = np.ones(t)
        self.calls = 0

    def best(
        self, weights: np.ndarray, upper: np.ndarray | None = None
    ) -> tuple[np.ndarray, float] | None:
        """The panel maximising ``weights @ y`` and its value, or None when no panel exists.

        ``upper`` optionally tightens the per-type bounds (e.g. to force a type off).
        """
        self.calls += 1
        bounds = self.bounds if upper is None else Bounds(np.zeros(len(upper)), upper)
        result = milp(
            c=-np.asarray(weights, dtype=float),
            constraints=self.constraints,
            integrality=self.integrality,
            bounds=bounds,
            options={"mip_rel_gap": MIP_GAP, "disp": False},
        )
        if result.x is None or result.status not in (0,):
            return None
        y = np.rint(result.x).astype(np.int64)
        return y, float(np.asarray(weights, dtype=float) @ y)

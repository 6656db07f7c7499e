"""The master LP of column generation: maximise the lowest probability over generated panels.

Rows, one per type that can sit: ``p_t . lambda - z >= 0`` while the type is free, and
``p_t . lambda >= floor_t`` once leximin has fixed it; plus ``sum(lambda) == 1``.  With
``highspy`` installed (it comes with ``sortition-algorithms``) the LP is kept in one HiGHS
instance and re-solved from the previous basis as panels are added, which is about ten times
faster than rebuilding it for ``scipy.optimize.linprog`` each time; without it, linprog (the
same HiGHS, inside SciPy) is used.
"""

from __future__ import annotations

import contextlib
import os
import sys

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

try:  # optional: the persistent model; SciPy's linprog otherwise
    import highspy
except ImportError:  # pragma: no cover - exercised only where highspy is absent
    highspy = None


@contextlib.contextmanager
def _quiet_stdout():
    """Silence file descriptor 1 (C-level prints), so ``--json`` output stays pure."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (e.g. captured): nothing to protect
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


class MasterLP:
    """Master problem over the panels added so far, for the types in ``rows``."""

    def __init__(self, rows: np.ndarray, use_highspy: bool | None = None) -> None:
        self.rows = np.asarray(rows)
        self.position = {int(t): k for k, t in enumerate(self.rows)}
        self.free = np.ones(len(self.rows), dtype=bool)
        self.floors = np.zeros(len(self.rows))
        self.columns: list[np.ndarray] = []
        self.use_highspy = (highspy is not None) if use_highspy is None else use_highspy
        if self.use_highspy:
            self._init_highs()

    def _init_highs(self) -> None:
        with _quiet_stdout():  # HiGHS prints a banner on file descriptor 1 when created
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 4)  # primal: new columns keep the basis feasible
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        inf = highspy.kHighsInf
        m = len(self.rows)
        # rows 0..m-1: types; row m: sum lambda == 1
        h.addRows(
            m,
            np.zeros(m),
            np.full(m, inf),
            0,
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0),
        )
        h.addRow(1.0, 1.0, 0, np.zeros(0, np.int32), np.zeros(0))
        # column 0: z
        h.addCol(1.0, 0.0, 1.0, m, np.arange(m, dtype=np.int32), -np.ones(m))
        self.h = h

    def add(self, column: np.ndarray) -> None:
        """Add a panel as its per-person probabilities for every type (only ``rows`` are used)."""
        values = np.asarray(column, dtype=float)[self.rows]
        self.columns.append(values)
        if self.use_highspy:
            nz = np.flatnonzero(values)
            index = np.concatenate([nz, [len(self.rows)]]).astype(np.int32)
            self.h.addCol(
                0.0, 0.0, highspy.kHighsInf, len(index), index, np.concatenate([values[nz], [1.0]])
            )

    def fix(self, t: int, floor: float) -> None:
        """Type ``t`` keeps at least ``floor`` from now on and leaves the minimum."""
        k = self.position[t]
        self.free[k] = False
        self.floors[k] = floor
        if self.use_highspy:
            self.h.changeCoeff(k, 0, 0.0)
            self.h.changeRowBounds(k, floor, highspy.kHighsInf)

    def solve(self) -> tuple[float, np.ndarray, np.ndarray, float]:
        """Solve; return (z, panel weights, type prices pi >= 0, price sigma of sum == 1).

        A new panel with per-type probabilities ``p`` improves the master iff
        ``pi @ p + sigma > 0``; ``pi`` sums to 1 over the free types.
        """
        if self.use_highspy:
            self.h.run()
            if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(
                    f"the master LP failed: {self.h.modelStatusToString(self.h.getModelStatus())}"
                )
            solution = self.h.getSolution()
            x = np.asarray(solution.col_value)
            duals = np.asarray(solution.row_dual)
            z, weights = float(x[0]), x[1:]
        else:
            p = sparse.csc_matrix(np.column_stack(self.columns))
            c = p.shape[1]
            a_ub = sparse.hstack([-p, sparse.csc_matrix(self.free.astype(float)[:, None])]).tocsc()
            result = linprog(
                np.concatenate([np.zeros(c), [-1.0]]),
                A_ub=a_ub,
                b_ub=-self.floors,
                A_eq=sparse.csr_matrix(np.concatenate([np.ones(c), [0.0]])[None, :]),
                b_eq=[1.0],
                bounds=[(0, None)] * c + [(0, 1)],
                method="highs",
            )
            if result.status != 0:
                raise RuntimeError(f"the master LP failed: {result.message}")
            duals = np.concatenate([-result.ineqlin.marginals, result.eqlin.marginals])
            z, weights = float(result.x[-1]), result.x[:-1]
        type_duals = duals[: len(self.rows)]
        total = type_duals[self.free].sum()
        sign = 1.0 if total >= 0 else -1.0
        return z, weights, np.maximum(sign * type_duals, 0.0), float(sign * duals[len(self.rows)])

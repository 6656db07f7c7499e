"""Maximin, leximin and Nash distributions over quota-meeting panels, by column generation.

Flanigan et al. (2021): a distribution is a set of panels with a probability each; a person's
selection probability is the total probability of the panels they sit on.  The *master* problem
optimises over the panels generated so far (an LP for maximin and leximin, a concave programme
for Nash); its dual prices say which people are worth more, and the *pricing* MILP
(:class:`.panels.PanelFinder`) finds the panel worth most at those prices.  When no panel is
worth more than the master's dual bound, the distribution is optimal over *all* panels.

Everything runs on types (see :mod:`.instance`): probabilities are per person of a type, panels
are counts per type, so the LPs have one row per type rather than per person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .feasibility import check_feasible
from .instance import Instance
from .master import MasterLP
from .panels import PanelFinder

ALGORITHMS = ("maximin", "nash", "leximin", "legacy")
TOLERANCE = 1e-7
"""A panel enters the master only if it improves the objective by more than this."""
MAX_ITERATIONS = 20_000
SMOOTHING = 0.7
"""Weight of the best prices so far in the stabilised pricing point."""
GAP = 1e-7
"""Column generation stops when the Lagrangian bound is within this of the master's value."""
NASH_TOLERANCE = 1e-4
"""Nash stops when no panel raises the sum of logs by more than this fraction (first order)."""

Progress = Callable[[str], None]


@dataclass
class Distribution:
    """Panels (counts per type) with probabilities, and each type's per-person probability."""

    instance: Instance
    algorithm: str
    panels: list[np.ndarray]
    weights: np.ndarray
    type_probabilities: np.ndarray
    milp_calls: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def probabilities(self) -> np.ndarray:
        """Per person, in the order of ``instance.ids``."""
        return self.instance.person_probabilities(self.type_probabilities)

    @property
    def min_probability(self) -> float:
        return float(self.probabilities.min()) if self.instance.n_people else 0.0


class _Columns:
    """The generated panels, as a sparse (types x panels) matrix of per-person probabilities."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.panels: list[np.ndarray] = []
        self.seen: set[bytes] = set()
        self._matrix: sparse.csc_matrix | None = None

    def add(self, y: np.ndarray) -> bool:
        key = y.astype(np.int32).tobytes()
        if key in self.seen:
            return False
        self.seen.add(key)
        self.panels.append(y)
        self._matrix = None
        return True

    @property
    def matrix(self) -> sparse.csc_matrix:
        if self._matrix is None:
            stacked = np.column_stack(self.panels).astype(float)
            self._matrix = sparse.csc_matrix(stacked / self.instance.counts[:, None])
        return self._matrix


def _initial_columns(
    finder: PanelFinder, columns: _Columns, progress: Progress | None
) -> np.ndarray:
    """Panels that between them seat every type that can sit at all; return that coverage.

    First a multiplicative-weights phase (as in Flanigan et al.: panels favouring people not yet
    seated often), then for the still unseated, panels that seat as many of them as possible;
    a type no panel can seat gets probability 0.
    """
    instance = finder.instance
    t = instance.n_types
    covered = np.zeros(t, dtype=bool)
    weights = np.ones(t)
    rounds = max(10, min(3 * t // max(instance.size, 1), 60))
    for _ in range(rounds):
        found = finder.best(weights / instance.counts)
        if found is None:
            break
        y, _ = found
        columns.add(y)
        covered |= y > 0
        weights *= np.where(y > 0, 0.8 ** (y / instance.counts * 8), 1.0)
        weights /= weights.max()
        if covered.all():
            break
    while not covered.all():
        found = finder.best((~covered).astype(float))
        if found is None or found[1] < 0.5:
            break
        columns.add(found[0])
        covered |= found[0] > 0
    if progress:
        progress(
            f"{len(columns.panels)} starting panels; {int(covered.sum())} of {t} groups can sit"
        )
    return covered


def _solve_stage(
    finder: PanelFinder,
    columns: _Columns,
    master: MasterLP,
    progress: Progress | None,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Maximise the lowest probability of the free types, keeping the fixed ones' floors.

    Returns (z, panel weights, prices per type).  Column generation: after each master LP the
    pricing MILP looks for a panel with positive reduced cost; none means optimal.
    """
    instance = finder.instance
    while len(master.columns) < len(columns.panels):
        master.add(columns.panels[len(master.columns)] / instance.counts)
    # With no type fixed yet, nobody's probability can exceed size / people (they sum to size):
    # a master reaching that bound is optimal without proving it by pricing.
    ceiling = instance.size / instance.counts[master.rows].sum() if master.free.all() else np.inf
    best_bound, best_prices = np.inf, None
    for iteration in range(MAX_ITERATIONS):
        z, weights, prices, sigma = master.solve()
        if z >= ceiling - 1e-9:
            return z, weights, np.where(np.isin(np.arange(instance.n_types), master.rows), 1.0, 0.0)
        # Dual smoothing (Wentges): price first at a point between the best prices so far and
        # the master's; a panel found there that also improves the master is taken, otherwise
        # price at the master's own prices.  This cuts the long tail of column generation.
        for alpha in (SMOOTHING, 0.0) if best_prices is not None else (0.0,):
            point = prices if alpha == 0.0 else alpha * best_prices + (1 - alpha) * prices
            duals = np.zeros(instance.n_types)
            duals[master.rows] = point
            found = finder.best(duals / instance.counts)
            if found is None:
                return z, weights, _full(instance, master, prices)
            y, value = found
            # Lagrangian bound: z* <= max_panel point.p - sum over fixed types of point * floor
            bound = value - float(point[~master.free] @ master.floors[~master.free])
            if bound < best_bound:
                best_bound, best_prices = bound, point
            if best_bound - z <= GAP:
                return z, weights, _full(instance, master, prices)
            reduced = float(prices @ (y[master.rows] / instance.counts[master.rows])) + sigma
            if reduced > TOLERANCE and columns.add(y):
                master.add(y / instance.counts)
                for extra in _swaps(instance, y, _full(instance, master, prices), sigma):
                    if columns.add(extra):
                        master.add(extra / instance.counts)
                break
        else:
            return z, weights, _full(instance, master, prices)
        if progress and iteration % 25 == 24:
            progress(f"{len(columns.panels)} panels; lowest probability so far {z:.4f}")
    raise RuntimeError("column generation did not converge")


SWAPS = 6
"""Extra panels added per pricing round, each one swap away from the panel it found."""


def _swaps(instance: Instance, y: np.ndarray, duals: np.ndarray, sigma: float) -> list[np.ndarray]:
    """Panels one swap (a person of one type out, one of another in) away from ``y`` that meet
    every quota and still improve the master: cheap columns that save pricing MILPs (as the
    heuristic of Flanigan et al. adds several committees per round)."""
    if len(instance.household_rows):
        return []
    value = duals / instance.counts
    inside = np.flatnonzero(y > 0)
    room = np.flatnonzero(y < instance.counts)
    if not len(inside) or not len(room):
        return []
    a = instance.incidence
    counts = a @ y
    # delta[q, i, j]: change of quota q when one of type inside[i] leaves and one of room[j] comes
    delta = a[:, room][:, None, :] - a[:, inside][:, :, None]
    after = counts[:, None, None] + delta
    ok = np.all(
        (after >= instance.lower[:, None, None]) & (after <= instance.upper[:, None, None]), axis=0
    )
    ok &= inside[:, None] != room[None, :]
    gain = value[room][None, :] - value[inside][:, None]
    base = float(value @ y) + sigma
    score = np.where(ok & (base + gain > TOLERANCE), gain, -np.inf)
    order = np.argsort(score, axis=None)[::-1][: SWAPS * 4]
    found: list[np.ndarray] = []
    used: set[int] = set()
    for flat in order:
        i, j = np.unravel_index(flat, score.shape)
        if not np.isfinite(score[i, j]) or len(found) >= SWAPS:
            break
        if int(room[j]) in used:
            continue
        used.add(int(room[j]))
        extra = y.copy()
        extra[inside[i]] -= 1
        extra[room[j]] += 1
        found.append(extra)
    return found


def _full(instance: Instance, master: MasterLP, prices: np.ndarray) -> np.ndarray:
    duals = np.zeros(instance.n_types)
    duals[master.rows] = prices
    return duals


def _distribution(
    instance: Instance, algorithm: str, columns: _Columns, weights: np.ndarray, finder: PanelFinder
) -> Distribution:
    weights = np.where(weights < 1e-10, 0.0, weights)
    weights = weights / weights.sum()
    keep = np.flatnonzero(weights > 0)
    panels = [columns.panels[k] for k in keep]
    weights = weights[keep]
    counts = np.column_stack(panels).astype(float) @ weights
    return Distribution(
        instance=instance,
        algorithm=algorithm,
        panels=panels,
        weights=weights,
        type_probabilities=counts / instance.counts,
        milp_calls=finder.calls,
    )


def maximin(instance: Instance, progress: Progress | None = None) -> Distribution:
    """The distribution maximising the lowest selection probability (the default)."""
    finder = PanelFinder(instance)
    columns = _Columns(instance)
    covered = _initial_columns(finder, columns, progress)
    master = MasterLP(np.flatnonzero(covered))
    _, weights, _ = _solve_stage(finder, columns, master, progress)
    return _distribution(instance, "maximin", columns, weights, finder)


def leximin(instance: Instance, progress: Progress | None = None) -> Distribution:
    """Maximise the lowest probability, then the next lowest, and so on (iterated LPs).

    Each stage fixes the types whose dual price is positive (their probability cannot rise
    without lowering someone already at the minimum) at the stage's optimum; the panels found
    carry over, so later stages usually need few new ones.
    """
    finder = PanelFinder(instance)
    columns = _Columns(instance)
    covered = _initial_columns(finder, columns, progress)
    master = MasterLP(np.flatnonzero(covered))
    fixed: dict[int, float] = {}
    weights = np.zeros(1)
    total = int(covered.sum())
    while len(fixed) < total:
        z, weights, duals = _solve_stage(finder, columns, master, progress)
        probs = columns.matrix @ weights
        newly = [int(t) for t in np.flatnonzero(covered) if int(t) not in fixed and duals[t] > 1e-9]
        if not newly:
            newly = [
                int(t)
                for t in np.flatnonzero(covered)
                if int(t) not in fixed and probs[t] <= z + 1e-9
            ]
        for t in newly:
            fixed[t] = z
            master.fix(t, z - 1e-9)
        if progress:
            progress(f"leximin: {len(fixed)} of {total} groups fixed (probability {z:.4f})")
    return _distribution(instance, "leximin", columns, weights, finder)


def _nash_master(p: sparse.csc_matrix, n: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Maximise sum n log(p @ w) over the simplex by the EM fixed point (monotone ascent)."""
    total = n.sum()
    w = weights.copy()
    for _ in range(3_000):
        probs = p @ w
        gradient = p.T @ (n / probs)
        if gradient.max() <= total * (1 + NASH_TOLERANCE):
            break
        w = w * gradient / total
        w /= w.sum()
    return w


def nash(instance: Instance, progress: Progress | None = None) -> Distribution:
    """Maximise the sum of the logarithms of the probabilities (Nash welfare)."""
    finder = PanelFinder(instance)
    columns = _Columns(instance)
    covered = _initial_columns(finder, columns, progress)
    rows = np.flatnonzero(covered)
    n = instance.counts[rows].astype(float)
    weights = np.full(len(columns.panels), 1.0 / len(columns.panels))
    for iteration in range(MAX_ITERATIONS):
        weights = _nash_master(columns.matrix[rows], n, weights)
        probs = np.zeros(instance.n_types)
        probs[rows] = columns.matrix[rows] @ weights
        prices = np.zeros(instance.n_types)
        prices[rows] = 1.0 / probs[rows]
        found = finder.best(prices)
        if (
            found is None
            or found[1] <= n.sum() * (1 + 2 * NASH_TOLERANCE)
            or not columns.add(found[0])
        ):
            break
        weights = np.append(weights * 0.95, 0.05)
        if progress and iteration % 25 == 24:
            progress(f"nash: {len(columns.panels)} panels")
    return _distribution(instance, "nash", columns, weights, finder)


def find_distribution(
    instance: Instance, algorithm: str = "maximin", progress: Progress | None = None
) -> Distribution:
    """Check the quotas (raising :class:`.feasibility.Infeasible`), then compute."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}: choose one of {', '.join(ALGORITHMS)}")
    check_feasible(instance)
    if algorithm == "legacy":
        from .legacy import legacy_distribution

        return legacy_distribution(instance, progress=progress)
    return {"maximin": maximin, "nash": nash, "leximin": leximin}[algorithm](instance, progress)

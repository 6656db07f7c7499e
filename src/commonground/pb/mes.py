"""The Method of Equal Shares (MES), its Add1 completion and utilitarian completion.

Definition (pabutools' ``method_of_equal_shares``): every voter starts with budget ``b0``
(``B/n``).  In each round, for every remaining project ``p`` let ``ρ(p)`` be the least price per
unit of satisfaction such that the supporters can pay ``cost(p)`` when each supporter ``i`` pays
``min(budget_i, ρ·sat_i(p))``.  The project with the least ρ is funded (ties: tie-break order),
its supporters pay, and the rounds continue until no remaining project is affordable.  With cost
satisfaction (approval ballots) ``ρ·cost`` is the per-supporter payment, so the least ρ is the
highest "effective vote count" ``cost / payment`` that equalshares.net shows.

Speed (why this is fast):

* budgets are a float64 vector; ρ of a project is found by "poor/rich" water-filling over its
  supporters only (NumPy, usually two passes);
* rounds are lazy: ρ only grows as budgets shrink, so a stale ρ is a lower bound; projects sit in
  a heap and only those that reach the top are recomputed, and a project whose supporters did not
  pay in the last round keeps an exact (not stale) value;
* Add1 runs MES for per-voter budgets ``b0, b0+1, b0+2, …``.  Each run also computes a
  *certificate* ``Δ``: every budget is an affine function of the increment ``t``; as long as each
  decision of the run (who is "poor", which project wins, which are unaffordable) keeps its sign,
  the outcome is unchanged.  ``ρ`` of a non-selected project is a convex function of ``t`` (the
  lower boundary of a convex set), so its tangent is a valid lower bound.  The run is therefore
  provably identical for every increment below ``Δ``, and the loop jumps straight to the first
  integer increment it has not certified — the same result as stepping by 1, down to the
  per-voter budget it reports (when a jump lands on an overspending run, the run just below
  it, certified the same, is made again: the stepwise loop stops there).
  :func:`mes_add1_stepwise`, the loop by its definition, is what tests and benchmarks
  compare it with.  A certified run costs 2–8 plain ones, so while certificates skip nothing
  the loop pauses them, at once for long where they come out a tiny fraction of an increment
  (many voters on a small currency unit: Warszawa 2026's are about 0.01) (:func:`_pause`);
* within a run nothing is done twice: the supporters' budgets gathered to price the winner
  are the ones it is paid from, projects that not even their supporters' whole starting
  budgets could buy are set aside before the first round (uncertified runs only), and the
  Add1 loop's "overspent? exhaustive?" checks add integers, not fractions.

Exactness: every comparison whose float margin is within rounding distance (ties between
projects, affordability on the edge) is settled with rationals (:class:`ExactState`), and the
certificate treats such near-ties as "may change" (Δ = 0, i.e. step by 1).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .exact import REL_TOL, water_fill
from .greedy import total_cost
from .profile import Profile

_SUM_ERR = 1e-11  # relative error allowed on a float sum of budgets
_RHO_ERR = 1e-10  # relative error allowed on a float price
_SAFETY = 1e-7  # the certificate is shrunk by this relative amount
_HOPELESS = 1e-9  # relative margin by which n·b0 must fall short of a cost to skip the project
_QUIET_RUNS = 8  # plain Add1 runs after two certified runs in a row that skipped nothing …
_QUIET_MAX = 128  # … doubling after each further one, up to this many
_FUTILE = 0.1  # a certificate this short (but not 0) is a sign that later ones stay short
_FUTILE_QUIET = 256  # plain runs after two such certificates in a row

ADD1_WORK_LIMIT = 120_000_000
"""Most work one Add1 loop may do, in *work units*: each MES run costs the number of
(voter, project) support entries, plus 2,000 per project (the per-round Python work), plus
200,000 per comparison it had to settle with rationals — which tracks its running time (about
40–130 ns per unit on a laptop core).  The limit is a count, not a clock, so whether a file is
refused never depends on the machine.  The shared Pabulib files stay below it (the heaviest,
Warszawa Mokotów 2023, needs 9.5e7: 79 %) except Budapest 2024 (28,943 voters, forints), whose
Add1 loop needs 16,841 MES runs — six minutes — and is now refused.  It stops the loops that
would otherwise run for minutes or hours — few voters with a large budget in a small currency
unit, where the certificates cannot skip increments and the budget rises one unit per run —
after roughly 5–15 s, with :class:`Add1LimitError`."""

_PROJECT_WORK = 2_000
_EXACT_WORK = 200_000


class Add1LimitError(ValueError):
    """The Add1 loop would exceed :data:`ADD1_WORK_LIMIT`; the message says what to do."""


@dataclass
class MESRun:
    """One run of MES: selected project indices in order, float prices and the certificate."""

    b0: Fraction
    selected: list[int]
    prices: list[float]
    budgets: np.ndarray
    certificate: float = 0.0
    exact_checks: int = 0
    unaffordable_at: dict[int, int] = field(default_factory=dict)


class ExactState:
    """Exact budgets of one MES run, materialised lazily from the selections made so far.

    A voter's budget is ``max(0, b0 − Σ ρ_s·sat_i(s))`` over the funded projects ``s`` she
    supports (once a voter pays everything she stays at 0), so voters with the same satisfaction
    pattern over the funded projects share one exact budget: the rational work is per pattern.
    """

    def __init__(self, engine: MESEngine, b0: Fraction, selections: list[int]) -> None:
        self.engine = engine
        self.b0 = b0
        self.selections = selections  # MES-funded projects in order (shared list, grows)
        self.rhos: list[Fraction] = []

    def _util_exact(self, j: int, value: float) -> Fraction:
        profile = self.engine.profile
        if value == 0:
            return Fraction(0)
        return profile.costs[j] if profile.approval_like else profile.to_exact(float(value))

    def groups(self, j: int, rounds: int) -> list[tuple[int, Fraction, Fraction]]:
        """``(count, exact budget, exact sat)`` of ``j``'s supporters after ``rounds`` rounds."""
        engine = self.engine
        idx, util = engine.idx[j], engine.util[j]
        columns = [engine.util_of(s, idx) for s in self.selections[:rounds]]
        columns.append(util)
        patterns, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
        out = []
        for row, count in zip(patterns, counts, strict=True):
            spent = sum(
                (
                    rho * self._util_exact(s, row[t])
                    for t, (s, rho) in enumerate(
                        zip(self.selections[:rounds], self.rhos, strict=False)
                    )
                    if row[t] != 0
                ),
                Fraction(0),
            )
            budget = max(Fraction(0), self.b0 - spent)
            out.append((int(count), budget, self._util_exact(j, row[-1])))
        return out

    def catch_up(self, rounds: int) -> None:
        """Compute the exact price of every funded project up to ``rounds``."""
        while len(self.rhos) < rounds:
            s = self.selections[len(self.rhos)]
            rho = water_fill(self.engine.profile.costs[s], self.groups(s, len(self.rhos)))
            if rho is None:  # pragma: no cover - a funded project was affordable
                raise ArithmeticError("exact replay disagrees with the float run")
            self.rhos.append(rho)

    def rho(self, j: int) -> Fraction | None:
        """Exact current price of ``j`` (``None`` if unaffordable)."""
        rounds = len(self.selections)
        self.catch_up(rounds)
        return water_fill(self.engine.profile.costs[j], self.groups(j, rounds))


_add = np.add.reduce  # the sum without ndarray.sum's Python wrapper (called ~10⁵ times)
try:  # count_nonzero without its Python wrapper, which doubles the cost of a call on a few
    # thousand supporters (~5·10⁴ calls per Add1 loop); the public function if NumPy moves it
    from numpy._core.multiarray import count_nonzero as _count
except ImportError:  # pragma: no cover - other NumPy versions
    _count = np.count_nonzero


def _share_fill(
    bb: np.ndarray, unit: float, c: float, known: float = 0.0
) -> tuple[float, float, float]:
    """:meth:`_Run._water_fill` for one satisfaction ``unit`` shared by all supporters.

    Solved for the per-supporter share ``x = ρ·unit`` with ``Σ min(bb, x) = c`` by Newton
    steps from ``c/n``, or from ``known`` (the project's last price, a lower bound, since
    prices only rise within a run) when that is higher, so the steps start above the layers
    of voters already capped.  A step that caps nobody new has landed on the solution (the
    payments are linear in ``x`` between the two points), so the last step only counts.
    (Shrinking the array to the voters not yet capped costs more than it saves: boolean
    indexing is several times slower than a comparison and a sum over all supporters.)
    Returns ``(ρ, Σ u of uncapped voters, Σ payments)``.
    """
    n = len(bb)
    x = max(c / n, known * unit)
    rich = int(_count(bb >= x))
    spent = float(_add(np.minimum(bb, x)))
    for _ in range(n + 1):
        if spent >= c or rich == 0:
            break
        x_new = x + (c - spent) / rich
        if x_new <= x:
            break
        new_rich = int(_count(bb >= x_new))
        if new_rich == rich:  # nobody newly capped: Σ min(bb, x_new) = c up to rounding
            return x_new / unit, unit * rich, c
        x, rich = x_new, new_rich
        spent = float(_add(np.minimum(bb, x)))
    return x / unit, unit * rich, spent


def _bits(members: np.ndarray, m: int) -> int:
    """The set ``members`` of ``range(m)`` as an integer (bit ``j`` set for member ``j``)."""
    mask = np.zeros(m, dtype=bool)
    mask[members] = True
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


class MESEngine:
    """Precomputed supporter arrays for repeated MES runs on one profile (Add1 runs many)."""

    def __init__(self, profile: Profile, ranks: np.ndarray) -> None:
        self.profile = profile
        self.ranks = ranks
        util = profile.mes_util
        ptr = profile.sup_ptr
        # intp indices: NumPy gathers and scatters with int32 indices convert them on every
        # call (about three times slower; the runs below do ~10⁵ of them)
        voters = profile.sup_voter.astype(np.intp)
        self.idx = [voters[ptr[j] : ptr[j + 1]] for j in range(profile.m)]
        self.util = [util[ptr[j] : ptr[j + 1]] for j in range(profile.m)]
        self.total_util = np.array([u.sum() for u in self.util], dtype=np.float64)
        self.approval = profile.approval_like  # constant satisfaction per project (its cost)
        # Python floats for the per-project scalars read in the inner loop (NumPy scalars
        # make every arithmetic step there several times slower).
        self.cost = profile.cost_f.tolist()
        self.big_u = self.total_util.tolist()
        self.unit = [float(u[0]) if len(u) else 0.0 for u in self.util]
        supported = profile.num_supporters > 0
        positive = np.array([c > 0 for c in profile.costs], dtype=bool)
        self.candidates = np.flatnonzero(supported & positive)
        free = np.flatnonzero(supported & ~positive)
        self.free = sorted(free.tolist(), key=lambda j: ranks[j])
        self.cosupport = profile.cosupport
        self.supporters_f = profile.num_supporters.astype(np.float64)
        self.cost_f = profile.cost_f
        self.cosupport_bits = [_bits(row, profile.m) for row in self.cosupport]
        self.rank_list = [int(r) for r in ranks]

    def util_of(self, s: int, voters: np.ndarray) -> np.ndarray:
        """Satisfaction of ``voters`` (sorted ids) from project ``s`` (0 if not supporters)."""
        idx = self.idx[s]
        pos = np.searchsorted(idx, voters)
        pos[pos >= len(idx)] = 0
        hit = idx[pos] == voters if len(idx) else np.zeros(len(voters), dtype=bool)
        return np.where(hit, self.util[s][pos] if len(idx) else 0.0, 0.0)

    def run(self, b0: Fraction, certificate: bool = False) -> MESRun:
        """Run MES with per-voter budget ``b0``."""
        return _Run(self, b0, certificate).execute()


class _Run:
    """State of one MES run (kept in a class so the helpers stay small)."""

    def __init__(self, engine: MESEngine, b0: Fraction, certificate: bool) -> None:
        self.e = engine
        profile = engine.profile
        self.b0 = b0
        self.b = np.full(profile.n, float(b0))
        self.d = np.ones(profile.n) if certificate else None
        self.grow = np.ones(profile.n) if certificate else None  # max budget growth per unit t
        m = profile.m
        cands = engine.candidates
        self.unaffordable_at: dict[int, int] = {}
        if not certificate:
            # projects whose supporters' whole starting budgets fall short of the cost beyond
            # any rounding can never be bought (budgets only fall): the lazy loop would only
            # reach them at the end to find each unaffordable, one gather per run (24–31 of
            # Warszawa 2026's 83 projects in every Add1 run).  A certified run keeps them, so
            # that its certificate, and so the increments it skips, stay what they were.
            hopeless = (
                engine.supporters_f[cands] * float(b0) * (1 + _HOPELESS) < engine.cost_f[cands]
            )
            for j in cands[hopeless].tolist():
                self.unaffordable_at[j] = 0
            cands = cands[~hopeless]
        # Per-project scalars of the inner loop are Python lists (a NumPy scalar read or
        # write costs several times more); the certificates take arrays of them when needed.
        rho = np.full(m, np.inf)
        rho[cands] = profile.cost_f[cands] / engine.total_util[cands]
        self.rho: list[float] = rho.tolist()
        self.err = [0.0] * m
        self.version = [0] * m
        alive = np.zeros(m, dtype=bool)
        alive[cands] = True
        self.alive: list[bool] = alive.tolist()
        self.fresh = 0  # bit j set: ρ of j was computed from the current budgets
        # the supporters' budgets gathered by the last _compute of each project: still the
        # current ones while the project is fresh, so _fund reuses them instead of gathering
        self.gathered: list[np.ndarray | None] = [None] * m
        self.slope = np.zeros(m)
        self.fall = np.zeros(m)  # max price decrease per unit t (monotone-bound certificate)
        ranks = engine.rank_list
        self.heap = [(self.rho[j], ranks[j], j, 0) for j in cands.tolist()]
        heapq.heapify(self.heap)
        self.funded: list[int] = []  # MES-funded projects (excludes free ones)
        self.prices: list[float] = []
        self.exact = ExactState(engine, b0, self.funded)
        self.delta = math.inf  # tangent certificate
        self.delta_bound = math.inf  # monotone-bound certificate
        self.exact_checks = 0
        self.certificate = certificate

    # ------------------------------------------------------------------ main loop
    def execute(self) -> MESRun:
        while True:
            group = self._candidates_near_minimum()
            if not group:
                break
            winner, tied = self._resolve(group)
            for j in group:
                if j != winner:
                    heapq.heappush(
                        self.heap, (self.rho[j], self.e.rank_list[j], j, self.version[j])
                    )
            self._fund(winner, tied)
        selected = list(self.e.free) + self.funded
        return MESRun(
            self.b0,
            selected,
            self.prices,
            self.b,
            max(self.delta, self.delta_bound) * (1 - _SAFETY) if self.certificate else 0.0,
            self.exact_checks,
            self.unaffordable_at,
        )

    def _candidates_near_minimum(self) -> list[int]:
        """Pop the heap until the minimum ρ and everything within rounding distance is known."""
        heap, group = self.heap, []
        alive, version, err, rho = self.alive, self.version, self.err, self.rho
        ranks = self.e.rank_list
        pop, push = heapq.heappop, heapq.heappush
        limit = math.inf
        while heap:
            r, _, j, ver = heap[0]
            if not alive[j] or ver != version[j]:
                pop(heap)
                continue
            if r - err[j] > limit:
                break
            pop(heap)
            if not (self.fresh >> j) & 1:
                if self._compute(j):
                    push(heap, (rho[j], ranks[j], j, version[j]))
                continue
            if not group:
                limit = r + REL_TOL * r + err[j]
            group.append(j)
        return group

    # ------------------------------------------------------------------ prices
    def _compute(self, j: int) -> bool:
        """Recompute ρ of ``j`` from current budgets; False (and drop it) if unaffordable."""
        e = self.e
        idx, u = e.idx[j], e.util[j]
        c = e.cost[j]
        bb = self.b.take(idx)  # a third faster than self.b[idx] on a few thousand supporters
        total = float(_add(bb))
        sum_err = _SUM_ERR * (total + c)
        borderline = abs(total - c) <= sum_err
        if borderline:
            self.exact_checks += 1
            self.delta = self.delta_bound = 0.0
            affordable = self.exact.rho(j) is not None
        else:
            affordable = total > c
        if not affordable:
            self._drop(j, idx, c - total - sum_err)
            return False
        big_u = e.big_u[j]
        known = self.rho[j]  # the last price: a lower bound for the new one
        if e.approval:
            r, rich_u, spent = _share_fill(bb, e.unit[j], c, known)
        else:
            r, rich_u, spent = self._water_fill(bb, u, c, big_u, known)
        if rich_u <= 0 or r <= 0:  # float trouble on the very edge: settle exactly
            self.exact_checks += 1
            self.delta = self.delta_bound = 0.0
            r = float(self.exact.rho(j))
            rich_u = max(big_u - u[bb / u < r].sum(), 1e-300)
        self.rho[j] = r = float(r)
        self.err[j] = _RHO_ERR * (spent + c) / rich_u
        self.fresh |= 1 << j
        self.gathered[j] = bb
        self.version[j] += 1
        if self.certificate:
            ratio = bb / u
            self.slope[j] = self._tangent_slope(idx, u, ratio, r, rich_u)
            self.fall[j] = self._fall_rate(idx, u, ratio, r)
        return True

    def _fall_rate(self, idx, u, ratio, r) -> float:
        """Bound on how fast ρ can fall per unit of t: (money its supporters can gain) / (the
        left derivative of their payments in ρ), counting near-boundary voters as capped."""
        gain = float(self.grow.take(idx).sum())
        slope = float(u[ratio >= r * (1 + REL_TOL)].sum())
        return gain / slope if slope > 0 else math.inf

    @staticmethod
    def _water_fill(bb, u, c, big_u, known: float = 0.0) -> tuple[float, float, float]:
        """Float ρ with ``Σ min(bb, ρ·u) = c`` by Newton steps from ``c/U`` (each step caps the
        voters who cannot pay ``ρ·u``); returns ``(ρ, Σ u of uncapped voters, Σ payments)``.
        ``F(ρ)`` is concave and piecewise linear, so the steps increase monotonically and stop
        after as many steps as there are distinct sets of capped voters met (usually 1–3).
        ``known`` is a lower bound to start from (the project's last price).
        (Approval-like ballots, one satisfaction per project, take :func:`_share_fill`.)"""
        r = max(c / big_u, known)
        n = len(bb)
        spent, rich_u = c, big_u
        for _ in range(n + 1):
            thr = r * u
            capped = np.minimum(bb, thr)
            rich_u = float(_add(u * (bb >= thr)))
            spent = float(_add(capped))
            if spent >= c or rich_u <= 0:
                break
            r_new = r + (c - spent) / rich_u
            if r_new <= r:
                break
            r = r_new
        return r, rich_u, spent

    def _tangent_slope(self, idx, u, ratio, r, rich_u) -> float:
        """dρ/dt of the project for the current poor set; -inf when a voter sits on the
        boundary.  (``take`` gathers: fancy indexing costs about twice as much.)"""
        if np.any(np.abs(ratio - r) <= REL_TOL * r):
            return -math.inf
        return -float(self.d.take(idx)[ratio < r].sum()) / rich_u

    def _drop(self, j: int, idx: np.ndarray, margin: float) -> None:
        """Remove an unaffordable project; certify it stays unaffordable."""
        self.alive[j] = False
        self.unaffordable_at[j] = len(self.funded)
        if self.certificate:
            growth = float(self.d.take(idx).sum())
            gain = float(self.grow.take(idx).sum())
            if margin <= 0:
                self.delta = self.delta_bound = 0.0
                return
            if growth > 0:
                self.delta = min(self.delta, margin / growth)
            if gain > 0:
                self.delta_bound = min(self.delta_bound, margin / gain)

    # ------------------------------------------------------------------ choosing a winner
    def _resolve(self, group: list[int]) -> tuple[int, list[int]]:
        """The winner among near-tied candidates (exact when more than one); and exact ties."""
        ranks = self.e.ranks
        if len(group) == 1:
            return group[0], []
        self.exact_checks += 1
        exact = {j: self.exact.rho(j) for j in group}
        best = min(v for v in exact.values() if v is not None)
        tied = sorted((j for j in group if exact[j] == best), key=lambda j: ranks[j])
        winner = tied[0]
        self.rho[winner] = float(best)
        return winner, tied[1:]

    # ------------------------------------------------------------------ paying
    def _fund(self, s: int, tied: list[int]) -> None:
        e = self.e
        idx, u = e.idx[s], e.util[s]
        r = self.rho[s]
        bb = self.gathered[s]  # s is fresh: its supporters' budgets are those gathered
        self.gathered[s] = None
        due = r * e.unit[s] if e.approval else r * u
        if self.certificate:  # ``due`` is one number on approval ballots, else an array
            self._certify_round(s, idx, u, bb, due, bb < due, tied)
            self._certify_bound(s, idx, u, tied)
        # a voter who cannot pay her share pays everything she has: max(0, b − ρ·u)
        np.subtract(bb, due, out=bb)
        self.b[idx] = np.maximum(bb, 0.0, out=bb)
        self.alive[s] = False
        self.funded.append(s)
        self.prices.append(r)
        self.fresh &= ~e.cosupport_bits[s]

    def _certify_round(self, s, idx, u, bb, due, poor, tied) -> None:
        """Shrink Δ so that this round's decisions provably hold for increments below Δ."""
        d = self.d.take(idx)
        rich_u = float(u[~poor].sum())
        drho = -float(d[poor].sum()) / rich_u if rich_u > 0 else -math.inf
        gap = np.abs(bb - due)
        new_d = d - drho * u
        if not math.isfinite(drho) or np.any(gap <= REL_TOL * np.maximum(due, 1e-300)):
            self.delta = 0.0
        else:
            rate = np.where(poor, -new_d, new_d)  # x − y is exactly −(y − x) in floating point
            shrinking = rate < 0
            if shrinking.any():
                self.delta = min(self.delta, float(np.min(gap[shrinking] / -rate[shrinking])))
        self._certify_others(s, drho, tied)
        new_d[poor] = 0.0
        self.d.put(idx, new_d)  # supporters' ids are distinct: the same as d[idx] = new_d

    def _certify_bound(self, s: int, idx, u, tied: list[int]) -> None:
        """Monotone-bound certificate: with the same funding order, a larger t only raises
        budgets and lowers prices; ρ_s(t) ≤ ρ_s(0) while ρ_k(t) ≥ ρ_k(0) − t·fall_k, so ``s``
        still wins for t < margin / fall_k, whatever voters switch between paying in full and
        paying the price (which the tangent certificate cannot allow)."""
        if self.delta_bound > 0.0:
            others = np.flatnonzero(self.alive)
            others = others[others != s]
            if tied:
                self.delta_bound = 0.0
            elif len(others):
                rho, err = np.array(self.rho), np.array(self.err)
                margin = rho[others] - rho[s] - err[others] - err[s]
                if np.any(margin <= 0):
                    self.delta_bound = 0.0
                else:
                    fall = self.fall[others]
                    moving = fall > 0
                    if moving.any():
                        self.delta_bound = min(
                            self.delta_bound, float(np.min(margin[moving] / fall[moving]))
                        )
        self.grow.put(idx, self.grow.take(idx) + self.fall[s] * u)

    def _certify_others(self, s: int, drho: float, tied: list[int]) -> None:
        others = np.flatnonzero(self.alive)
        others = others[others != s]
        if not len(others) or self.delta == 0.0:
            return
        r, err_s = self.rho[s], self.err[s]
        rho, err = np.array(self.rho), np.array(self.err)
        tied_set = set(tied)
        is_tied = np.array([j in tied_set for j in others], dtype=bool)
        slope_gap = self.slope[others] - drho
        if is_tied.any():
            ts = slope_gap[is_tied]
            exact_zero = (self.slope[others][is_tied] == 0.0) & (drho == 0.0)
            if np.any(~exact_zero & (ts <= REL_TOL * (abs(drho) + 1e-300))):
                self.delta = 0.0
                return
        margin = rho[others] - r - err[others] - err_s
        margin, slope_gap = margin[~is_tied], slope_gap[~is_tied]
        if np.any(margin <= 0):
            self.delta = 0.0
            return
        closing = slope_gap < 0
        if closing.any():
            self.delta = min(self.delta, float(np.min(margin[closing] / -slope_gap[closing])))


# ====================================================================== rules on top of MES
def is_exhaustive(profile: Profile, selected: list[int]) -> bool:
    """No unselected project (supported or not) fits in what is left of the budget."""
    left = profile.budget - total_cost(profile, selected)
    chosen = set(selected)
    return all(profile.costs[j] > left for j in range(profile.m) if j not in chosen)


class _Money:
    """Costs and budget as integers over one common denominator, so that the Add1 loop's two
    checks after every run (overspent? exhaustive?) add integers instead of fractions."""

    def __init__(self, profile: Profile) -> None:
        scale = math.lcm(profile.budget.denominator, *(c.denominator for c in profile.costs))
        self.costs = [int(c * scale) for c in profile.costs]
        self.budget = int(profile.budget * scale)
        self.m = profile.m

    def total(self, selected: list[int]) -> int:
        costs = self.costs
        return sum(costs[j] for j in selected)

    def overspends(self, selected: list[int]) -> bool:
        return self.total(selected) > self.budget

    def exhaustive(self, selected: list[int]) -> bool:
        """:func:`is_exhaustive`, in integers."""
        left = self.budget - self.total(selected)
        chosen = set(selected)
        costs = self.costs
        return all(costs[j] > left for j in range(self.m) if j not in chosen)


def _pause(misses: int, futile: int) -> int:
    """Plain runs to make before the next certified one, after ``misses`` certified runs in a
    row that skipped nothing (certificates below 1 increment), the last ``futile`` of them
    with a certificate that is positive but a tiny fraction of an increment.

    A certified run costs 2–8 plain ones (measured on the shared files), so the pause
    doubles with each miss after the second.  Tiny certificates (below :data:`_FUTILE`) come
    from many voters on a small currency unit, where every run has some voter within a
    fraction of a unit of a decision: Warszawa 2026's are 0.001–0.03 at every budget, so two
    in a row pause certificates for :data:`_FUTILE_QUIET` runs at once.  (A certificate of
    exactly 0, an exact tie, says nothing of the next budget.)  Only the running time depends
    on this: a certificate only ever skips increments it proved the same."""
    if futile >= 2:
        return _FUTILE_QUIET
    if misses < 2:
        return 0
    return min(_QUIET_RUNS << (misses - 2), _QUIET_MAX)


def mes(engine: MESEngine) -> MESRun:
    """Plain MES with per-voter budget ``B/n``."""
    profile = engine.profile
    return engine.run(profile.budget / profile.n if profile.n else Fraction(0))


@dataclass
class Add1Result:
    """Outcome of the Add1 loop: the chosen run and how the loop went."""

    run: MESRun
    evaluations: int
    increments_certified: int
    work: int = 0


def mes_add1(
    engine: MESEngine,
    style: str = "pabutools",
    progress=None,
    exhaustive_stop: bool = True,
    work_limit: int | None = None,
) -> Add1Result:
    """MES with the per-voter budget raised one unit at a time until the outcome is exhaustive
    or would overspend (then the previous outcome is kept).  With ``exhaustive_stop=False`` only
    overspending stops the loop (pabutools' ``exhaustive_stop=False``; Pabulib's checker and the
    official Wieliczka 2023 run).

    ``style="pabutools"`` (``exhaustion_by_budget_increase`` with a step of one unit per voter):
    budgets ``B/n + k`` for ``k = 0, 1, …, B``.  ``style="equalshares"`` (equalshares.net):
    ``B/n`` first, then ``⌊B/n⌋ + k`` for ``k = 1, 2, …``.  Increments inside a run's certificate
    are skipped; they provably give the same outcome.

    The loop is bounded: it raises :class:`Add1LimitError` rather than exceed ``work_limit``
    (default :data:`ADD1_WORK_LIMIT`) — a clear refusal instead of a count that never ends.
    """
    profile = engine.profile
    limit = ADD1_WORK_LIMIT if work_limit is None else work_limit
    per_run = len(profile.sup_voter) + _PROJECT_WORK * profile.m
    n, budget = profile.n, profile.budget
    if n == 0:
        return Add1Result(engine.run(Fraction(0)), 1, 0)
    first = budget / n
    current = engine.run(first, certificate=style == "pabutools")
    evaluations, skipped = 1, 0
    work = per_run + _EXACT_WORK * current.exact_checks
    money = _Money(profile)
    if money.overspends(current.selected):  # pragma: no cover - MES never overspends
        return Add1Result(MESRun(first, [], [], current.budgets), evaluations, skipped, work)
    if exhaustive_stop and money.exhaustive(current.selected):
        return Add1Result(current, evaluations, skipped, work)
    if style == "pabutools":
        base, k, bound = first, 0, budget  # exhaustion_by_budget_increase stops after k = B
    else:
        base, k, bound = Fraction(math.floor(first)), 0, None
        current.certificate = 0.0  # the first run is not on the ⌊B/n⌋ grid
    misses, futile, quiet = 0, 0, 0  # certificates cost time: pause them while they skip nothing
    while True:
        step = (
            max(1, math.ceil(current.certificate))
            if math.isfinite(current.certificate)
            else math.inf
        )
        if step == math.inf or (bound is not None and k + step > bound):
            last = k if bound is None else math.floor(bound)
            if last > k:  # the stepwise loop ends on the last increment, certified the same
                current = engine.run(base + last)
                evaluations += 1
            return Add1Result(current, evaluations, skipped + max(0, last - k - 1), work)
        if work + per_run > limit:
            raise Add1LimitError(
                f"the Add1 completion did not settle within its work limit ({evaluations} MES "
                f"runs, per-voter budget raised by {k} currency units so far, too few skipped); "
                "use the 'mes' or 'greedy' rule, or state costs and budget in larger units "
                "(e.g. thousands)"
            )
        skipped += step - 1
        k += step
        nxt = engine.run(base + k, certificate=quiet == 0)
        evaluations += 1
        work += per_run + _EXACT_WORK * nxt.exact_checks
        if quiet:
            quiet -= 1
        elif nxt.certificate < 1:
            misses += 1
            futile = futile + 1 if 0.0 < nxt.certificate < _FUTILE else 0
            quiet = _pause(misses, futile)
        else:
            misses = futile = 0
        if progress is not None:
            progress(k, evaluations)
        if money.overspends(nxt.selected):
            if step > 1:  # the stepwise loop keeps the run just below, certified the same
                current = engine.run(base + k - 1)
                evaluations += 1
                skipped -= 1
            return Add1Result(current, evaluations, skipped, work)
        current = nxt
        if exhaustive_stop and money.exhaustive(current.selected):
            return Add1Result(current, evaluations, skipped, work)


def mes_add1_stepwise(
    engine: MESEngine,
    style: str = "pabutools",
    exhaustive_stop: bool = True,
    max_runs: int | None = None,
) -> Add1Result:
    """The Add1 loop by its definition, one plain MES run per unit: no certificates, nothing
    skipped.  It is the reference that :func:`mes_add1`'s shortcuts are tested and benchmarked
    against (same ``style`` and ``exhaustive_stop``); ``max_runs`` stops a runaway comparison
    with :class:`Add1LimitError`.  Never used to compute an outcome: it can be very slow."""
    profile = engine.profile
    n, budget = profile.n, profile.budget
    if n == 0:
        return Add1Result(engine.run(Fraction(0)), 1, 0)
    money = _Money(profile)
    first = budget / n
    current = engine.run(first)
    evaluations = 1
    if exhaustive_stop and money.exhaustive(current.selected):
        return Add1Result(current, evaluations, 0)
    if style == "pabutools":
        base, bound = first, budget
    else:
        base, bound = Fraction(math.floor(first)), None
    k = 0
    while bound is None or k + 1 <= bound:
        if max_runs is not None and evaluations >= max_runs:
            raise Add1LimitError(f"the stepwise Add1 loop made {evaluations} MES runs")
        k += 1
        nxt = engine.run(base + k)
        evaluations += 1
        if money.overspends(nxt.selected):
            return Add1Result(current, evaluations, 0)
        current = nxt
        if exhaustive_stop and money.exhaustive(current.selected):
            return Add1Result(current, evaluations, 0)
    return Add1Result(current, evaluations, 0)

"""Fair selection of representative panels by lottery with quotas (sortition), without Django.

The methods are those of Flanigan, Gölz, Gupta, Hennig and Procaccia, *Fair algorithms for
selecting citizens' assemblies* (Nature, 2021), as the Sortition Foundation's
``sortition-algorithms`` library implements them: maximin, Nash and leximin distributions over
quota-meeting panels, and the legacy greedy lottery for comparison.  The difference is that
everything here runs on free solvers (HiGHS through SciPy) and on *types* — people who share
every characteristic are interchangeable, so the linear programmes are over types, not people,
and leximin completes for pools of thousands.

Modules: :mod:`.tables` reads the CSV shapes, :mod:`.instance` holds a pool with quotas,
:mod:`.panels` finds quota-meeting panels (MILP), :mod:`.feasibility` explains infeasible
quotas, :mod:`.distributions` computes the fair distributions, :mod:`.legacy` the greedy lottery,
:mod:`.lottery` draws a panel from a seed, :mod:`.cli` is ``commonground panel select``.
"""

from .distributions import Distribution, find_distribution
from .feasibility import Infeasible, Relaxation, check_feasible
from .instance import Instance, Quota
from .lottery import Selection, draw_panel, gini, select

__all__ = [
    "Distribution",
    "Infeasible",
    "Instance",
    "Quota",
    "Relaxation",
    "Selection",
    "check_feasible",
    "draw_panel",
    "find_distribution",
    "gini",
    "select",
]

"""Evaluation statistics for interventions in areas: difference in differences, event study and
synthetic control on a panel of units (wards, areas) by period.

Django-free: the ``commonground evaluate`` command, the evaluation app's result pages and the
benchmarks share this one implementation.  Regressions are statsmodels' OLS with Stata's
cluster-robust conventions; staggered starts use Callaway and Sant'Anna's group-time effects;
the synthetic control is SciPy's non-negative least squares with Synth's nested V search.
"""

from .panel import Panel, PanelError, read_panel
from .regression import DidResult, EventStudyResult, did, event_study
from .staggered import StaggeredResult, callaway_santanna
from .synth import SynthResult, synthetic_control

__all__ = [
    "DidResult",
    "EventStudyResult",
    "Panel",
    "PanelError",
    "StaggeredResult",
    "SynthResult",
    "callaway_santanna",
    "did",
    "event_study",
    "read_panel",
    "synthetic_control",
]

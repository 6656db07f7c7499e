"""Evaluation statistics for interventions in areas: difference in differences, event study and
synthetic control on a panel of units (wards, areas) by period.

Django-free: the ``commonground evaluate`` command, the evaluation app's result pages and the
benchmarks share this one implementation.  Regressions are statsmodels' OLS with Stata's
cluster-robust conventions; the synthetic control is SciPy's non-negative least squares.
"""

from .panel import Panel, PanelError, read_panel
from .regression import DidResult, EventStudyResult, did, event_study
from .synth import SynthResult, synthetic_control

__all__ = [
    "DidResult",
    "EventStudyResult",
    "Panel",
    "PanelError",
    "SynthResult",
    "did",
    "event_study",
    "read_panel",
    "synthetic_control",
]

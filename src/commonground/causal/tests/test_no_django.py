"""causal must never import Django: the CLI and the benchmark run it alone."""

from pathlib import Path

import pytest

from commonground.testing.purity import django_imports, loads_django

pytestmark = pytest.mark.engine


def test_no_module_imports_django():
    assert django_imports(Path(__file__).resolve().parents[1]) == []


def test_running_leaves_django_unloaded():
    assert not loads_django(
        "from commonground.causal import Panel, did, synthetic_control\n"
        "from commonground.causal.panel import Record\n"
        "rows = [Record(u, str(t), float(t + (u == 'a') * (t >= 2) + ord(u) % 5), int(u == 'a'))"
        " for u in 'abcd' for t in range(4)]\n"
        "p = Panel.from_records(rows, start='2')\n"
        "did(p); synthetic_control(p)"
    )

"""The statistics must never import Django (the app, CLI and benchmarks share them)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine

PACKAGE = Path(__file__).resolve().parents[1]


def test_no_module_imports_django():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "django" or n.startswith("django.") for n in names), path


def test_running_leaves_django_unloaded():
    code = (
        "import sys\n"
        "from commonground.consultstats import population, priorities, reach\n"
        "population.load_profile()\n"
        "r = priorities.combine(['a', 'b'], [priorities.SurveyMethod('s', "
        "[priorities.Response(ranking=('a', 'b'))])], replicates=10)\n"
        "reach.raking_weights([{'x': 'a'}, {'x': 'b'}], {'x': {'a': 1, 'b': 3}})\n"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parents[1])}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out.strip() == "False"

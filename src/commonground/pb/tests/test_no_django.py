"""The engine must never import Django (the CLI runs without it)."""

from pathlib import Path

import pytest

from commonground.testing.purity import django_imports, loads_django

pytestmark = pytest.mark.engine


def test_no_module_imports_django_statically():
    assert django_imports(Path(__file__).resolve().parents[1]) == []


def test_importing_and_running_leaves_django_unloaded():
    assert not loads_django(
        "import commonground.pb as pb, commonground.pb.cli, commonground.pb.analysis\n"
        "e = pb.Election.build([{'id': 'a', 'cost': 1}], [['a']], 1)\n"
        "pb.analyse(e, pb.compute(e, 'mes-add1u'))"
    )

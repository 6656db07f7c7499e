"""consultstats must never import Django: the analysis runs alone in benchmarks and tests."""

from pathlib import Path

import pytest

from commonground.testing.purity import django_imports, loads_django

pytestmark = pytest.mark.engine


def test_no_module_imports_django():
    assert django_imports(Path(__file__).resolve().parents[1]) == []


def test_running_leaves_django_unloaded():
    assert not loads_django(
        "from commonground.consultstats import population, priorities, reach\n"
        "population.load_profile()\n"
        "priorities.combine(['a', 'b'], [priorities.SurveyMethod('s', "
        "[priorities.Response(ranking=('a', 'b'))])], replicates=10)\n"
        "reach.raking_weights([{'x': 'a'}, {'x': 'b'}], {'x': {'a': 1, 'b': 3}})"
    )

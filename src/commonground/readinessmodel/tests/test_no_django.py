"""readinessmodel must never import Django: the CLI scores sheets without a database."""

from pathlib import Path

import pytest

from commonground.testing.purity import django_imports, loads_django

pytestmark = pytest.mark.engine


def test_no_module_imports_django():
    assert django_imports(Path(__file__).resolve().parents[1]) == []


def test_running_leaves_django_unloaded():
    assert not loads_django(
        "from commonground.readinessmodel import catalogue, cli\n"
        "catalogue.scales(); catalogue.strategies()\n"
        "cli.main(['/nonexistent.csv'])"
    )

"""textanalysis must never import Django: `commonground consult code|themes` runs without it."""

from pathlib import Path

import pytest

from commonground.testing.purity import django_imports, loads_django

pytestmark = pytest.mark.engine


def test_no_module_imports_django():
    assert django_imports(Path(__file__).resolve().parents[1]) == []


def test_masking_and_the_cli_modules_leave_django_unloaded():
    assert not loads_django(
        "import commonground.textanalysis.cli_code, commonground.textanalysis.cli_themes\n"
        "from commonground.textanalysis import coding, pii, themes\n"
        "assert pii.mask_personal_data('Call me on 07700 900123') != 'Call me on 07700 900123'"
    )

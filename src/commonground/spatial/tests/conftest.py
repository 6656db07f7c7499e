"""The shared Bradford LSOA boundaries the spatial tests run on."""

from pathlib import Path

import pytest

from commonground.spatial.cli_hotspots import default_boundaries


@pytest.fixture(scope="session")
def bradford_lsoas() -> Path:
    path = Path(default_boundaries())
    if not path.is_file():
        pytest.fail(f"shared boundary file not found: {path} (set COMMONGROUND_SHARED_DIR)")
    return path

"""Shared data for the consultation-statistics tests: found through ``commonground.paths``."""

from pathlib import Path

import pytest

from commonground.paths import shared_dir


def shared_file(relative: str) -> Path:
    path = shared_dir() / relative
    if not path.is_file():
        pytest.fail(f"shared data file not found: {path} (set COMMONGROUND_SHARED_DIR)")
    return path


@pytest.fixture(scope="session")
def profile():
    from commonground.consultstats.population import load_profile

    return load_profile(shared_dir())

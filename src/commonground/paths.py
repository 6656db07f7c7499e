"""Where the checkout and the shared public data live; no Django, so pure packages' tests,
benchmarks and the settings all find the same folders the same way."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_dir() -> Path:
    """The checkout (``$COMMONGROUND_HOME`` if set): pyproject.toml, data/, var/."""
    return Path(os.environ.get("COMMONGROUND_HOME", PACKAGE_DIR.parent.parent)).resolve()


def shared_dir() -> Path:
    """Real public data (``$COMMONGROUND_SHARED_DIR``, else ``shared/`` beside the checkout)."""
    return Path(
        os.environ.get("COMMONGROUND_SHARED_DIR", project_dir().parent / "shared")
    ).resolve()

"""Sheets for the readiness tests: the hand-worked example and a writer for variants."""

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def worked() -> Path:
    return DATA / "worked.csv"


@pytest.fixture
def sheet(tmp_path: Path) -> Callable[[Iterable[str]], Path]:
    """Write lines (header included) to a CSV file and return its path."""

    def write(lines: Iterable[str], name: str = "sheet.csv") -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write

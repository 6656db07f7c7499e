"""Shared fixtures for the PB engine tests: where the Pabulib data lives, cached elections."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from commonground.paths import shared_dir
from commonground.pb import Election, read_pb


def pabulib_dir() -> Path:
    return shared_dir() / "data" / "pabulib"


def pabulib_files() -> list[Path]:
    """Every shared .pb file, small files first."""
    folder = pabulib_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.pb"), key=lambda p: (p.stat().st_size, p.name))


@cache
def election(name: str) -> Election:
    """Parse a shared file once per test process."""
    return read_pb(pabulib_dir() / name)


@pytest.fixture
def pb_files() -> list[Path]:
    files = pabulib_files()
    if not files:
        pytest.skip(f"no Pabulib data in {pabulib_dir()}")
    return files


SMALL = """META
key;value
description;Example
num_projects;3
num_votes;4
budget;10
vote_type;approval
PROJECTS
project_id;cost;name
a;6;Park
b;4;"Library; books"
c;5;Bikes
VOTES
voter_id;vote
1;a,b
2;a
3;b,c
4;c
"""


@pytest.fixture
def small_text() -> str:
    return SMALL

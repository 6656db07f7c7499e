"""Race tests: real threads, each with its own database connection, released together by a
barrier, so two requests really do meet in the database. Kept once here for every app's
concurrency tests.

They need PostgreSQL (``transactional_db``): SQLite's in-memory test database cannot race
threads (it raises "table is locked" instead of waiting), so mark such tests
``needs_postgresql`` and check the same invariants in sequence for SQLite."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's in-memory test database cannot race threads",
)


def race(work: Callable[[int], Any], n: int) -> tuple[list, list[BaseException]]:
    """Run ``work(k)`` for k in 0..n-1 in ``n`` threads released at once; return what the calls
    returned and what they raised (each thread closes its connections when done)."""
    results: list = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(n)

    def run(k: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(work(k))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors

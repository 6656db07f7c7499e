"""Checking an app's JSON API against the project's OpenAPI schema with schemathesis.

Driven by hand rather than through schemathesis' pytest plugin, whose fixture support does not
work with pytest 9: every operation under a path prefix gets generated requests, sent to the
real WSGI application inside the test's transaction, and each response must conform to the
schema (status codes, content types, bodies) and never be a server error.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator:
    """The real WSGI app, called inside the test's transaction.

    A WSGI request ends by closing database connections that are not in autocommit mode,
    which would close the test's transaction; Django's own test client disconnects that
    handler in the same way.
    """
    from commonground.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def check_api_conforms(application, prefix: str, *, max_examples: int = 15) -> int:
    """Check every operation whose path starts with `prefix`; return how many were checked."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [
        result.ok() for result in schema.get_all_operations() if result.ok().path.startswith(prefix)
    ]
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=max_examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            case.call_and_validate(headers={"Host": "127.0.0.1"})

        check()
    return len(operations)

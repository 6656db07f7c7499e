"""The default strands, for databases that lost the rows the data migration added.

A table emptied after migrating (`flush`, a transactional test) has no strands, and a report
form with nothing to tick; the demo and the tests put the defaults back with the migration's
own function, so the list lives in one place (``migrations/0002_default_strands.py``).
"""

from __future__ import annotations

import importlib

from django.apps import apps

from .models import Strand


def ensure_default_strands() -> None:
    """Add the default strands if there are none at all (officers' own edits are kept)."""
    if not Strand.objects.exists():
        importlib.import_module("commonground.safety.migrations.0002_default_strands").add(
            apps, None
        )

"""Who may do what in schools, declared once (django-rules).  The make-up and segregation
pages are public (see ``PUBLIC_VIEWS`` in urls.py); planning school links is an officer's."""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_officer

PERMISSIONS: dict[str, Any] = {
    "schools.plan_links": is_officer,
}
"""plan_links: ask the engine for linking pairs and see what changes to them cost."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)

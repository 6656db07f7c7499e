"""Who may do what with community-voice panels, declared once (django-rules).

Registering interest and the published results are public (no permission); everything else is
an officer's.  Views and actions ask by name.
"""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_board, is_officer

PERMISSIONS: dict[str, Any] = {
    "people.manage_pool": is_officer,
    "people.view_contacts": is_officer,
    "people.run_selection": is_officer,
    "people.publish_selection": is_officer,
    "people.view_pool": is_officer | is_board,
}
"""manage_pool: create pools, import respondents, set quotas, print invitations; view_contacts:
see names and addresses; run_selection / publish_selection: run and publish a lottery;
view_pool: see a pool's counts and runs (no contact details)."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)

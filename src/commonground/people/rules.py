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
    "people.view_panel": is_officer | is_board,
    "people.manage_panel": is_officer,
    "people.manage_expenses": is_officer,
    "people.ask_question": is_officer | is_board,
    "people.record_recommendation": is_officer,
    "people.respond_to_recommendation": is_board,
}
"""manage_pool: create pools, import respondents, set quotas, print invitations; view_contacts:
see names and addresses; run_selection / publish_selection: run and publish a lottery;
view_pool: see a pool's counts and runs (no contact details); view_panel: see the sitting
panel's meetings, questions and make-up (members by reference only); manage_panel: set up the
panel and its terms, members' accessibility needs, meetings and attendance, rotation and
replacements; manage_expenses: record, approve and pay members' expenses; ask_question: put a
question to the panel; record_recommendation: record the panel's recommendations (the
facilitating officer); respond_to_recommendation: publish the Board's response."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)

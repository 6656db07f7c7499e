"""Who may do what in evaluation, declared once (django-rules).

Officers run the register, plans, results and decisions; the Board may read drafts and
results.  Published interventions, their results and decisions are public (``PUBLIC_VIEWS``).
"""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_board, is_officer

PERMISSIONS: dict[str, Any] = {
    "evaluation.manage": is_officer,
    "evaluation.view_drafts": is_officer | is_board,
}
"""manage: register interventions, plan and lock evaluations, compute results, record
decisions, publish; view_drafts: read unpublished interventions and their results."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)

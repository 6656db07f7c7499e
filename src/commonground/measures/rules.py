"""Who may do what in measures, declared once (django-rules; loaded at start-up by
``rules.apps.AutodiscoverRulesConfig``).

Views ask by name (``@permission_required("measures.upload")``, or
``request.user.has_perm("measures.view_upload", upload)``) and actions likewise; nothing in
measures tests a role itself. Roles come from :mod:`commonground.core.predicates`. The public
pages (dashboards, ward profiles, the Board report, open data) need no permission: they are
listed with their reasons in ``PUBLIC_VIEWS`` in ``urls.py``.
"""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_board, is_officer, is_partner


@rules.predicate
def acts_for_its_organisation(user, upload) -> bool:
    """The upload was made for the organisation the user belongs to."""
    organisation_id = getattr(user, "organisation_id", None)
    return (
        upload is not None
        and organisation_id is not None
        and (upload.organisation_id == organisation_id)
    )


PERMISSIONS: dict[str, Any] = {
    # Partner data (docs/measures.md, "Uploads")
    "measures.upload": is_partner | is_officer,
    "measures.upload_unowned": is_officer,
    "measures.view_upload": (is_partner & acts_for_its_organisation) | is_officer,
    "measures.manage_tokens": is_partner | is_officer,
    # Overdue partner figures
    "measures.view_late": is_officer | is_board,
    # Targets, owners, publication
    "measures.manage": is_officer,
}
"""upload: send a file of figures for the user's organisation; upload_unowned: also figures of
measures no partner owns; view_upload: an upload's progress and report (object: the upload);
manage_tokens: issue and revoke the organisation's API tokens; view_late: the overdue-figures
list; manage: set targets and owners, publish and withdraw measures."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)

"""Every services permission, declared once from the role predicates; asked for by name.

The directory itself (the ORUK API and the resident search pages) is public: those views are
listed in ``PUBLIC_VIEWS`` in ``urls.py``. Editing is for the partner who keeps an
organisation's entries and for officers; only officers approve what partners change.
"""

from __future__ import annotations

import rules

from commonground.core.predicates import is_officer, is_partner


@rules.predicate
def keeps_service(user, service) -> bool:
    """The user acts for the partner that keeps this service's organisation up to date."""
    if service is None or service.organization is None or service.organization.partner_id is None:
        return False
    may_act_for = getattr(user, "may_act_for", None)
    return bool(may_act_for and may_act_for(service.organization.partner))


rules.add_perm("services.propose_change", is_officer | (is_partner & keeps_service))
rules.add_perm("services.assure", is_officer | (is_partner & keeps_service))
rules.add_perm("services.approve_change", is_officer)
rules.add_perm("services.import", is_officer)
rules.add_perm("services.review", is_officer)


@rules.predicate
def runs_class(user, obj) -> bool:
    """The user acts for the partner whose organisation runs this class (or placement's class)."""
    esol_class = getattr(obj, "esol_class", obj)
    service = getattr(esol_class, "service", None)
    return keeps_service(user, service)


# The ESOL central unit is run by officers; providers update their own classes and learners.
rules.add_perm("services.esol_see_all", is_officer)
rules.add_perm("services.esol_record_need", is_officer | is_partner)
rules.add_perm("services.esol_provider", is_officer | is_partner)
rules.add_perm("services.esol_offer", is_officer)
rules.add_perm("services.esol_publish_figures", is_officer)
rules.add_perm("services.esol_update_placement", is_officer | (is_partner & runs_class))
rules.add_perm("services.esol_manage_class", is_officer | (is_partner & runs_class))

"""From a cohort's eligible applications to the sortition engine (no state changes here).

The fair lottery is the community voice panel's (:mod:`commonground.sortition`, maximin by
default): applicants are the pool, and the features are grade band, minority background and
organisation, with the officer's quotas.  Everyone with the same grade, background and
organisation has the same chance, and the chances are as equal as the quotas allow.
"""

from __future__ import annotations

import numpy as np

from commonground.sortition import Infeasible, Instance, Quota, check_feasible

from .models import Application, Cohort, Grade, Minority, Status

FEATURES = ("grade", "minority", "organisation")


def eligible(cohort: Cohort):
    """Applications in the draw: submitted, with consent, not marked ineligible or withdrawn."""
    return (
        Application.objects.filter(cohort=cohort, status=Status.SUBMITTED, consent=True)
        .select_related("organisation")
        .order_by("reference")
    )


def feature_values(cohort: Cohort, applications: list[Application]) -> dict[str, list[str]]:
    organisations = sorted({a.organisation.slug for a in applications})
    organisations += sorted(
        {q.value for q in cohort.quotas.filter(feature="organisation")} - set(organisations)
    )
    return {
        "grade": list(Grade.values),
        "minority": list(Minority.values),
        "organisation": organisations,
    }


def value_of(application: Application, feature: str) -> str:
    if feature == "organisation":
        return application.organisation.slug
    return getattr(application, feature)


def instance_for(cohort: Cohort) -> tuple[Instance, list[Application]]:
    """The engine's pool: eligible applications, the three features, the cohort's quotas."""
    people = list(eligible(cohort))
    values = feature_values(cohort, people)
    index = {f: {v: i for i, v in enumerate(values[f])} for f in FEATURES}
    codes = np.array(
        [[index[f][value_of(a, f)] for f in FEATURES] for a in people], dtype=np.int64
    ).reshape(len(people), len(FEATURES))
    set_quotas = {(q.feature, q.value): q for q in cohort.quotas.all()}
    quotas = []
    for f in FEATURES:
        for v in values[f]:
            q = set_quotas.get((f, v))
            quotas.append(Quota(f, v, q.minimum, q.maximum) if q else Quota(f, v, 0, cohort.size))
    instance = Instance(
        ids=[a.reference for a in people],
        features=list(FEATURES),
        values=values,
        codes=codes,
        quotas=quotas,
        size=cohort.size,
    )
    return instance, people


def feasibility(cohort: Cohort) -> tuple[bool | None, list[dict]]:
    """Whether the quotas can be met from the eligible applications, and if not the smallest
    changes that would allow it (as dicts: feature, value, bound, from, to).  ``None`` when
    there are no more eligible applicants than places: there is nothing to draw."""
    instance, people = instance_for(cohort)
    if len(people) <= cohort.size:
        return None, []
    try:
        check_feasible(instance)
    except Infeasible as error:
        return False, [r.as_dict() for r in error.relaxations]
    return True, []

"""Against the Sortition Foundation's ``sortition-algorithms`` (a test-only dependency).

Our maximin must reach at least the library's minimum probability on the same small pools (both
are optimal up to the library's EPS = 0.0005, so ours may only be higher by rounding), and its
quota-infeasibility detection must agree.
"""

import pytest

from commonground.sortition.distributions import maximin
from commonground.sortition.feasibility import Infeasible, check_feasible

from .pools import make_instance

pytestmark = pytest.mark.engine

sortition_algorithms = pytest.importorskip("sortition_algorithms")


def _to_library(instance):
    from sortition_algorithms import Settings, read_in_features, read_in_people

    rows = [
        {"feature": q.feature, "value": q.value, "min": str(q.min), "max": str(q.max)}
        for q in instance.quotas
    ]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows)
    head = ["id", *instance.features]
    body = [
        {
            "id": pid,
            **{
                f: instance.values[f][instance.codes[i, k]] for k, f in enumerate(instance.features)
            },
        }
        for i, pid in enumerate(instance.ids)
    ]
    settings = Settings(
        id_column="id", columns_to_keep=[], check_same_address=False, check_same_address_columns=[]
    )
    people, _ = read_in_people(head, body, features, settings)
    return features, people


@pytest.mark.parametrize(
    ("n", "size", "seed", "tolerance"), [(60, 10, 1, 0.1), (80, 12, 2, 0.0), (100, 15, 3, 0.2)]
)
def test_maximin_at_least_the_library(n, size, seed, tolerance):
    from sortition_algorithms.committee_generation import find_distribution_maximin

    instance = make_instance(n, size, seed=seed, tolerance=tolerance)
    features, people = _to_library(instance)
    committees, probabilities, _ = find_distribution_maximin(features, people, size, [])
    theirs = {pid: 0.0 for pid in instance.ids}
    for committee, p in zip(committees, probabilities, strict=True):
        for pid in committee:
            theirs[pid] += p
    ours = maximin(instance)
    assert ours.min_probability >= min(theirs.values()) - 1e-6
    assert ours.probabilities.sum() == pytest.approx(sum(theirs.values()), abs=1e-6)


def test_infeasible_agrees_with_the_library():
    from sortition_algorithms.committee_generation import find_any_committee
    from sortition_algorithms.errors import InfeasibleQuotasError

    instance = make_instance(60, 10, seed=1, tolerance=0.3)
    k = next(i for i, q in enumerate(instance.quotas) if q.label == "ethnicity=other")
    others = int((instance.codes[:, instance.features.index("ethnicity")] == 3).sum())
    instance.quotas[k] = type(instance.quotas[k])("ethnicity", "other", others + 1, others + 1)
    instance.__post_init__()
    features, people = _to_library(instance)
    with pytest.raises(InfeasibleQuotasError):
        find_any_committee(features, people, 10, [])
    with pytest.raises(Infeasible) as raised:
        check_feasible(instance)
    assert raised.value.relaxations
    assert "lower the minimum of ethnicity=other" in str(raised.value)

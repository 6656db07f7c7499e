"""pb's one rule table: every rule has exactly one Pabulib name, and reads back as itself."""

import pytest

from commonground.pb import (
    PABULIB_RULE_NAMES,
    PABULIB_RULES,
    RULES,
    pabulib_rule,
    rule_from_pabulib,
)


@pytest.mark.engine
def test_every_rule_has_one_pabulib_name_that_reads_back_as_it():
    assert set(PABULIB_RULE_NAMES) == set(RULES)
    assert len(set(PABULIB_RULE_NAMES.values())) == len(RULES)
    for rule in RULES:
        assert rule_from_pabulib(pabulib_rule(rule)) == rule
    assert PABULIB_RULES["equalshares/add1"] == "mes-add1-overspend"  # the published results
    assert rule_from_pabulib("unknown", "mes-add1u") == "mes-add1u"

"""The demo: the census loaded, a confirmed linking year with answers, days and survey counts
(moved into Conversations), a year being planned after it; running it again adds nothing."""

import pytest

from commonground.consult.models import CountGroup
from commonground.schools.demo import load_demo
from commonground.schools.models import LinkingDay, LinkingYear, SurveyCount
from commonground.schools.survey import results


@pytest.mark.django_db
def test_demo_builds_a_linking_year_once(bradford, officer) -> None:
    said: list[str] = []
    accounts = load_demo(said.append)
    assert accounts and accounts[0][0] == "teacher"
    done = LinkingYear.objects.get(year="2025/26")
    assert done.status == "confirmed" and done.pairs.count() >= 5
    assert LinkingDay.objects.filter(pair__linking_year=done, date__isnull=False).count() == (
        3 * done.pairs.count()
    )
    assert SurveyCount.objects.filter(pair__linking_year=done).exists()
    # moved into Conversations: every class's counts carried into its group there
    assert done.in_conversations
    classes = set(
        SurveyCount.objects.filter(pair__linking_year=done).values_list("pair", "school", "stage")
    )
    entered = CountGroup.objects.filter(
        survey__in=[done.survey_before, done.survey_after], entered_at__isnull=False
    )
    assert entered.count() == len(classes) > 0
    assert CountGroup.objects.filter(entered_at__isnull=True).count() == 4  # the last pair's
    found = results(done)
    assert found.overall.change is not None and found.overall.change > 0
    following = LinkingYear.objects.get(year="2026/27")
    last = {frozenset((p.school_a_id, p.school_b_id)) for p in done.pairs.all()}
    assert not last & {frozenset((p.school_a_id, p.school_b_id)) for p in following.pairs.all()}
    count = SurveyCount.objects.count()
    assert load_demo(said.append) == [] and SurveyCount.objects.count() == count

"""Actions: import with line/column errors, quotas, selection with seed, publish, replacement."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent
from commonground.people import actions
from commonground.people.models import ContactDetails, MemberStatus, Respondent, RunStatus
from commonground.people.selection import feasibility, instance_for, propose_quotas

pytestmark = pytest.mark.django_db


def _quotas(pool, rows):
    return [{"feature": f, "value": v, "minimum": lo, "maximum": hi} for f, v, lo, hi in rows]


def test_import_checks_every_row_first_and_names_line_and_column(officer, pool):
    before = Respondent.objects.count()
    text = "id,sex,age_band,ethnicity,name\na1,female,16-29,white,Ann\na2,robot,30-44,asian,Bob\n"
    with pytest.raises(ValidationError) as raised:
        actions.import_pool(actor=officer, pool=pool, text=text, filename="pool.csv")
    assert 'pool.csv: line 3, column "sex"' in raised.value.messages[0]
    assert Respondent.objects.count() == before  # nothing saved


def test_import_missing_column_and_duplicate_id(officer, pool):
    with pytest.raises(ValidationError) as raised:
        actions.import_pool(
            actor=officer, pool=pool, text="id,sex,age_band\n1,male,65+\n", filename="f.csv"
        )
    assert 'line 1, column "ethnicity"' in raised.value.messages[0]
    with pytest.raises(ValidationError) as raised:
        actions.import_pool(
            actor=officer,
            pool=pool,
            text="id,sex,age_band,ethnicity\n1,male,65+,white\n1,male,65+,white\n",
            filename="f.csv",
        )
    assert 'line 3, column "id"' in raised.value.messages[0]


def test_import_keeps_contacts_apart_and_audits(officer, pool):
    text = "id,sex,age_band,ethnicity,name,email\nx1,Female,16-29,,Ann,ann@example.org\n"
    assert actions.import_pool(actor=officer, pool=pool, text=text, filename="p.csv") == 1
    person = Respondent.objects.get(external_id="x1")
    assert person.characteristics == {
        "sex": "female",
        "age_band": "16-29",
        "ethnicity": "prefer_not_to_say",
    }
    assert ContactDetails.objects.get(respondent=person).email == "ann@example.org"
    event = AuditEvent.objects.get(action="people.import")
    assert "Ann" not in str(event.data)


def test_only_officers_manage(resident, pool):
    with pytest.raises(PermissionDenied):
        actions.set_quotas(actor=resident, pool=pool, rows=[])


def test_infeasible_quota_is_explained(officer, pool):
    actions.set_quotas(
        actor=officer, pool=pool, rows=_quotas(pool, [("ethnicity", "black", 8, 10)])
    )
    result = feasibility(pool)
    assert not result.ok
    assert result.changes[0]["feature"] == "ethnicity" and result.changes[0]["bound"] == "min"
    assert "lower the minimum of ethnicity=black" in result.message


def test_census_proposal_uses_census_for_ethnicity_and_pool_otherwise(pool):
    proposals = {(p["feature"], p["value"]): p for p in propose_quotas(pool)}
    assert proposals[("ethnicity", "asian")]["source"] == "census"
    assert 0.25 < proposals[("ethnicity", "asian")]["share"] < 0.4
    assert proposals[("sex", "female")]["source"] == "pool"
    assert proposals[("sex", "prefer_not_to_say")]["minimum"] == 0


def test_selection_run_publish_and_replace(officer, pool, django_capture_on_commit_callbacks):
    actions.set_quotas(
        actor=officer,
        pool=pool,
        rows=_quotas(
            pool, [("sex", "female", 4, 6), ("sex", "male", 4, 6), ("age_band", "65+", 1, 4)]
        ),
    )
    with django_capture_on_commit_callbacks(execute=False):
        run = actions.request_selection(actor=officer, pool=pool, algorithm="maximin", seed=42)
    run = actions.run_selection(run.pk)
    assert run.status == RunStatus.DONE
    assert len(run.panel) == 10
    assert sum(run.probabilities.values()) == pytest.approx(10, abs=1e-6)
    assert run.min_probability > 0 and run.legacy_min_probability is not None
    instance, people = instance_for(pool)
    index = {p.reference: i for i, p in enumerate(people)}
    assert instance.meets_quotas([index[r] for r in run.panel])
    # the same seed gives the same panel
    with django_capture_on_commit_callbacks(execute=False):
        again = actions.request_selection(actor=officer, pool=pool, algorithm="maximin", seed=42)
    assert actions.run_selection(again.pk).panel == run.panel
    actions.publish_selection(actor=officer, run=run)
    assert AuditEvent.objects.filter(
        action="people.selection.publish", object_id=str(run.pk)
    ).exists()
    member = run.members.first()
    new = actions.replace_member(actor=officer, member=member, seed=3)
    member.refresh_from_db()
    assert member.status == MemberStatus.DROPPED and new.replaces == member
    active = [index[m.respondent.reference] for m in run.members.filter(status=MemberStatus.ACTIVE)]
    assert len(active) == 10 and instance.meets_quotas(active)


def test_infeasible_run_fails_with_message(officer, pool, django_capture_on_commit_callbacks):
    actions.set_quotas(
        actor=officer, pool=pool, rows=_quotas(pool, [("ethnicity", "black", 9, 10)])
    )
    with django_capture_on_commit_callbacks(execute=False):
        run = actions.request_selection(actor=officer, pool=pool, algorithm="maximin", seed=1)
    run = actions.run_selection(run.pk)
    assert run.status == RunStatus.FAILED and "ethnicity=black" in run.error

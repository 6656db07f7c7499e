"""The demo loads assessments through the actions, once."""

from commonground.core.models import User
from commonground.core.roles import Role
from commonground.readiness.demo import load_demo
from commonground.readiness.models import Assessment
from commonground.testing.people import make_user


def test_demo_loads_once(bradford):
    make_user("officer", Role.OFFICER)
    said = []
    accounts = load_demo(said.append)
    assert [a[0] for a in accounts] == ["readiness-scorer"]
    assert User.objects.get(username="readiness-scorer").has_role(Role.OFFICER)
    done = Assessment.objects.filter(completed_at__isnull=False)
    assert done.count() >= 5
    assert all(a.profile() is not None for a in done)
    open_one = Assessment.objects.get(completed_at__isnull=True)
    assert open_one.profile() is None
    assert load_demo(said.append) == []
    assert "skipped" in said[-1]


def test_the_demo_intervention_cites_the_assessment_of_its_ward(bradford, client):
    """Evaluation's demo runs first (INSTALLED_APPS order); its intervention then cites a
    completed assessment of its own ward, audited through evaluation's action."""
    import datetime as dt

    from django.urls import reverse

    from commonground.core.models import Area, AuditEvent
    from commonground.evaluation.models import Intervention, Kind, Status

    officer = make_user("officer", Role.OFFICER)
    ward = Area.objects.wards().order_by("name").last()  # assessed, but not completed, anyway
    item = Intervention.objects.create(
        title="Demo: school linking in one ward",
        kind=Kind.PILOT,
        status=Status.PUBLISHED,
        owner="Council schools team",
        start_date=dt.date(2021, 1, 1),
        created_by=officer,
    )
    item.wards.set([ward])
    said = []
    load_demo(said.append)
    item.refresh_from_db()
    cited = item.readiness_assessment
    assert cited is not None and cited.completed_at is not None
    assert cited.ward == ward and cited.profile() is not None
    event = AuditEvent.objects.get(action="evaluation.intervention_updated")
    assert event.data["readiness_assessment"] == cited.pk
    assert "cites the assessment of" in said[-1]
    assert list(item.wards.all()) == [ward] and item.is_published  # nothing else changed
    client.force_login(officer)
    page = client.get(reverse("readiness:assessment", args=[cited.pk])).content.decode()
    assert "Demo: school linking in one ward" in page


def test_the_demo_cites_nothing_without_the_evaluation_demo(bradford):
    make_user("officer", Role.OFFICER)
    said = []
    load_demo(said.append)
    assert "cites" not in said[-1]

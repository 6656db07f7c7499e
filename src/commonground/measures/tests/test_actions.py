"""Uploads all-or-nothing, versions never overwritten, every change audited."""

from datetime import date
from decimal import Decimal

import pytest

from commonground.core.models import AuditEvent
from commonground.measures import actions
from commonground.measures.models import Observation, OrganisationToken

from .conftest import HEADER


def upload(organisation, text: str, user=None, name="figures.csv"):
    received = actions.receive_upload(
        organisation, file_name=name, content=text.encode(), user=user, actor_label="test"
    )
    return actions.accept_upload(received)


def test_a_good_file_is_accepted_whole(indicators, police, partner_user):
    done = upload(
        police,
        HEADER
        + "hate-crimes,E08000032,2021,,1700,,\n"
        + "hate-crimes,E05001365,2021,,42,,\n"
        + "hate-crimes,E08000032,2021,strand=race,1300,,\n"
        + "satisfied-with-area,E05001365,2021,sex=female,,30,40\n",
        user=partner_user,
    )
    assert done.status == "accepted", done.report
    assert (done.rows_total, done.rows_created, done.error_count) == (4, 4, 0)
    share = Observation.objects.get(indicator__slug="satisfied-with-area", breakdown="sex=female")
    assert share.value == Decimal(75) and share.denominator == Decimal(40)
    assert share.organisation == police and share.created_by == partner_user
    event = AuditEvent.objects.get(action="measures.upload_accepted")
    assert event.actor == partner_user and event.data["created"] == 4


def test_one_bad_row_rejects_the_whole_file_with_a_report(indicators, police):
    done = upload(
        police,
        HEADER + "hate-crimes,E08000032,2021,,1700,,\nhate-crimes,E05999999,2021,,5,,\n",
    )
    assert done.status == "rejected"
    assert done.report == [
        {
            "row": 3,
            "column": "area_code",
            "value": "E05999999",
            "message": "no area has the code 'E05999999'",
        }
    ]
    assert not Observation.objects.filter(indicator__slug="hate-crimes").exists()
    assert AuditEvent.objects.filter(action="measures.upload_rejected").count() == 1


def test_an_organisation_uploads_only_what_it_owns(indicators, council):
    done = upload(council, HEADER + "hate-crimes,E08000032,2021,,1700,,\n")
    assert done.status == "rejected"
    assert "West Yorkshire Police" in done.report[0]["message"]


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(indicators, police):
    upload(police, HEADER + "hate-crimes,E05001365,2021,,42,,\nhate-crimes,E05001341,2021,,7,,\n")
    again = upload(
        police, HEADER + "hate-crimes,E05001365,2021,,44,,\nhate-crimes,E05001341,2021,,7,,\n"
    )
    assert (again.rows_created, again.rows_corrected, again.rows_unchanged) == (0, 1, 1)
    versions = list(
        Observation.objects.filter(area__code="E05001365", indicator__slug="hate-crimes").order_by(
            "version"
        )
    )
    assert [(o.version, o.value, o.is_current) for o in versions] == [
        (1, Decimal(42), False),
        (2, Decimal(44), True),
    ]
    assert versions[1].supersedes == versions[0] and versions[1].origin == "correction"
    with pytest.raises(PermissionError):
        versions[0].save()
    with pytest.raises(PermissionError):
        versions[0].delete()


def test_correct_observation_needs_a_reason_and_audits(indicators, partner_user, police):
    upload(police, HEADER + "hate-crimes,E08000032,2021,,1700,,\n")
    first = Observation.objects.get(indicator__slug="hate-crimes", period="2021")
    with pytest.raises(ValueError):
        actions.correct_observation(first, value=Decimal(1710), actor=partner_user, reason=" ")
    new = actions.correct_observation(
        first, value=Decimal(1710), actor=partner_user, reason="Late crime reports added"
    )
    assert new.version == 2 and new.is_current
    assert Observation.objects.get(pk=first.pk).is_current is False
    event = AuditEvent.objects.get(action="measures.observation_corrected")
    assert event.reason == "Late crime reports added" and event.actor == partner_user


def test_targets_and_publication_are_audited(indicators, partner_user):
    indicator = indicators["satisfied-with-area"]
    actions.set_target(
        indicator, value=Decimal(72), target_date=date(2025, 12, 31), actor=partner_user
    )
    actions.unpublish_indicator(indicator, actor=partner_user, reason="Survey under review")
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal(72) and not indicator.is_published
    actions.publish_indicator(indicator, actor=partner_user)
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "measures.target_set",
        "measures.indicator_unpublished",
        "measures.indicator_published",
    }


def test_tokens_are_stored_hashed(police):
    token, raw = actions.issue_token(police, name="Warehouse")
    assert raw.startswith("cgm_") and raw not in token.digest and token.prefix == raw[:10]
    assert OrganisationToken.authenticate(raw) == token
    assert OrganisationToken.authenticate(raw + "x") is None
    actions.revoke_token(token)
    assert OrganisationToken.authenticate(raw) is None


def test_an_unreadable_file_is_rejected_not_crashed(indicators, police):
    done = upload(police, "\x00\x01", name="figures.xlsx")
    assert done.status == "rejected" and done.report[0]["row"] == 1

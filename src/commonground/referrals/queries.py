"""Which referrals and plans a person may see: their organisations' own, and nothing else."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import PlanStep, RecordView, Referral, SupportPlan


def _organisation_ids(user) -> list[int]:
    return list(user.confirmed_organisations().values_list("pk", flat=True))


def received(user) -> QuerySet[Referral]:
    """Referrals to services kept by the user's organisations."""
    return Referral.objects.filter(to_organisation_id__in=_organisation_ids(user)).select_related(
        "service", "from_organisation", "to_organisation"
    )


def sent(user) -> QuerySet[Referral]:
    """Referrals the user's organisations made."""
    return Referral.objects.filter(from_organisation_id__in=_organisation_ids(user)).select_related(
        "service", "from_organisation", "to_organisation"
    )


def plans(user) -> QuerySet[SupportPlan]:
    return SupportPlan.objects.filter(organisation_id__in=_organisation_ids(user)).select_related(
        "organisation"
    )


def access_log(user, *, everyone: bool) -> QuerySet[RecordView]:
    """Views of records: every one for officers, else those of records belonging to an
    organisation the user administers (sent, received or supporting)."""
    views = RecordView.objects.select_related(
        "referral", "plan", "organisation", "referral__to_organisation"
    )
    if everyone:
        return views
    administered = list(
        user.memberships.filter(status="confirmed", is_admin=True).values_list(
            "organisation_id", flat=True
        )
    )
    return views.filter(
        Q(referral__to_organisation_id__in=administered)
        | Q(referral__from_organisation_id__in=administered)
        | Q(plan__organisation_id__in=administered)
    )


def plan_steps():
    """Every plan step with its referral's dates and state, for the aggregate report."""
    return PlanStep.objects.select_related("referral").only(
        "kind",
        "outcome",
        "referral__created_at",
        "referral__started_at",
        "referral__state",
    )

"""The audit trail's names for volunteering's changes (one per action)."""

from enum import StrEnum


class VolunteeringEvent(StrEnum):
    OPPORTUNITY_POSTED = "volunteering.opportunity_posted"
    OPPORTUNITY_CLOSED = "volunteering.opportunity_closed"
    SIGNED_UP = "volunteering.signed_up"
    SIGNUP_WITHDRAWN = "volunteering.signup_withdrawn"
    SIGNUP_DECIDED = "volunteering.signup_decided"
    HOURS_CONFIRMED = "volunteering.hours_confirmed"
    PROFILE_SAVED = "volunteering.profile_saved"
    ACCOUNT_CREATED = "volunteering.account_created"
    CALLOUT_SENT = "volunteering.callout_sent"
    CALLOUT_DELIVERED = "volunteering.callout_delivered"
    CALLOUT_ANSWERED = "volunteering.callout_answered"
    CALLOUT_CLOSED = "volunteering.callout_closed"
    FIGURES_PUBLISHED = "volunteering.figures_published"
    PERSON_ERASED = "volunteering.person_erased"

"""The audit trail's names for Open Book's changes (one per action)."""

from enum import StrEnum


class OpenBookEvent(StrEnum):
    ACCOUNT_CREATED = "openbook.account_created"
    OFFER_MADE = "openbook.offer_made"
    OFFER_APPROVED = "openbook.offer_approved"
    OFFER_WITHDRAWN = "openbook.offer_withdrawn"
    REQUESTED = "openbook.requested"
    MATCHED = "openbook.matched"
    VOLUNTEER_ACCEPTED = "openbook.volunteer_accepted"
    VOLUNTEER_DECLINED = "openbook.volunteer_declined"
    DATE_CONFIRMED = "openbook.date_confirmed"
    SAFEGUARDING_SAVED = "openbook.safeguarding_saved"
    CONFIRMED = "openbook.confirmed"
    DELIVERED = "openbook.delivered"
    CANCELLED = "openbook.cancelled"
    FEEDBACK_GIVEN = "openbook.feedback_given"
    FIGURES_PUBLISHED = "openbook.figures_published"
    PERSON_ERASED = "openbook.person_erased"

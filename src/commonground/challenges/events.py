"""The audit trail's names for every change the challenges app makes."""

from enum import StrEnum


class ChallengeEvent(StrEnum):
    CHALLENGE_SAVED = "challenges.challenge_saved"
    VENUE_SAVED = "challenges.venue_saved"
    TAKEN_ON = "challenges.taken_on"
    CHECKED_IN = "challenges.checked_in"
    FOLLOW_UP = "challenges.follow_up_answered"
    TEAM_CREATED = "challenges.team_created"
    TEAM_JOINED = "challenges.team_joined"
    TEAM_LEFT = "challenges.team_left"
    PLAYER_SAVED = "challenges.player_saved"
    FIGURES_PUBLISHED = "challenges.figures_published"
    PERSON_ERASED = "challenges.person_erased"

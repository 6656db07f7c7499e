"""The readiness app's audit event names (one per action)."""

from enum import StrEnum


class ReadinessEvent(StrEnum):
    ASSESSMENT_CREATED = "readiness.assessment_created"
    ASSESSMENT_COMPLETED = "readiness.assessment_completed"
    INTERVIEW_RECORDED = "readiness.interview_recorded"
    SHEET_FINISHED = "readiness.sheet_finished"
    CONSENSUS_AGREED = "readiness.consensus_agreed"
    STRATEGY_EDITED = "readiness.strategy_edited"
    ANCHOR_EDITED = "readiness.anchor_edited"
    ASSESSMENT_CITED = "readiness.assessment_cited"

"""Future Leaders' audit events: each state change writes one (a ``StrEnum`` member is its
string, so the audit table and its filters read them as plain text)."""

from enum import StrEnum


class LeadersEvent(StrEnum):
    COHORT_CREATED = "leaders.cohort_created"
    APPLIED = "leaders.applied"
    WITHDRAWN = "leaders.withdrawn"
    DECIDED = "leaders.decided"
    QUOTAS_SET = "leaders.quotas_set"
    LOTTERY_RUN = "leaders.lottery_run"
    SESSION_ADDED = "leaders.session_added"
    ATTENDANCE_RECORDED = "leaders.attendance_recorded"
    MENTOR_ADDED = "leaders.mentor_added"
    MENTORS_MATCHED = "leaders.mentors_matched"
    LOG_WRITTEN = "leaders.log_written"
    OUTCOME_RECORDED = "leaders.outcome_recorded"
    WORKFORCE_SET = "leaders.workforce_set"

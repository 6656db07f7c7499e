"""The schools app's audit event names (one per action)."""

from enum import StrEnum


class SchoolsEvent(StrEnum):
    CENSUS_LOADED = "schools.census_loaded"
    MEASURE_PUBLISHED = "schools.measure_published"
    CONTACT_ADDED = "schools.contact_added"
    CONTACT_REMOVED = "schools.contact_removed"
    YEAR_CREATED = "schools.linking_year_created"
    PARTICIPANTS_CHANGED = "schools.participants_changed"
    RULE_ADDED = "schools.pair_rule_added"
    RULE_REMOVED = "schools.pair_rule_removed"
    PAIRS_PROPOSED = "schools.pairs_proposed"
    PAIRS_SWAPPED = "schools.pairs_swapped"
    YEAR_CONFIRMED = "schools.linking_year_confirmed"
    PAIR_ANSWERED = "schools.pair_answered"
    PAIRS_REPAIRED = "schools.pairs_repaired"
    INTERVENTION_REGISTERED = "schools.intervention_registered"
    DAY_UPDATED = "schools.linking_day_updated"
    DAY_CONFIRMED = "schools.linking_day_confirmed"
    SESSION_CREATED = "schools.session_created"
    SESSION_BOOKED = "schools.session_booked"
    ATTENDANCE_MARKED = "schools.attendance_marked"
    SURVEY_ENTERED = "schools.survey_entered"
    SURVEY_OPENED_IN_CONVERSATIONS = "schools.survey_opened_in_conversations"
    SURVEY_RESULT_RECORDED = "schools.survey_result_recorded"

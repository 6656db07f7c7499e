"""The audit events Conversations writes: one typed name each, instead of free strings.

Every action in :mod:`commonground.consult.actions` records one of these through
:func:`commonground.core.audit.record` (which stores the string value, so the audit trail and
anything that filters it by ``action="consult.…"`` read the same as before). A name the code
misspells is an ``AttributeError`` at import time, not a silent new kind of event; the audit
page and tests can list every kind the app writes (``list(ConsultEvent)``).

Modelled on Zulip's ``AuditLogEventType``.
"""

from __future__ import annotations

from enum import StrEnum


class ConsultEvent(StrEnum):
    # consultations and reports
    CONSULTATION_CREATED = "consult.consultation_created"
    CONSULTATION_UPDATED = "consult.consultation_updated"
    CONSULTATION_OPENED = "consult.consultation_opened"
    CONSULTATION_CLOSED = "consult.consultation_closed"
    REPORT_PUBLISHED = "consult.report_published"
    REPORT_WITHDRAWN = "consult.report_withdrawn"
    # offline evidence
    ACTIVITY_RECORDED = "consult.activity_recorded"
    ACTIVITY_COMMENTS_ADDED = "consult.activity_comments_added"
    ACTIVITY_UPDATED = "consult.activity_updated"
    ACTIVITY_WITHDRAWN = "consult.activity_withdrawn"
    ACTIVITY_REINSTATED = "consult.activity_reinstated"
    # the codebook
    THEME_CREATED = "consult.theme_created"
    THEME_RENAMED = "consult.theme_renamed"
    THEMES_MERGED = "consult.themes_merged"
    COMMENT_CODED = "consult.comment_coded"
    COMMENT_UNCODED = "consult.comment_uncoded"
    SUGGESTIONS_ACCEPTED = "consult.suggestions_accepted"
    SUGGESTIONS_REJECTED = "consult.suggestions_rejected"
    THEME_PROPOSAL_ACCEPTED = "consult.theme_proposal_accepted"
    THEME_PROPOSAL_REJECTED = "consult.theme_proposal_rejected"
    # analysis and feedback
    ANALYSIS_REQUESTED = "consult.analysis_requested"
    ANALYSIS_REFRESH_QUEUED = "consult.analysis_refresh_queued"
    YOU_SAID_WE_DID_RECORDED = "consult.you_said_we_did_recorded"
    YOU_SAID_WE_DID_UPDATED = "consult.you_said_we_did_updated"
    # the survey builder
    SURVEY_CREATED = "consult.survey_created"
    SURVEY_CHANGED = "consult.survey_changed"
    SURVEY_PAGE_ADDED = "consult.survey_page_added"
    SURVEY_PAGE_CHANGED = "consult.survey_page_changed"
    SURVEY_PAGE_DELETED = "consult.survey_page_deleted"
    SURVEY_PAGE_MOVED = "consult.survey_page_moved"
    SURVEY_QUESTION_ADDED = "consult.survey_question_added"
    SURVEY_QUESTION_CHANGED = "consult.survey_question_changed"
    SURVEY_QUESTION_DELETED = "consult.survey_question_deleted"
    SURVEY_QUESTION_MOVED = "consult.survey_question_moved"
    SURVEY_PUBLISHED = "consult.survey_published"
    SURVEY_WITHDRAWN = "consult.survey_withdrawn"
    # answers
    SURVEY_CONSENT_GIVEN = "consult.survey_consent_given"
    SURVEY_SAVED_FOR_LATER = "consult.survey_saved_for_later"
    SURVEY_SUBMITTED = "consult.survey_submitted"
    PAPER_SURVEY_KEYED = "consult.paper_survey_keyed"
    SURVEY_RESPONSE_IMPORTED = "consult.survey_response_imported"
    COUNT_GROUP_OPENED = "consult.count_group_opened"
    ANSWER_COUNTS_RECORDED = "consult.answer_counts_recorded"

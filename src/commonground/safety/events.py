"""The safety app's audit event names (one place, so a misspelt name fails at import)."""

from __future__ import annotations

from enum import StrEnum


class SafetyEvent(StrEnum):
    REPORT_RECEIVED = "safety.report_received"
    REPORT_VIEWED = "safety.report_viewed"
    REPORT_TRIAGED = "safety.report_triaged"
    REPORT_REFERRED = "safety.report_referred"
    REPORT_CLOSED = "safety.report_closed"
    REPORT_REOPENED = "safety.report_reopened"
    REPORTS_EXPORTED = "safety.reports_exported"
    PERSONAL_DETAILS_DELETED = "safety.personal_details_deleted"
    STATUS_LOOKUP_LIMITED = "safety.status_lookup_limited"
    TENSION_REPORTED = "safety.tension_reported"
    TENSION_ALERT_RAISED = "safety.tension_alert_raised"
    TENSION_ALERT_RESPONDED = "safety.tension_alert_responded"
    TENSION_LEAD_NAMED = "safety.tension_lead_named"
    TENSION_LEAD_REMOVED = "safety.tension_lead_removed"
    TENSION_LEAD_SMS_SET = "safety.tension_lead_sms_set"
    TENSION_SCHEDULE_SET = "safety.tension_schedule_set"
    TENSION_SCHEDULE_ENDED = "safety.tension_schedule_ended"
    TENSION_REMINDERS_SENT = "safety.tension_reminders_sent"
    TENSION_PARTNER_SMS_SET = "safety.tension_partner_sms_set"
    MYTH_SAVED = "safety.myth_saved"
    MYTH_PUBLISHED = "safety.myth_published"
    MYTH_WITHDRAWN = "safety.myth_withdrawn"
    MYTH_QUESTION_ASKED = "safety.myth_question_asked"
    MYTH_QUESTION_HANDLED = "safety.myth_question_handled"
    FIGURES_PUBLISHED = "safety.figures_published"

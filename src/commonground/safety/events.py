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

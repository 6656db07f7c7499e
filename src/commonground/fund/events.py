"""The fund's audit event names, typed (after Zulip's ``AuditLogEventType``).

Every fund action records one of these through :func:`commonground.core.audit.record`; a
``StrEnum`` member *is* its string, so the audit table, its filters and old events read as
before, while a misspelt name fails at import instead of writing an event nobody looks for.
"""

from __future__ import annotations

from enum import StrEnum


class FundEvent(StrEnum):
    # rounds
    ROUND_CREATED = "fund.round_created"
    ROUND_UPDATED = "fund.round_updated"
    ROUND_CHANGE_REFUSED = "fund.round_change_refused"
    ROUND_OPENED = "fund.round_opened"
    ASSESSMENT_OPENED = "fund.assessment_opened"
    VOTING_OPENED = "fund.voting_opened"
    ROUND_IMPORTED = "fund.round_imported"
    # proposals and assessment
    PROPOSAL_STARTED = "fund.proposal_started"
    PROPOSAL_SUBMITTED = "fund.proposal_submitted"
    PROPOSAL_ASSESSED = "fund.proposal_assessed"
    REVISION_REQUESTED = "fund.revision_requested"
    PROPOSALS_MERGED = "fund.proposals_merged"
    PROPOSAL_SHORTLISTED = "fund.proposal_shortlisted"
    PROPOSAL_NOT_SHORTLISTED = "fund.proposal_not_shortlisted"
    # voters and ballots
    VOTER_LIST_UPLOADED = "fund.voter_list_uploaded"
    ACCESS_CODES_ISSUED = "fund.access_codes_issued"
    ELIGIBILITY_CHECKS_THROTTLED = "fund.eligibility_checks_throttled"
    IDENTITY_REVIEW_OPENED = "fund.identity_review_opened"
    IDENTITY_REVIEW_DECIDED = "fund.identity_review_decided"
    PAPER_BALLOT_KEYED = "fund.paper_ballot_keyed"
    PAPER_BALLOT_DECIDED = "fund.paper_ballot_decided"
    VOTE_CLOSED = "fund.vote_closed"
    # results
    RESULTS_COMPUTED = "fund.results_computed"
    RESULTS_MISMATCH = "fund.results_mismatch"
    RESULT_OVERRIDDEN = "fund.result_overridden"
    # grants
    GRANTS_AWARDED = "fund.grants_awarded"
    GRANT_UPDATED = "fund.grant_updated"
    MILESTONE_PAID = "fund.milestone_paid"
    PROGRESS_REPORTED = "fund.progress_reported"

"""Every state change of a round, one function each (Zulip's ``zerver/actions/`` is the model).

One module per topic: :mod:`.rounds`, :mod:`.proposals`, :mod:`.assessment`,
:mod:`.voter_lists`, :mod:`.eligibility`, :mod:`.ballots`, :mod:`.paper`, :mod:`.closing`,
:mod:`.results`, :mod:`.grants`, :mod:`.imports`.  Each action is called with keywords,
``actor`` first (``open_voting(actor=officer, round_=round_)``); it asks for its permission by
name (:func:`commonground.fund.rules.ensure`, the table in ``fund/phases.py``), validates,
locks what it changes (``select_for_update``), writes, and records a typed audit event
(:class:`commonground.fund.events.FundEvent`) in the same transaction.  Views, commands, the
demo and the tests all call these; nothing else writes fund models.  Reads live in
:mod:`commonground.fund.queries` (re-exported here for the pages that import them from here).

Ballots are the exception to ``actor``: a vote is cast by a *voter* (a checked code, number or
person), not an account, so :func:`cast_ballot` and :func:`finish_ballot` take ``voter``; they
still ask for ``fund.ballot.cast`` (anyone, in the vote phase).

Errors a person can fix are :class:`django.core.exceptions.ValidationError`; a change the role
does not allow is :class:`django.core.exceptions.PermissionDenied`, one the phase does not
allow :class:`commonground.fund.rules.RoundClosed` (a subclass).
"""

from __future__ import annotations

from ..queries import (
    NOT_HELD,
    ballot_is_final,
    ballot_projects,
    clean_choices,
    current_choices,
    eligibility_problems,
    held_choices,
    held_is_final,
    is_held,
    papers_needing_a_decision,
    pending_reviews,
)
from .assessment import merge_proposals, record_assessment, request_revision, shortlist
from .ballots import FINISHED_MESSAGE, cast_ballot, finish_ballot
from .closing import close_vote
from .eligibility import (
    decide_review,
    ensure_ready_to_close,
    finish_held,
    forget_identities,
    hold_ballot,
    register_postcode_voter,
)
from .grants import (
    DEFAULT_MILESTONES,
    GRANT_PREFIX,
    award_grants,
    pay_milestone,
    report_progress,
    update_grant,
)
from .imports import import_election
from .paper import decide_paper, key_paper_ballot, normalise_paper_ref
from .proposals import PROPOSAL_FIELDS, PROPOSAL_RELATIONS, save_draft, submit_proposal
from .results import ResultMismatch, compute_results, override_result
from .rounds import (
    create_round,
    open_assessment,
    open_round,
    open_voting,
    update_round,
)
from .voter_lists import issue_access_codes, upload_voter_list

ACTIONS: tuple[str, ...] = (
    # rounds
    "create_round",
    "update_round",
    "open_round",
    "open_assessment",
    "open_voting",
    "import_election",
    # proposals and assessment
    "save_draft",
    "submit_proposal",
    "record_assessment",
    "request_revision",
    "merge_proposals",
    "shortlist",
    # voters, ballots, the close
    "upload_voter_list",
    "issue_access_codes",
    "cast_ballot",
    "finish_ballot",
    "decide_review",
    "key_paper_ballot",
    "decide_paper",
    "close_vote",
    # results and grants
    "compute_results",
    "override_result",
    "award_grants",
    "update_grant",
    "pay_milestone",
    "report_progress",
)
"""Every action a person asks for (each checks its permission).  ``register_postcode_voter``,
``hold_ballot``, ``finish_held``, ``ensure_ready_to_close`` and ``forget_identities`` are steps
of :func:`cast_ballot`, the voter check and :func:`close_vote`, called inside their
transactions, not actions of their own."""

__all__ = [
    "ACTIONS",
    "DEFAULT_MILESTONES",
    "FINISHED_MESSAGE",
    "GRANT_PREFIX",
    "NOT_HELD",
    "PROPOSAL_FIELDS",
    "PROPOSAL_RELATIONS",
    "ResultMismatch",
    "annotations",
    "award_grants",
    "ballot_is_final",
    "ballot_projects",
    "cast_ballot",
    "clean_choices",
    "close_vote",
    "compute_results",
    "create_round",
    "current_choices",
    "decide_paper",
    "decide_review",
    "eligibility_problems",
    "ensure_ready_to_close",
    "finish_ballot",
    "finish_held",
    "forget_identities",
    "held_choices",
    "held_is_final",
    "hold_ballot",
    "import_election",
    "is_held",
    "issue_access_codes",
    "key_paper_ballot",
    "merge_proposals",
    "normalise_paper_ref",
    "open_assessment",
    "open_round",
    "open_voting",
    "override_result",
    "papers_needing_a_decision",
    "pay_milestone",
    "pending_reviews",
    "record_assessment",
    "register_postcode_voter",
    "report_progress",
    "request_revision",
    "save_draft",
    "shortlist",
    "submit_proposal",
    "update_grant",
    "update_round",
    "upload_voter_list",
]

"""The fund app's models, one module per stage of a round."""

from .assessment import Assessment, AssessmentKind, AssessmentOutcome, Decision, DecisionKind
from .ballot import (
    AccessCode,
    Ballot,
    Channel,
    EligibleVoter,
    FailedCheck,
    PaperBallotEntry,
    PaperEntryStatus,
    VoterLink,
)
from .grant import Grant, Milestone, OutputResult, ProgressReport, ReportPhoto
from .proposal import (
    BudgetLine,
    PromisedOutput,
    Proposal,
    ProposalImage,
    ProposalStatus,
    ProposalVersion,
)
from .result import ResultOverride, ResultSnapshot
from .round import (
    Applicant,
    AreaBudget,
    BallotType,
    Phase,
    Pot,
    Round,
    RoundLocked,
    Rule,
    Verification,
)

__all__ = [
    "AccessCode",
    "Applicant",
    "AreaBudget",
    "Assessment",
    "AssessmentKind",
    "AssessmentOutcome",
    "Ballot",
    "BallotType",
    "BudgetLine",
    "Channel",
    "Decision",
    "DecisionKind",
    "EligibleVoter",
    "FailedCheck",
    "Grant",
    "Milestone",
    "OutputResult",
    "PaperBallotEntry",
    "PaperEntryStatus",
    "Phase",
    "Pot",
    "ProgressReport",
    "PromisedOutput",
    "Proposal",
    "ProposalImage",
    "ProposalStatus",
    "ProposalVersion",
    "ReportPhoto",
    "ResultOverride",
    "ResultSnapshot",
    "Round",
    "RoundLocked",
    "Rule",
    "Verification",
    "VoterLink",
]

"""Core models, one module per subject so each stays small."""

from .accounts import User
from .audit import AuditEvent
from .membership import Membership, MembershipStatus
from .organisations import CommunityOfInterest, Organisation
from .places import Area
from .strategy import (
    BaselineFigure,
    CaseStudy,
    Challenge,
    DatePrecision,
    FigureQualifier,
    FigureUnit,
    FocusCommunity,
    FocusTheme,
    Foreword,
    GuidingPrinciple,
    Objective,
    Pillar,
    Priority,
    Strategy,
    StrategyQuote,
    StrategySection,
    Strength,
)
from .tasks import TaskLease

__all__ = [
    "Area",
    "AuditEvent",
    "BaselineFigure",
    "CaseStudy",
    "Challenge",
    "CommunityOfInterest",
    "DatePrecision",
    "FigureQualifier",
    "FigureUnit",
    "FocusCommunity",
    "FocusTheme",
    "Foreword",
    "GuidingPrinciple",
    "Membership",
    "MembershipStatus",
    "Objective",
    "Organisation",
    "Pillar",
    "Priority",
    "Strategy",
    "StrategyQuote",
    "StrategySection",
    "Strength",
    "TaskLease",
    "User",
]

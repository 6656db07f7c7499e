"""Core models, one module per subject so each stays small."""

from .accounts import User
from .audit import AuditEvent
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
    "Objective",
    "Organisation",
    "Pillar",
    "Priority",
    "Strategy",
    "StrategyQuote",
    "StrategySection",
    "Strength",
    "User",
]

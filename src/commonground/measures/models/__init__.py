"""Measures models, one module per subject: indicators, observations, uploads, tokens."""

from .indicator import Direction, Frequency, Indicator, Origin, Unit
from .observation import Observation
from .token import OrganisationToken
from .upload import Upload, UploadStatus, UploadVia

__all__ = [
    "Direction",
    "Frequency",
    "Indicator",
    "Observation",
    "OrganisationToken",
    "Origin",
    "Unit",
    "Upload",
    "UploadStatus",
    "UploadVia",
]

"""The census columns a school file must (or may) have, and the 18 DfE ethnicity groups.

Column names are those of the DfE school census school-level file as published (and of
``schools_2022-23_bradford_plus10km_ethnicity_latlong.csv``), so a later census loads unchanged.
"""

from typing import Final

__all__ = [
    "ETHNIC_GROUPS",
    "FSM",
    "HEADCOUNT",
    "IN_DISTRICT",
    "LAT",
    "LONG",
    "PHASE",
    "PHASES",
    "REQUIRED",
    "UNCLASSIFIED",
    "URN",
    "WHITE_BRITISH",
    "group_column",
]

URN: Final = "urn"
LAT: Final = "lat"
LONG: Final = "long"
IN_DISTRICT: Final = "in_bradford"
PHASE: Final = "phase_type_grouping"
HEADCOUNT: Final = "headcount of pupils"
UNCLASSIFIED: Final = "number of pupils unclassified"
FSM: Final = "number of pupils known to be eligible for free school meals"

PHASES: Final = ("primary", "secondary")
"""The phases compared: a school is compared and linked only with schools of its own phase."""

ETHNIC_GROUPS: Final[tuple[tuple[str, str], ...]] = (
    ("white_british", "white British"),
    ("irish", "Irish"),
    ("traveller_irish", "traveller of Irish heritage"),
    ("other_white", "any other white background"),
    ("gypsy_roma", "Gypsy/Roma"),
    ("white_black_caribbean", "white and black Caribbean"),
    ("white_black_african", "white and black African"),
    ("white_asian", "white and Asian"),
    ("other_mixed", "any other mixed background"),
    ("indian", "Indian"),
    ("pakistani", "Pakistani"),
    ("bangladeshi", "Bangladeshi"),
    ("other_asian", "any other Asian background"),
    ("caribbean", "Caribbean"),
    ("african", "African"),
    ("other_black", "any other black background"),
    ("chinese", "Chinese"),
    ("other_ethnic", "any other ethnic group"),
)
"""(key, DfE wording) of the 18 groups, in the census's order; unclassified pupils are apart."""

WHITE_BRITISH: Final = 0
"""Index of White British in :data:`ETHNIC_GROUPS`."""


def group_column(wording: str) -> str:
    """The census column holding the number of pupils of a group (``wording`` as in DfE)."""
    return f"number of pupils classified as {wording} ethnic origin"


REQUIRED: Final = (
    URN,
    LAT,
    LONG,
    IN_DISTRICT,
    PHASE,
    *(group_column(w) for _, w in ETHNIC_GROUPS),
)
"""Columns every school file needs; the others are read when present."""

"""Publishing a round: Pabulib .pb (anonymised ballots) and 360Giving grants (JSON, CSV, xlsx)."""

from __future__ import annotations

from commonground.pb import Election

from . import engine
from .models import Round


def pabulib_export(round_: Round, pot_key: str = "district") -> Election:
    """The pot's election, with voters numbered 1…n in a shuffled-free but anonymous order:
    ballots carry no voter data, and their order (by random ballot id) reveals nothing."""
    pots = {pot.key: pot for pot in round_.pots}
    if pot_key not in pots:
        raise KeyError(pot_key)
    return engine.build_election(round_, pots[pot_key])

"""Publishing a round: Pabulib .pb (anonymised ballots) and 360Giving grants (JSON, CSV, xlsx)."""

from __future__ import annotations

from dataclasses import replace

from commonground.pb import Election, Project
from commonground.spreadsheets import safe_text

from . import engine
from .models import Round


def pabulib_export(round_: Round, pot_key: str = "district") -> Election:
    """The pot's election, with voters numbered 1…n in a shuffled-free but anonymous order:
    ballots carry no voter data, and their order (by random ballot id) reveals nothing."""
    pots = {pot.key: pot for pot in round_.pots}
    if pot_key not in pots:
        raise KeyError(pot_key)
    return spreadsheet_safe(engine.build_election(round_, pots[pot_key]))


def spreadsheet_safe(election: Election) -> Election:
    """The election with every free-text field (META values, project ids, names and other
    columns, voters' extra columns) made safe to open in a spreadsheet.

    A .pb file is semicolon-separated text that people open in Excel as often as programs
    read it, and its names come from proposals anyone may submit: ``=HYPERLINK(…)`` as a
    project name would be a live formula. Plain numbers stay as they are, so costs, votes,
    coordinates and budgets read the same; only the export changes (the stored election and
    its digest do not).
    """
    projects = [
        Project(
            id=safe_text(p.id),
            cost=p.cost,
            name=safe_text(p.name),
            extra={key: safe_text(value) for key, value in p.extra.items()},
        )
        for p in election.projects
    ]
    return replace(
        election,
        meta={key: safe_text(value) for key, value in election.meta.items()},
        projects=projects,
        voter_extra={
            key: [safe_text(v) for v in values] for key, values in election.voter_extra.items()
        },
        _index={},
    )

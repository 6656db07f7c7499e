"""The attitude survey run through the Conversations survey engine (``consult``).

A linking year gets two consult surveys, before and after, each with the five statements as
single-choice questions (😊 yes, 😐 not sure, ☹️ no; wording in every language the catalogue
has) and one count group per pair and school: that school's classes in that pair.  Each group
names the permission ``schools.acts_for_a_school`` on its school, so a school's teacher enters
counts for their own school's classes only (consult's ``record_answer_counts``); no names and
no individual responses are kept.  :func:`cells` reads the counts back for the Newcombe
analysis in :mod:`.survey`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .survey import ANSWERS, STATEMENTS

VALUES = tuple(value for value, _smiley, _label in ANSWERS)
"""Consult choice values, in the order of :data:`.survey.ANSWERS` (agree, unsure, disagree)."""

GRANT = "schools.acts_for_a_school"


def group_key(pair, school) -> str:
    return f"pair-{pair.pk}-school-{school.pk}"


def _in_every_language(text) -> dict[str, str]:
    """{language: wording} for the platform's other languages (from the message catalogue);
    ``text`` is a lazy string, or a function that words it in the active language."""
    out = {}
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            with translation.override(code):
                out[code] = text() if callable(text) else str(text)
    return out


def _worded(make: Callable[[], str]) -> dict[str, str]:
    """``make()`` in the platform's language (``text``) and in the others (``…_translations``):
    the survey's wording must not depend on who built it, and pupils read it in their own."""
    with translation.override(settings.LANGUAGE_CODE):
        text = make()
    return {"text": text, "translations": _in_every_language(make)}


def _choices() -> list[dict[str, str]]:
    return [
        {"value": value, "label": f"{smiley} {label}"}
        | {k: f"{smiley} {v}" for k, v in _in_every_language(label).items()}
        for value, smiley, label in ANSWERS
    ]


def build(*, actor, linking_year, consultation, stage: str):
    """Create one stage's consult survey for the year, with its statements and groups."""
    from commonground.consult import actions as consult

    from .models import Stage

    title = _worded(
        lambda: (
            _("School linking %(year)s: pupils' survey, %(stage)s")
            % {"year": linking_year.year, "stage": str(Stage(stage).label).lower()}
        )
    )
    consent = _worded(
        lambda: _(
            "No names are asked. A teacher enters how many children in the class chose each answer."
        )
    )
    survey = consult.create_survey(
        actor=actor,
        consultation=consultation,
        title=title["text"],
        title_translations=title["translations"],
        consent_text=consent["text"],
        consent_translations=consent["translations"],
    )
    page_title = _worded(lambda: _("What do you think?"))
    page = consult.add_page(
        actor=actor,
        survey=survey,
        title=page_title["text"],
        title_translations=page_title["translations"],
    )
    for statement in STATEMENTS:
        consult.add_question(
            actor=actor,
            page=page,
            kind="single",
            text=str(statement),
            text_translations=_in_every_language(statement),
            choices=_choices(),
            required=True,
        )
    for pair in linking_year.pairs.select_related("school_a", "school_b"):
        for school in (pair.school_a, pair.school_b):
            consult.open_count_group(
                actor=actor,
                survey=survey,
                key=group_key(pair, school),
                label=f"{school.name} ({pair.school_a.name} – {pair.school_b.name})",
                grant_permission=GRANT,
                grant_object=school,
            )
    return survey


def carry_old_counts(*, actor, linking_year) -> list[dict]:
    """Enter the counts typed on the old class-count form (:class:`.models.SurveyCount`) into
    the year's matching count groups, through consult's ``record_answer_counts`` (validated
    and audited there).  Statement n is the survey's question n.  Returns what was carried:
    one entry per class (pair, school, stage), with who typed it first."""
    from commonground.consult import actions as consult
    from commonground.consult.models import CountGroup

    from .models import SurveyCount

    surveys = {"before": linking_year.survey_before, "after": linking_year.survey_after}
    questions = {
        stage: [q.pk for q in survey.questions_in_order()]
        for stage, survey in surveys.items()
        if survey is not None
    }
    classes: dict[tuple[int, int, str], list] = {}
    for row in SurveyCount.objects.filter(pair__linking_year=linking_year).order_by(
        "pair_id", "school_id", "stage", "statement"
    ):
        classes.setdefault((row.pair_id, row.school_id, row.stage), []).append(row)
    carried = []
    for (pair_id, school_id, stage), rows in sorted(classes.items()):
        if stage not in questions:
            continue
        group = CountGroup.objects.get(
            survey=surveys[stage], key=f"pair-{pair_id}-school-{school_id}"
        )
        counts = {
            questions[stage][row.statement - 1]: dict(
                zip(VALUES, (row.agree, row.unsure, row.disagree), strict=True)
            )
            for row in rows
            if 1 <= row.statement <= len(questions[stage])
        }
        consult.record_answer_counts(actor=actor, group=group, counts=counts)
        carried.append(
            {
                "group": group.pk,
                "pair": pair_id,
                "school": school_id,
                "stage": stage,
                "entered_by": sorted({r.entered_by_id for r in rows if r.entered_by_id}),
            }
        )
    return carried


def cells(linking_year) -> dict[tuple[int, int, str, int], tuple[int, int, int]]:
    """{(pair id, school id, stage, statement number): (agree, unsure, disagree)} from the
    year's consult surveys (groups with no counts entered yet are left out)."""
    from commonground.consult.models import CountGroup

    out = {}
    for stage, survey_id in (
        ("before", linking_year.survey_before_id),
        ("after", linking_year.survey_after_id),
    ):
        if survey_id is None:
            continue
        groups = CountGroup.objects.filter(survey_id=survey_id, entered_at__isnull=False)
        for group in groups.prefetch_related("answer_counts__question"):
            _pair, pair_id, _school, school_id = group.key.split("-")
            counts: dict[int, dict[str, int]] = {}
            order = {}
            for row in group.answer_counts.all():
                counts.setdefault(row.question_id, {})[row.value] = row.count
                order[row.question_id] = (row.question.order, row.question_id)
            for number, question_id in enumerate(sorted(counts, key=order.get), start=1):
                out[(int(pair_id), int(school_id), stage, number)] = tuple(
                    counts[question_id].get(v, 0) for v in VALUES
                )
    return out

"""The survey's actions under their old import path.

They now live in :mod:`commonground.consult.actions` (``survey_builder``, ``survey_answers``,
``survey_paper``) and the reads in :mod:`commonground.consult.queries`; this module only keeps
``from commonground.consult import survey_actions`` working for code written before.
"""

from commonground.consult.actions.survey_answers import (  # noqa: F401
    RESIDENT,
    RESUME_CODE_ALPHABET,
    RESUME_CODE_GROUP,
    RESUME_CODE_LENGTH,
    format_resume_code,
    issue_resume_token,
    normalise_resume_code,
    save_page,
    start_response,
    submit_response,
)
from commonground.consult.actions.survey_builder import (  # noqa: F401
    add_page,
    add_question,
    create_survey,
    delete_page,
    delete_question,
    move_page,
    move_question,
    publish_survey,
    update_page,
    update_question,
    update_survey,
)
from commonground.consult.actions.survey_paper import import_response, key_paper_response  # noqa: F401
from commonground.consult.queries import (  # noqa: F401
    missing_required,
    response_for_token,
    shown_questions,
)

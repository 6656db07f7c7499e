"""Every state change in Conversations, one function each, in small modules by topic.

Modelled on Zulip's ``zerver/actions/``: each module holds the actions of one topic, reads
live in :mod:`commonground.consult.queries`, and every action

* takes keyword arguments only, the person acting first (``*, actor, …``);
* declares the permission it needs by name (``@requires("consult.code_themes", on="theme")``,
  rules in ``consult/rules.py``) and is refused (``PermissionDenied``) before it reads or
  writes anything when the actor lacks it;
* validates, writes, and records one typed audit event (:class:`~commonground.consult.events.
  ConsultEvent`) through :func:`commonground.core.audit.record` in the same transaction.

Views, the demo and the tests call these; nothing else writes consult models. Errors a
person can fix are ``ValidationError``, with messages that name the field.

Modules: :mod:`.consultations`, :mod:`.activities` (offline evidence), :mod:`.codebook`,
:mod:`.analysis_runs`, :mod:`.feedback` ("You said, we did"), :mod:`.survey_builder`,
:mod:`.survey_answers` (residents), :mod:`.survey_paper` (paper and imported responses),
:mod:`.survey_counts` (a group's answers entered as counts, no individual responses).
Everything is importable from here too (``from commonground.consult import actions``).
"""

from commonground.consult.actions.activities import (
    activity_comment,
    add_activity_comments,
    record_activity,
    reinstate_activity,
    split_notes,
    update_activity,
    withdraw_activity,
)
from commonground.consult.actions.analysis_runs import (
    AUTO_REFRESH,
    refresh_analysis,
    request_analysis,
)
from commonground.consult.actions.codebook import (
    code_comment,
    create_theme,
    decide_proposal,
    decide_suggestions,
    merge_themes,
    rename_theme,
    uncode_comment,
)
from commonground.consult.actions.consultations import (
    OptionSpec,
    create_consultation,
    publish_report,
    set_status,
    update_consultation,
)
from commonground.consult.actions.feedback import record_you_said_we_did
from commonground.consult.actions.survey_answers import (
    RESIDENT,
    format_resume_code,
    issue_resume_token,
    normalise_resume_code,
    save_page,
    start_response,
    submit_response,
)
from commonground.consult.actions.survey_builder import (
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
from commonground.consult.actions.survey_counts import open_count_group, record_answer_counts
from commonground.consult.actions.survey_paper import import_response, key_paper_response

__all__ = [
    "AUTO_REFRESH",
    "RESIDENT",
    "OptionSpec",
    "activity_comment",
    "add_activity_comments",
    "add_page",
    "add_question",
    "code_comment",
    "create_consultation",
    "create_survey",
    "create_theme",
    "decide_proposal",
    "decide_suggestions",
    "delete_page",
    "delete_question",
    "format_resume_code",
    "import_response",
    "issue_resume_token",
    "key_paper_response",
    "merge_themes",
    "move_page",
    "move_question",
    "normalise_resume_code",
    "open_count_group",
    "publish_report",
    "publish_survey",
    "record_activity",
    "record_answer_counts",
    "record_you_said_we_did",
    "refresh_analysis",
    "reinstate_activity",
    "rename_theme",
    "request_analysis",
    "save_page",
    "set_status",
    "split_notes",
    "start_response",
    "submit_response",
    "uncode_comment",
    "update_activity",
    "update_consultation",
    "update_page",
    "update_question",
    "update_survey",
    "withdraw_activity",
]

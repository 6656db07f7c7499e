"""The consult app's models, one module per part of the work.

- consultation: the consultation itself and the options people prioritise (shared by all parts)
- evidence: the one evidence base (every comment, quote and note) and its thematic coding
- survey: the online survey (builder, responses, save-and-return)
- activity: offline methods entered by officers (board tables, focus groups, interviews, …)
"""

from commonground.consult.models.activity import (  # noqa: F401
    Activity,
    ActivityAttachment,
    AttachmentKind,
    ConsentHow,
    OptionTally,
)
from commonground.consult.models.analysis import (  # noqa: F401
    AnalysisKind,
    AnalysisRun,
    CommentEmbedding,
    ProposalDecision,
    RunStatus,
    ThemeProposal,
    YouSaidWeDid,
)
from commonground.consult.models.consultation import (  # noqa: F401
    Consultation,
    ConsultationStatus,
    Method,
    PriorityOption,
)
from commonground.consult.models.evidence import Coding, CodingStatus, Comment, Theme  # noqa: F401
from commonground.consult.models.survey import (  # noqa: F401
    Answer,
    ConditionOperator,
    Question,
    QuestionKind,
    Survey,
    SurveyPage,
    SurveyResponse,
)
from commonground.consult.models.survey_counts import AnswerCount, CountGroup  # noqa: F401

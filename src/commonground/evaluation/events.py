"""The evaluation app's audit event names."""

from enum import StrEnum


class EvaluationEvent(StrEnum):
    INTERVENTION_REGISTERED = "evaluation.intervention_registered"
    INTERVENTION_UPDATED = "evaluation.intervention_updated"
    INTERVENTION_PUBLISHED = "evaluation.intervention_published"
    PLAN_SAVED = "evaluation.plan_saved"
    PLAN_LOCKED = "evaluation.plan_locked"
    RESULT_COMPUTED = "evaluation.result_computed"
    RESULT_RECORDED = "evaluation.result_recorded"
    DECISION_RECORDED = "evaluation.decision_recorded"

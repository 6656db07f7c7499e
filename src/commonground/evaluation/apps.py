from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Test and learn: interventions, logic models, evaluation plans, results and decisions."""

    name = "commonground.evaluation"
    label = "evaluation"
    verbose_name = _("Test and learn")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    """Community Readiness: assessments, interviews, blind scoring, consensus, strategies."""

    name = "commonground.readiness"
    label = "readiness"
    verbose_name = _("Community Readiness")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """The agreed set of measures: indicators, versioned observations, partner uploads."""

    name = "commonground.measures"
    label = "measures"
    verbose_name = _("Measures")
    default_auto_field = "django.db.models.BigAutoField"

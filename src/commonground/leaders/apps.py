from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadersConfig(AppConfig):
    """Future Leaders: a year-long leadership programme with fair selection."""

    name = "commonground.leaders"
    label = "leaders"
    verbose_name = _("Future Leaders")

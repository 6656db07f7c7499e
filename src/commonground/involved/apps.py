from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvolvedConfig(AppConfig):
    """Getting Involved: volunteering, Open Book talks, events and the mixing-challenges app."""

    name = "commonground.involved"
    label = "involved"
    verbose_name = _("Getting Involved")

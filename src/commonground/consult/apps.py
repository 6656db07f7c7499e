from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultConfig(AppConfig):
    """Conversations: consultations by six methods into one evidence base, analysed and reported."""

    name = "commonground.consult"
    label = "consult"
    verbose_name = _("Conversations")

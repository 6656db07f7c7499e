from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    """People Can volunteering: opportunities, sign-ups, hours and call-outs."""

    name = "commonground.volunteering"
    label = "volunteering"
    verbose_name = _("People Can volunteering")

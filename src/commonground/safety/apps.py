from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    """Feeling Safe: hate-incident reporting, casework, hotspots, tension monitoring, myths
    and facts."""

    name = "commonground.safety"
    label = "safety"
    verbose_name = _("Feeling Safe")

    def ready(self) -> None:
        from .signals import connect

        connect()

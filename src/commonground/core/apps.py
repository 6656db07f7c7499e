from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Places, organisations, people, roles, the strategy and the audit trail."""

    name = "commonground.core"
    label = "core"
    verbose_name = _("Common Ground core")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenBookConfig(AppConfig):
    """Open Book: volunteers who talk about their life, culture or faith, and groups who ask."""

    name = "commonground.openbook"
    label = "openbook"
    verbose_name = _("Open Book")

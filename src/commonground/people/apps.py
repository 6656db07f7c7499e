from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Community voice panel and Future Leaders: recruitment, fair selection, the panel at work."""

    name = "commonground.people"
    label = "people"
    verbose_name = _("Community voice")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    """Mixing challenges: an installable, offline-capable app of challenges to meet across
    difference."""

    name = "commonground.challenges"
    label = "challenges"
    verbose_name = _("Mixing challenges")

    def ready(self) -> None:
        from . import listeners  # noqa: F401  (connects the receivers)

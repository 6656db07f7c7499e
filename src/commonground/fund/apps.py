from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    """The Innovation Fund: rounds, proposals, assessment, PB votes, results and grants."""

    name = "commonground.fund"
    label = "fund"
    verbose_name = _("Innovation Fund")

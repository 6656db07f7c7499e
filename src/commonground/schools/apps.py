from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    """Schools: make-up, segregation between schools, school linking planned, run and evaluated."""

    name = "commonground.schools"
    label = "schools"
    verbose_name = _("Schools")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """Services directory on Open Referral UK 3.0 (next: referrals, ESOL unit, new arrivals)."""

    name = "commonground.services"
    label = "services"
    verbose_name = _("Services")

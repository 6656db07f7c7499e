from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Referrals between partners and new arrivals' support plans."""

    name = "commonground.referrals"
    label = "referrals"
    verbose_name = _("Referrals between partners and new arrivals' support plans")

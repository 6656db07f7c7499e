from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonground.core.roles import Role


class User(AbstractUser):
    """An account: officers, partners and board members sign in; residents may.

    Residents can take part without an account wherever a process allows it, so the
    account holds only what signing in needs plus an optional organisation and ward.

    `organisation` is the organisation the person acts for by default (partner uploads,
    API tokens, new proposals).  Only the membership actions (`core.memberships`) set it,
    to an organisation whose membership is confirmed, and clear it when that ends.
    """

    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    home_area = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ward"),
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")

    def has_role(self, *roles: Role | str) -> bool:
        """True if the user holds any of `roles`; administrators hold every role."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        wanted = {Role(r).value for r in roles}
        return any(name in wanted for name in self.role_names)

    def confirmed_organisations(self):
        """Organisations this person may act for: their membership is confirmed."""
        from .organisations import Organisation

        if not self.pk or not self.is_active:
            return Organisation.objects.none()
        return Organisation.objects.filter(
            memberships__user=self, memberships__status="confirmed"
        ).order_by("name")

    def may_act_for(self, organisation) -> bool:
        """True if this person holds a confirmed membership of `organisation` (or its id)."""
        if organisation is None or not self.pk or not self.is_active:
            return False
        organisation_id = getattr(organisation, "pk", organisation)
        return self.memberships.filter(organisation_id=organisation_id, status="confirmed").exists()

    def administers(self, organisation) -> bool:
        """True if this person is a confirmed admin member of `organisation`."""
        if organisation is None or not self.pk or not self.is_active:
            return False
        organisation_id = getattr(organisation, "pk", organisation)
        return self.memberships.filter(
            organisation_id=organisation_id, status="confirmed", is_admin=True
        ).exists()

    @property
    def role_names(self) -> set[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    @property
    def roles(self) -> list[Role]:
        if self.is_superuser:
            return list(Role)
        return [r for r in Role if r.value in self.role_names]

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", _("Council")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health")
    FIRE = "fire", _("Fire and rescue")
    VOLUNTARY = "voluntary", _("Voluntary or community group")
    FAITH = "faith", _("Faith group")
    SCHOOL = "school", _("School or college")
    UNIVERSITY = "university", _("University or research")
    HOUSING = "housing", _("Housing provider")
    BUSINESS = "business", _("Business")
    GOVERNMENT = "government", _("National government")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """A partner in the programme: it owns data, proposes projects, delivers work."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_partner = models.BooleanField(
        _("member of the partnership"),
        default=True,
        help_text=_("Partners share data and sit on the Delivery Forum."),
    )
    charity_number = models.CharField(_("charity number"), max_length=20, blank=True)
    company_number = models.CharField(_("company number"), max_length=20, blank=True)
    areas = models.ManyToManyField("core.Area", blank=True, related_name="organisations")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation", args=[self.slug])


class CommunityKind(models.TextChoices):
    AGE = "age", _("Age")
    ETHNICITY = "ethnicity", _("Ethnicity")
    FAITH = "faith", _("Faith or belief")
    SEX = "sex", _("Sex or gender")
    MIGRATION = "migration", _("Migration status")
    SOCIOECONOMIC = "socioeconomic", _("Income or deprivation")
    DISABILITY = "disability", _("Disability")
    SEXUALITY = "sexuality", _("Sexual orientation")
    OTHER = "other", _("Other")


class CommunityOfInterest(models.Model):
    """A community defined by who people are rather than where they live.

    The strategy's focus communities (young people, women, poorer and new communities)
    are rows here, so measures, proposals and consultations can be broken down by them.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CommunityKind.choices, default=CommunityKind.OTHER
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community of interest")
        verbose_name_plural = _("communities of interest")

    def __str__(self) -> str:
        return self.name

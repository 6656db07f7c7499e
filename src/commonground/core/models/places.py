from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    COUNTRY = "country", _("Country")
    DISTRICT = "district", _("District")
    WARD = "ward", _("Ward")
    MSOA = "msoa", _("Middle layer super output area")
    LSOA = "lsoa", _("Lower layer super output area")


class AreaQuerySet(models.QuerySet):
    def wards(self) -> "AreaQuerySet":
        return self.filter(level=AreaLevel.WARD)

    def lsoas(self) -> "AreaQuerySet":
        return self.filter(level=AreaLevel.LSOA)

    def districts(self) -> "AreaQuerySet":
        return self.filter(level=AreaLevel.DISTRICT)


class Area(models.Model):
    """A place with an ONS (GSS) code: district → ward → LSOA, with MSOAs beside.

    The electoral hierarchy (district → ward → LSOA, LSOAs best-fitted to wards) is
    `parent`; the statistical one (MSOA → LSOA) is `statistical_parent`, because census
    tables come at MSOA level and must still roll up to the district.
    """

    code = models.CharField(_("ONS code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    vintage = models.CharField(
        _("vintage"), max_length=10, blank=True, help_text=_("Year of the geography, e.g. 2021.")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    statistical_parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statistical_children",
    )
    boundary = models.JSONField(
        _("boundary"), null=True, blank=True, help_text=_("GeoJSON geometry, WGS84.")
    )
    boundary_source = models.CharField(_("boundary source"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("usual residents (census)"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "name"])]
        verbose_name = _("area")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("core:area", args=[self.code])

    def ancestors(self) -> list["Area"]:
        """Parents up to the top, nearest first, for breadcrumbs."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

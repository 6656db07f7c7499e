"""Schools and their yearly census figures (pupils by ethnic group, free school meals).

A school is kept by its URN, so reloading a file (or loading a later census) updates the same
rows and everything that cites a school survives.  A later census is a new ``SchoolCensus`` year,
so trends show.  Counts are stored whole; pages show shares, rounded, to avoid disclosing small
groups in a named school.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonground.schoolmix.groups import ETHNIC_GROUPS


class Phase(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")
    OTHER = "other", _("Other")


GROUP_LABELS = {
    "white_british": _("White British"),
    "irish": _("Irish"),
    "traveller_irish": _("Traveller of Irish heritage"),
    "other_white": _("Any other White background"),
    "gypsy_roma": _("Gypsy/Roma"),
    "white_black_caribbean": _("White and Black Caribbean"),
    "white_black_african": _("White and Black African"),
    "white_asian": _("White and Asian"),
    "other_mixed": _("Any other Mixed background"),
    "indian": _("Indian"),
    "pakistani": _("Pakistani"),
    "bangladeshi": _("Bangladeshi"),
    "other_asian": _("Any other Asian background"),
    "caribbean": _("Caribbean"),
    "african": _("African"),
    "other_black": _("Any other Black background"),
    "chinese": _("Chinese"),
    "other_ethnic": _("Any other ethnic group"),
}
"""Page labels of the 18 DfE groups, keyed as in :data:`ETHNIC_GROUPS`."""

assert list(GROUP_LABELS) == [key for key, _wording in ETHNIC_GROUPS]


class School(models.Model):
    """A state-funded school, identified by its DfE Unique Reference Number."""

    urn = models.CharField(_("URN"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    in_district = models.BooleanField(_("in the district"), default=False)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    local_authority = models.CharField(_("local authority"), max_length=100, blank=True)
    ward_code = models.CharField(_("ward code"), max_length=12, blank=True)
    ward_name = models.CharField(_("ward"), max_length=100, blank=True)
    school_type = models.CharField(_("type"), max_length=100, blank=True)
    denomination = models.CharField(_("religious character"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:school", args=[self.urn])


class SchoolCensus(models.Model):
    """One school's pupils in one January census (``year`` as ``2022/23``)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="censuses")
    year = models.CharField(_("school year"), max_length=7)
    headcount = models.PositiveIntegerField(_("pupils"))
    free_school_meals = models.PositiveIntegerField(_("eligible for free school meals"), null=True)
    unclassified = models.PositiveIntegerField(_("ethnicity unclassified"), default=0)
    groups = models.JSONField(_("pupils by ethnic group"), default=dict)

    class Meta:
        ordering = ["school__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="schools_one_census_a_year")
        ]
        verbose_name = _("school census")
        verbose_name_plural = _("school censuses")

    def __str__(self) -> str:
        return f"{self.school} {self.year}"

    @property
    def classified(self) -> int:
        """Pupils whose ethnicity is recorded: the denominator of every share shown."""
        return sum(self.groups.values())

    def share(self, key: str) -> float | None:
        """Share of classified pupils in group ``key`` (None when none are classified)."""
        known = self.classified
        return self.groups.get(key, 0) / known if known else None

    @property
    def fsm_share(self) -> float | None:
        if self.free_school_meals is None or not self.headcount:
            return None
        return self.free_school_meals / self.headcount

    def shares(self) -> list[tuple[str, str, float | None]]:
        """(key, label, share) for the 18 groups, for the school page."""
        return [(key, str(GROUP_LABELS[key]), self.share(key)) for key, _w in ETHNIC_GROUPS]

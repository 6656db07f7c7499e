"""Observations: the figures themselves, versioned so no published number is ever lost.

Each (indicator, area, period, breakdown) figure has versions 1, 2, …; the current one is
the latest accepted. A correction adds a version and moves the `is_current` flag: the
figure's own fields are never updated in place, so anyone can see what was published
before, by whom and when (the Board's trust in the numbers depends on it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ObservationOrigin(models.TextChoices):
    STRATEGY = "strategy", _("Strategy baseline")
    CENSUS = "census", _("Computed from the census")
    UPLOAD = "upload", _("Partner upload")
    CORRECTION = "correction", _("Correction")
    READINESS = "readiness", _("Community Readiness assessment")
    SAFETY = "safety", _("Hate-incident reports")
    SCHOOLS = "schools", _("School census")
    SERVICES = "services", _("Services and ESOL records")
    INVOLVEMENT = "involvement", _("Volunteering, events and challenges")


class ObservationQuerySet(models.QuerySet):
    def current(self) -> "ObservationQuerySet":
        return self.filter(is_current=True)

    def totals(self) -> "ObservationQuerySet":
        """Figures for everyone in the area (no breakdown)."""
        return self.filter(breakdown="")


class Observation(models.Model):
    """One version of one figure: an indicator's value for an area, period and breakdown."""

    indicator = models.ForeignKey(
        "measures.Indicator", on_delete=models.PROTECT, related_name="observations"
    )
    area = models.ForeignKey(
        "core.Area", on_delete=models.PROTECT, related_name="measures_observations"
    )
    period = models.CharField(
        _("period"), max_length=20, help_text=_('"2021", "2021-Q3", "2021-03", "2021/22".')
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    breakdown = models.CharField(
        _("breakdown"),
        max_length=200,
        blank=True,
        default="",
        help_text=_('"" for everyone; else "dimension=value" pairs, e.g. "sex=female".'),
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=10)
    numerator = models.DecimalField(
        _("numerator"), max_digits=24, decimal_places=10, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=24, decimal_places=10, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("replaces"),
    )
    origin = models.CharField(_("origin"), max_length=12, choices=ObservationOrigin.choices)
    upload = models.ForeignKey(
        "measures.Upload",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures_observations",
        verbose_name=_("supplied by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_end", "area", "breakdown", "version"]
        verbose_name = _("observation")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "breakdown", "version"],
                name="measures_observation_version",
            ),
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "breakdown"],
                condition=models.Q(is_current=True),
                name="measures_observation_one_current",
            ),
        ]
        indexes = [
            models.Index(
                fields=["indicator", "is_current", "breakdown", "area"],
                name="measures_obs_indicator_idx",
            ),
            models.Index(fields=["area", "is_current", "breakdown"], name="measures_obs_area_idx"),
            # One indicator's figures for one period: the table the suppression rule decides on.
            models.Index(
                fields=["indicator", "period", "is_current"], name="measures_obs_table_idx"
            ),
        ]

    def __str__(self) -> str:
        suffix = f" [{self.breakdown}]" if self.breakdown else ""
        return f"{self.indicator_id} {self.area_id} {self.period}{suffix} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        """Add a version; never change one (corrections go through actions.correct_observation)."""
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("Observations are never updated in place: add a version.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Observations are kept: add a correcting version instead.")

    @property
    def breakdown_pairs(self) -> list[tuple[str, str]]:
        return split_breakdown(self.breakdown)


def split_breakdown(key: str) -> list[tuple[str, str]]:
    """ "sex=female;age_band=16-24" → [("sex", "female"), ("age_band", "16-24")]."""
    pairs = []
    for part in key.split(";") if key else []:
        name, _sep, value = part.partition("=")
        pairs.append((name, value))
    return pairs

"""An indicator: one agreed measure, defined well enough that two partners count it alike.

The definition (what is counted, numerator and denominator, unit, which way is better), the
pillar it serves, who owns the data and how often it comes, the breakdowns it supports and
its baseline and target all live here, so every published figure can link back to it.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PEOPLE = "people", _("People")
    PERCENT = "percent", _("Percent")
    RATIO = "ratio", _("Ratio")
    CURRENCY = "currency", _("Money (£)")
    RATE_PER_1000 = "rate_per_1000", _("Rate per 1,000")
    YEARS = "years", _("Years")
    INDEX = "index", _("Index (0 to 1)")
    QUOTIENT = "quotient", _("Location quotient")
    RANK = "rank", _("Rank")
    OTHER = "other", _("Other")


# Units whose values are counts of people or events: small ones can identify someone.
COUNT_UNITS = frozenset({Unit.COUNT.value, Unit.PEOPLE.value})

# value = numerator / denominator × scale, for units that are shares or rates.
UNIT_SCALE: dict[str, Decimal] = {
    Unit.PERCENT.value: Decimal(100),
    Unit.RATE_PER_1000.value: Decimal(1000),
    Unit.RATIO.value: Decimal(1),
    Unit.INDEX.value: Decimal(1),
}

# The range a value must fall in when the indicator states none.
DEFAULT_RANGES: dict[str, tuple[Decimal | None, Decimal | None]] = {
    Unit.PERCENT.value: (Decimal(0), Decimal(100)),
    Unit.INDEX.value: (Decimal(0), Decimal(1)),
    Unit.COUNT.value: (Decimal(0), None),
    Unit.PEOPLE.value: (Decimal(0), None),
    Unit.RATE_PER_1000.value: (Decimal(0), Decimal(1000)),
    Unit.QUOTIENT.value: (Decimal(0), None),
    Unit.YEARS.value: (Decimal(0), None),
    Unit.RANK.value: (Decimal(1), None),
}


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither: shown for context")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Every year")
    CENSUS = "census", _("Every ten years (census)")
    ONE_OFF = "one_off", _("Once")


# How long after a period ends its next figure is expected, before the publication lag.
FREQUENCY_DAYS: dict[str, int | None] = {
    Frequency.MONTHLY.value: 31,
    Frequency.QUARTERLY.value: 92,
    Frequency.ANNUAL.value: 366,
    Frequency.CENSUS.value: None,
    Frequency.ONE_OFF.value: None,
}


class Origin(models.TextChoices):
    STRATEGY = "strategy", _("Named in the strategy")
    CENSUS = "census", _("Computed from the census")
    PARTNER = "partner", _("Supplied by a partner")


class IndicatorQuerySet(models.QuerySet):
    def published(self) -> "IndicatorQuerySet":
        return self.filter(is_published=True)

    def for_pages(self) -> "IndicatorQuerySet":
        """What every list and dashboard needs, in one query."""
        return self.select_related("pillar", "objective", "owner").order_by(
            "pillar__number", "sort_order", "name"
        )


class Indicator(models.Model):
    """One measure of progress, e.g. "Residents satisfied with their area as a place to live".

    Indicators named in the strategy keep the baseline figure's `key` as their slug, so a
    reloaded strategy file finds the same indicator. Values live in `Observation` rows.
    """

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("what is counted"), blank=True)
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    decimal_places = models.PositiveSmallIntegerField(_("decimal places shown"), default=1)
    direction = models.CharField(
        _("which way is better"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.NEUTRAL,
    )
    pillar = models.ForeignKey(
        "core.Pillar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        verbose_name=_("pillar"),
    )
    objective = models.ForeignKey(
        "core.Objective",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        verbose_name=_("objective"),
    )
    baseline_figure = models.ForeignKey(
        "core.BaselineFigure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        verbose_name=_("baseline figure in the strategy"),
    )
    group = models.SlugField(
        _("group"), max_length=80, blank=True, help_text=_("Related indicators shown together.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    owner = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures_indicators",
        verbose_name=_("owner organisation"),
        help_text=_("The partner that supplies the figures; only it may upload them."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    publication_lag_days = models.PositiveSmallIntegerField(
        _("days allowed after a period ends"),
        default=90,
        help_text=_("How long after a period ends its figure is due from the owner."),
    )
    area_levels = models.JSONField(
        _("area levels"),
        default=list,
        blank=True,
        help_text=_('Levels figures come at, e.g. ["district", "ward"]; empty means any.'),
    )
    breakdowns = models.JSONField(
        _("breakdowns"),
        default=dict,
        blank=True,
        help_text=_(
            'Dimensions figures may be split by, with their allowed values, e.g. {"sex": '
            '["female", "male"], "community": []}; an empty list allows any value.'
        ),
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=24, decimal_places=10, null=True, blank=True
    )
    baseline_text = models.CharField(
        _("baseline in words"),
        max_length=200,
        blank=True,
        help_text=_("When the strategy states the baseline only in words."),
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=100, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=24, decimal_places=10, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    target_note = models.TextField(_("about the target"), blank=True)
    min_value = models.DecimalField(
        _("lowest possible value"), max_digits=24, decimal_places=10, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest possible value"), max_digits=24, decimal_places=10, null=True, blank=True
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.PARTNER
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    headline = models.BooleanField(_("headline"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("indicator")
        indexes = [models.Index(fields=["pillar", "sort_order"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("measures:indicator", args=[self.slug])

    @property
    def value_range(self) -> tuple[Decimal | None, Decimal | None]:
        """The values a figure may take: the indicator's own range, else its unit's."""
        low, high = DEFAULT_RANGES.get(self.unit, (None, None))
        return (
            self.min_value if self.min_value is not None else low,
            self.max_value if self.max_value is not None else high,
        )

    @property
    def scale(self) -> Decimal | None:
        """value = numerator / denominator × scale, for shares and rates; else None."""
        return UNIT_SCALE.get(self.unit)

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS

    def next_due(self, latest_period_end: date | None, today: date) -> date | None:
        """When the next figure is due from the owner, or None if none is expected.

        A figure for the period after the latest one is due `publication_lag_days` after
        that period ends. With no figure yet, the first period after the baseline is due.
        `today` is accepted for symmetry with callers that compare against it.
        """
        days = FREQUENCY_DAYS.get(self.frequency)
        if days is None:
            return None
        start = latest_period_end or self.baseline_date
        if start is None:
            return None  # nothing to count from yet: the first figure sets the rhythm
        return start + timedelta(days=days + self.publication_lag_days)

"""A programme strategy as data: pillars, objectives, priorities, baseline figures.

A council's strategy is loaded from a file (`commonground load-strategy FILE`, see
docs/strategy-format.md), never written in code, so the same platform serves any place.
Pages, measures and projects hang off these rows, so reloading a corrected file updates
rows in place (matched on slug, key or number) rather than recreating them: links from
other apps survive a reload.
"""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Translatable(models.Model):
    """Rows whose short texts (names, titles) the strategy file may give in other languages.

    `translations` holds {"ur": {"name": "…"}, "pl": {…}} as the file gives it; long texts
    stay in the strategy's language. Pages show them with the `translated` template tag,
    which marks anything left untranslated as English (`lang="en" dir="ltr"`).
    """

    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("Short texts in other languages, by language code, then field."),
    )

    class Meta:
        abstract = True

    def translation(self, field: str, language: str | None = None) -> str | None:
        """`field` in `language` (the active one by default), or None where not translated."""
        language = (language or get_language() or "").split("-")[0]
        text = (self.translations or {}).get(language, {}).get(field)
        return text if isinstance(text, str) and text.strip() else None

    def in_reader_language(self, field: str) -> str:
        """`field` in the active language where the file translates it, else as written: for
        choice labels, which cannot carry the `lang="en"` mark the `translated` tag adds."""
        return self.translation(field) or str(getattr(self, field, "") or "")


class Strategy(Translatable):
    """One council's programme strategy for a period, e.g. a five-year integration strategy.

    Several strategies may be stored (a new one replaces an old one every few years); the
    one marked `is_current` is the one the site shows. Loading a strategy makes it current
    and un-currents the other strategies of the same `place_name`, unless the loader is
    told not to (`--not-current`), so at most one strategy per place is current.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    place_name = models.CharField(_("place"), max_length=200)
    district = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategies",
        verbose_name=_("district"),
    )
    district_code = models.CharField(
        _("district ONS code"),
        max_length=12,
        blank=True,
        help_text=_("Kept even when the district's areas are not loaded yet."),
    )
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    summary = models.TextField(_("summary"), blank=True)
    ambition = models.TextField(_("ambition"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    principles_intro = models.TextField(_("introduction to the guiding principles"), blank=True)
    strengths_intro = models.TextField(_("introduction to the strengths"), blank=True)
    partnership_name = models.CharField(_("partnership name"), max_length=200, blank=True)
    partnership = models.TextField(
        _("partnership and governance"),
        blank=True,
        help_text=_("Who oversees the programme, who it reports to, and how to take part."),
    )
    governance_bodies = models.JSONField(
        _("governance bodies"),
        default=list,
        blank=True,
        help_text=_('A list of {"name": …, "description": …}: boards, forums, committees.'),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    source_title = models.CharField(_("published title"), max_length=300, blank=True)
    source_url = models.URLField(_("published at"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_current = models.BooleanField(_("current"), default=False, db_index=True)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)
    source_file = models.CharField(_("loaded from file"), max_length=300, blank=True)
    source_sha256 = models.CharField(_("SHA-256 of the loaded file"), max_length=64, blank=True)

    class Meta:
        ordering = ["-is_current", "-period_start", "title"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(
                fields=["place_name"],
                condition=models.Q(is_current=True),
                name="core_strategy_one_current_per_place",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="core_strategy_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    def get_absolute_url(self) -> str:
        return reverse("core:strategy", args=[self.slug])

    @property
    def period_label(self) -> str:
        """ "2018–2023": the period as the strategy's title writes it."""
        return f"{self.period_start}–{self.period_end}"


class Foreword(models.Model):
    """A signed foreword: who introduces the strategy matters to the people reading it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="forewords")
    number = models.PositiveSmallIntegerField(_("number"))
    author = models.CharField(_("author"), max_length=200)
    role = models.CharField(_("role"), max_length=300, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("foreword")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="core_foreword_number")
        ]

    def __str__(self) -> str:
        return self.author


class GuidingPrinciple(models.Model):
    """A principle the whole programme works by, across every pillar."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="principles")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("guiding principle")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="core_principle_number")
        ]

    def __str__(self) -> str:
        return self.name


class Strength(models.Model):
    """An asset the strategy builds on: programmes start from what a place already has."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="strengths")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("strength")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="core_strength_number")
        ]

    def __str__(self) -> str:
        return self.name


class CaseStudy(models.Model):
    """A worked example the strategy tells, to show what already works."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="case_studies")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="core_casestudy_number")
        ]

    def __str__(self) -> str:
        return self.title


class StrategySection(models.Model):
    """Any other titled part of the strategy (delivery plan, approach, what we don't know).

    Strategies differ most in these narrative parts, so they are kept as ordered sections
    with optional lettered items rather than one model field each.
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    items = models.JSONField(
        _("items"),
        default=list,
        blank=True,
        help_text=_('A list of {"label": "a", "title": …, "text": …}.'),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the text comes from, when not the strategy document itself."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("strategy section")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "slug"], name="core_section_slug")
        ]

    def __str__(self) -> str:
        return self.title


class Pillar(Translatable):
    """One of the strategy's main strands of work, with the outcome it aims for."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="pillars")
    slug = models.SlugField(_("slug"), max_length=80)
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    outcome_statement = models.TextField(
        _("outcome statement"), blank=True, help_text=_('What will change: "More people will…".')
    )

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("pillar")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "slug"], name="core_pillar_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:pillar", args=[self.slug])


class Objective(Translatable):
    """What the pillar sets out to do, in the strategy's words."""

    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["pillar", "number"]
        verbose_name = _("objective")
        constraints = [
            models.UniqueConstraint(fields=["pillar", "number"], name="core_objective_number")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Priority(Translatable):
    """A priority within a pillar, and what the partnership will do about it."""

    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(
        _("what we will do"),
        blank=True,
        help_text=_("The whole 'What we will do' text: the priority's own, then each challenge's."),
    )
    related_programmes = models.JSONField(
        _("related programmes"),
        default=list,
        blank=True,
        help_text=_('Existing programmes it builds on: a list of {"name": …, "description": …}.'),
    )

    class Meta:
        ordering = ["pillar", "number"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(fields=["pillar", "slug"], name="core_priority_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Challenge(Translatable):
    """A problem a priority responds to, with the evidence the strategy gives for it."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="challenges")
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    heading = models.CharField(
        _("heading in the evidence"),
        max_length=200,
        blank=True,
        help_text=_("The heading of its evidence where the strategy words it differently."),
    )
    description = models.TextField(_("description"), blank=True)
    what_we_will_do = models.TextField(_("what we will do about it"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["priority", "number"]
        verbose_name = _("challenge")
        constraints = [
            models.UniqueConstraint(fields=["priority", "slug"], name="core_challenge_slug")
        ]

    def __str__(self) -> str:
        return self.name


class FocusCommunity(models.Model):
    """A community the strategy says needs more support, and the themes to work on with it.

    The community itself is a `CommunityOfInterest`, shared with measures and proposals,
    so figures and projects can be broken down by the same communities.
    """

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="focus_communities"
    )
    community = models.ForeignKey(
        "core.CommunityOfInterest",
        on_delete=models.PROTECT,
        related_name="strategy_focuses",
        verbose_name=_("community"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("description"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("focus community")
        verbose_name_plural = _("focus communities")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "community"], name="core_focuscommunity_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.community)


class FocusTheme(models.Model):
    """A theme of work with a focus community, e.g. "English Language"."""

    focus_community = models.ForeignKey(
        FocusCommunity, on_delete=models.CASCADE, related_name="themes"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        ordering = ["focus_community", "number"]
        verbose_name = _("focus theme")
        constraints = [
            models.UniqueConstraint(
                fields=["focus_community", "number"], name="core_focustheme_number"
            )
        ]

    def __str__(self) -> str:
        return self.text


class FigureUnit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    PEOPLE = "people", _("People")
    RATIO = "ratio", _("Ratio")
    CURRENCY = "currency", _("Money (£)")
    RATE_PER_1000 = "rate_per_1000", _("Rate per 1,000")
    YEARS = "years", _("Years")
    OTHER = "other", _("Other")


class FigureQualifier(models.TextChoices):
    """How the strategy words a number: "nearly 24,000" is not the same claim as "24,000"."""

    EXACT = "", _("As stated")
    APPROXIMATELY = "approximately", _("About")
    NEARLY = "nearly", _("Nearly")
    OVER = "over", _("Over")


class DatePrecision(models.TextChoices):
    """How much of `as_of` the source states; pages print only that much."""

    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class BaselineFigure(models.Model):
    """A number the strategy starts from, with where, when and whose it is.

    Every figure keeps its source and date so no page shows a number without them, and a
    stable `key` so the measures app can track the same measure over time. A figure the
    strategy states only in words (e.g. which wards are highest) has no `value` and
    carries its words in `display_text`, rather than an invented number.
    """

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="baseline_figures"
    )
    pillar = models.ForeignKey(
        Pillar,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="baseline_figures",
    )
    challenge = models.ForeignKey(
        Challenge,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="baseline_figures",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    key = models.SlugField(_("key"), max_length=80)
    label = models.CharField(_("label"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    qualifier = models.CharField(
        _("qualifier"),
        max_length=20,
        choices=FigureQualifier.choices,
        default=FigureQualifier.EXACT,
        blank=True,
    )
    display_text = models.CharField(
        _("display text"),
        max_length=200,
        blank=True,
        help_text=_("Shown instead of the formatted value, e.g. for a figure stated in words."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=FigureUnit.choices)
    area_label = models.CharField(_("area"), max_length=200)
    area_code = models.CharField(_("area ONS code"), max_length=12, blank=True)
    area = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="baseline_figures",
    )
    period_label = models.CharField(_("period"), max_length=100)
    as_of = models.DateField(
        _("as of"), help_text=_("A stated year or month is stored as its last day.")
    )
    as_of_precision = models.CharField(
        _("as-of precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    source = models.CharField(_("source"), max_length=300)
    quote = models.TextField(
        _("wording in the strategy"), blank=True, help_text=_("The sentence the figure is from.")
    )
    note = models.TextField(_("note"), blank=True)
    breakdown = models.JSONField(
        _("breakdown"), default=dict, blank=True, help_text=_('E.g. {"strand": "race"}.')
    )
    group = models.SlugField(
        _("group"),
        max_length=80,
        blank=True,
        help_text=_("Groups the parts of one split, e.g. hate crimes by strand."),
    )
    headline = models.BooleanField(
        _("headline"),
        default=False,
        help_text=_("One of the few figures the strategy leads with."),
    )

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("baseline figure")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "key"], name="core_baselinefigure_key")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.display_value}"

    @property
    def display_value(self) -> str:
        """The value as a reader expects it: "62.6%", "1,624", "~24,000", "100,000+"."""
        if self.display_text:
            return self.display_text
        if self.value is None:
            return "–"
        number = _format_number(self.value)
        match self.unit:
            case FigureUnit.PERCENT:
                text = f"{number}%"
            case FigureUnit.CURRENCY:
                text = f"£{number}"
            case FigureUnit.RATE_PER_1000:
                text = f"{number} per 1,000"
            case FigureUnit.YEARS:
                text = f"{number} years"
            case _:
                text = number
        match self.qualifier:
            case FigureQualifier.APPROXIMATELY | FigureQualifier.NEARLY:
                return f"~{text}"
            case FigureQualifier.OVER:
                return (
                    f"{text}+"
                    if self.unit in {FigureUnit.COUNT, FigureUnit.PEOPLE}
                    else (f">{text}")
                )
        return text


def _format_number(value: Decimal) -> str:
    """Thousands separators, no trailing zeros: Decimal("1624.0000") → "1,624"."""
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class StrategyQuote(models.Model):
    """What residents said in the engagement ("What people said"), as the strategy quotes it.

    Kept beside the challenge it is printed with, so a page about that challenge can let
    residents speak as well as the figures.
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="quotes")
    number = models.PositiveSmallIntegerField(_("number"))
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    pillar = models.ForeignKey(
        Pillar, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("quote")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="core_quote_number")
        ]

    def __str__(self) -> str:
        return self.text[:80]

"""ORUK 3.0 objects as tables. Ids are the UUIDs a feed gives (kept on import, so an imported
directory is served back under the same ids); free text is ``TextField`` with ``""`` meaning
"no value", which the serializers leave out of the JSON (ORUK: omit, never null or empty).

Names and descriptions residents read have Urdu and Polish versions beside the English one
(``name_ur``, ``name_pl`` …); ORUK output is the English text.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DAY_NAMES = (
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
)

ASSURANCE_DUE_AFTER = timedelta(days=91)
"""ORUK recommends services are assured at least every three months."""


def _text(**kwargs) -> models.TextField:
    return models.TextField(blank=True, default="", **kwargs)


class Row(models.Model):
    """An ORUK object: a UUID id (the feed's own, kept on import)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.id}"


class Translated(Row):
    """English name and description with Urdu and Polish beside them."""

    name = models.TextField(_("name"))
    name_ur = _text(verbose_name=_("name in Urdu"))
    name_pl = _text(verbose_name=_("name in Polish"))
    description = _text(verbose_name=_("description"))
    description_ur = _text(verbose_name=_("description in Urdu"))
    description_pl = _text(verbose_name=_("description in Polish"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def _in_language(self, field: str) -> str:
        code = (get_language() or "en").split("-")[0]
        if code in {"ur", "pl"}:
            return getattr(self, f"{field}_{code}") or getattr(self, field)
        return getattr(self, field)

    @property
    def local_name(self) -> str:
        """The name in the reader's language, English where no translation exists."""
        return self._in_language("name")

    @property
    def local_description(self) -> str:
        return self._in_language("description")


class Organization(Translated):
    """An ORUK organization; ``partner`` is the partnership member that keeps it up to date."""

    email = _text()
    website = _text()
    logo = _text()
    uri = _text()
    parent_organization_id = models.UUIDField(null=True, blank=True)
    partner = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_organizations",
        verbose_name=_("partner who keeps it up to date"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory organisation")


class OrganizationIdentifier(Row):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="organization_identifiers"
    )
    identifier_scheme = _text()
    identifier_type = models.TextField()
    identifier = models.TextField()


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


class ServiceQuerySet(models.QuerySet):
    def search(self, text: str) -> ServiceQuerySet:
        """Services whose names, descriptions (any language) or taxonomy terms contain every
        word of `text` (one indexed-free scan of a lower-cased text column, kept by
        :meth:`Service.refresh_search_text`)."""
        found = self
        for word in text.lower().split():
            found = found.filter(search_text__contains=word)
        return found

    def with_term(self, term_id) -> ServiceQuerySet:
        return self.filter(
            id__in=Attribute.objects.filter(taxonomy_term_id=term_id).values("service_id")
        )

    def in_taxonomy(self, taxonomy_id) -> ServiceQuerySet:
        return self.filter(
            id__in=Attribute.objects.filter(taxonomy_term__taxonomy_id=taxonomy_id).values(
                "service_id"
            )
        )


class Service(Translated):
    """An ORUK service, with the partner's proposed changes waiting for an officer."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    url = _text()
    email = _text()
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    fees = _text()
    accreditations = _text()
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    assured_date = models.DateField(_("last assured"), null=True, blank=True)
    assurer_email = _text()
    alert = _text()
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)
    pending_changes = models.JSONField(
        default=dict,
        blank=True,
        help_text="Changes a partner proposed, waiting for an officer's approval.",
    )
    pending_since = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(default="", blank=True, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "name"])]

    def refresh_search_text(self, *, save: bool = True) -> None:
        """Rebuild the words ``search`` looks in: names and descriptions in every language and
        the names of the service's taxonomy terms. Call after changing either."""
        terms = TaxonomyTerm.objects.filter(attributes__service=self).values_list(
            "name", "name_ur", "name_pl", "term"
        )
        parts = [
            self.name,
            self.name_ur,
            self.name_pl,
            self.description,
            self.description_ur,
            self.description_pl,
            *(part for row in terms for part in row),
        ]
        self.search_text = " ".join(p for p in parts if p).lower()
        if save:
            Service.objects.filter(pk=self.pk).update(search_text=self.search_text)

    def assurance_overdue(self, today: date | None = None) -> bool:
        """True when nobody has confirmed the entry for over three months (or ever)."""
        today = today or timezone.localdate()
        return self.assured_date is None or today - self.assured_date > ASSURANCE_DUE_AFTER


class Location(Translated):
    location_type = models.CharField(max_length=10, default="physical")
    name = _text(verbose_name=_("name"))
    latitude = models.FloatField(null=True, blank=True, db_index=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = _text()
    external_identifier_type = _text()
    ward = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_locations",
        verbose_name=_("ward"),
    )

    class Meta:
        # "Near a postcode" filters a box on both coordinates: with both in one index the
        # database checks the longitude without reading each row of the latitude band.
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="services_loc_lat_lon"),
            # "Near a postcode" with a need reaches each candidate's place by its id and wants
            # only its coordinates: answered from this index without reading the row.
            models.Index(fields=["id", "latitude", "longitude"], name="services_loc_id_lat_lon"),
        ]


class Address(Row):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = _text()
    address_1 = models.TextField()
    city = models.TextField()
    region = _text()
    state_province = models.TextField()
    postal_code = models.TextField(db_index=True)
    country = models.TextField()
    address_type = models.CharField(max_length=10, default="physical")


class Accessibility(Row):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = _text()
    details = _text()
    url = _text()
    accessibility = _text()


class ServiceAtLocation(Row):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="at_services")

    class Meta:
        ordering = ["id"]
        # A service's places without reading the link rows (search near a postcode).
        indexes = [models.Index(fields=["service", "location"], name="services_sal_service_loc")]


class ServiceArea(Row):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = _text()
    extent = _text()
    extent_type = _text()
    uri = _text()
    service_area = _text()


class Contact(Row):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = _text()
    title = _text()
    email = _text()


class Phone(Row):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.TextField()
    description = _text()


class Schedule(Row):
    """When a service runs (iCalendar-style: ``freq``, ``byday``, ``opens_at`` …)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = _text()
    freq = models.CharField(max_length=10, blank=True, default="")
    interval = models.FloatField(null=True, blank=True)
    byday = _text()
    bymonthday = _text()
    description = _text()
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = _text()
    attending_type = _text()
    notes = _text()

    def days_display(self) -> str:
        """``MO,WE`` → "Monday, Wednesday" in the reader's language."""
        names = dict(DAY_NAMES)
        return ", ".join(str(names.get(day.strip(), day)) for day in self.byday.split(",") if day)

    @property
    def overnight(self) -> bool:
        """Runs past midnight: it closes earlier in the day than it opens (22:00–02:00), so the
        closing time is on the next day. ``byday`` names the day the session starts."""
        return bool(self.opens_at and self.closes_at is not None and self.closes_at < self.opens_at)

    def hours_display(self) -> str:
        """ "10:00–12:00", or "22:00–02:00 (the next day)" for a session past midnight; empty
        without an opening time."""
        if self.opens_at is None:
            return ""
        if self.closes_at is None:
            return f"{self.opens_at:%H:%M}"
        hours = f"{self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
        if self.overnight:
            return str(_("%(hours)s (ends the next day)") % {"hours": hours})
        return hours

    def clean(self) -> None:
        """Opening and closing at the same time says nothing (no session, or all day?), so it
        is refused; a closing time earlier than the opening one is a session past midnight."""
        super().clean()
        if self.opens_at is not None and self.opens_at == self.closes_at:
            raise ValidationError(
                {
                    "closes_at": _(
                        "The closing time is the same as the opening time. For a session that "
                        "runs past midnight, give the closing time on the next day (22:00 to "
                        "02:00)."
                    )
                }
            )


class Language(Row):
    """A language a service is delivered in: ``code`` is ISO 639-1 (``ur``, ``pl``, ``en``)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = _text()
    code = models.CharField(max_length=12, blank=True, default="", db_index=True)
    note = _text()


class CostOption(Row):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = _text()
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_description = _text()


class Funding(Row):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = _text()


class Taxonomy(Row):
    name = models.TextField()
    description = models.TextField()
    uri = _text()
    version = _text()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(Translated):
    """A need or category (``ESOL``, ``Debt advice``) services are tagged with."""

    description = models.TextField(_("description"))
    parent_id = models.UUIDField(null=True, blank=True, db_index=True)
    taxonomy_name = _text()
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.SET_NULL, related_name="terms"
    )
    term_uri = _text()
    term = _text()

    class Meta:
        ordering = ["name", "id"]


class Attribute(Row):
    """A service tagged with a taxonomy term (the ORUK ``attribute`` of a service)."""

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="attributes"
    )
    link_type = _text()
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, null=True, blank=True, on_delete=models.PROTECT, related_name="attributes"
    )

    class Meta:
        # Services with a need (a term): read from this index alone, without the rows.
        indexes = [
            models.Index(fields=["taxonomy_term", "service"], name="services_attr_term_service")
        ]

"""Forms for referrals and plans: each bad answer gets a message naming its field."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.core.govuk_forms import govuk_classes
from commonground.services.models import Service, ServiceStatus

from .models import STEP_WORDS, ArrivalStatus, Channel, ConsentGivenBy, Language

PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        keeper = obj.organization.local_name if obj.organization else ""
        return f"{obj.local_name} – {keeper}" if keeper else obj.local_name


def receivable_services(kind: str = ""):
    """Active directory services some partner keeps (so someone can accept a referral),
    narrowed to those fitting a plan step's `kind` when any fit."""
    services = (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .exclude(organization__partner=None)
        .select_related("organization")
        .order_by("name")
    )
    words = STEP_WORDS.get(kind, ())
    if words:
        match = Q()
        for word in words:
            match |= Q(search_text__contains=word)
        fitting = services.filter(match)
        if fitting.exists():
            return fitting
    return services


class ConsentMixin(forms.Form):
    consent = forms.BooleanField(
        label=_("The person has agreed to this, after it was explained in their language"),
        error_messages={"required": _("You need the person's consent before you go on.")},
    )
    consent_given_by = forms.ChoiceField(
        label=_("Who gave consent"),
        choices=ConsentGivenBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say who gave consent.")},
    )
    consent_on = forms.DateField(
        label=_("Date consent was given"),
        help_text=_("For example, 27/03/2026"),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": _("Enter the date consent was given."),
            "invalid": _("Enter the date consent was given as day/month/year, like 27/03/2026."),
        },
    )

    def clean_consent_on(self):
        value = self.cleaned_data["consent_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Consent cannot be given in the future."))
        return value


class ReferralForm(ConsentMixin):
    organisation = OrganisationField(
        label=_("Referring for"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose the organisation you refer for.")},
    )
    service = ServiceField(
        label=_("Service"),
        queryset=None,
        empty_label=_("Choose a service"),
        error_messages={
            "required": _("Choose the service to refer to."),
            "invalid_choice": _("Choose a service from the list."),
        },
    )
    first_name = forms.CharField(
        label=_("First name or initials"),
        help_text=_("Only what the service needs to greet the person. No surname."),
        max_length=40,
        error_messages={"required": _("Enter a first name or initials.")},
    )
    language = forms.ChoiceField(
        label=_("Language they prefer"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        initial=Language.ENGLISH,
    )
    need = forms.CharField(
        label=_("What they need, in a sentence"),
        help_text=_("No medical or immigration details: the service will ask what it needs."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say in a sentence what the person needs.")},
    )
    consent_purpose = forms.CharField(
        label=_("What they agreed to"),
        help_text=_("For example, “to share my first name and need with the service”."),
        max_length=300,
        error_messages={"required": _("Say what the person agreed to.")},
    )
    channel = forms.ChoiceField(
        label=_("Do they want to be told how the referral is going?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=Channel.NONE,
    )
    contact = forms.CharField(
        label=_("Their mobile number or e-mail address"),
        help_text=_("Only if they want to be told. Used for nothing else."),
        max_length=254,
        required=False,
    )

    field_order = [
        "organisation",
        "service",
        "first_name",
        "language",
        "need",
        "channel",
        "contact",
        "consent",
        "consent_given_by",
        "consent_on",
        "consent_purpose",
    ]

    def __init__(self, *args, user, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = user.confirmed_organisations()
        self.fields["service"].queryset = receivable_services(kind)
        govuk_classes(self)
        self.fields["contact"].widget.attrs["autocomplete"] = "off"
        self.fields["consent_on"].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        data = super().clean()
        channel, contact = data.get("channel", ""), (data.get("contact") or "").strip()
        if channel == Channel.SMS:
            if not contact:
                self.add_error("contact", _("Enter the mobile number to text."))
            elif not PHONE.match(contact):
                self.add_error(
                    "contact", _("Enter a phone number with 10 to 15 digits, like 07700 900123.")
                )
        elif channel == Channel.EMAIL:
            try:
                validate_email(contact)
            except ValidationError:
                self.add_error("contact", _("Enter an e-mail address like name@example.com."))
        else:
            data["contact"] = ""
        return data


class PlanForm(ConsentMixin):
    organisation = OrganisationField(
        label=_("Supporting them for"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose the organisation you act for.")},
    )
    first_name = forms.CharField(
        label=_("First name or initials"),
        max_length=40,
        error_messages={"required": _("Enter a first name or initials.")},
    )
    language = forms.ChoiceField(
        label=_("Language they prefer"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        initial=Language.ENGLISH,
    )
    status = forms.ChoiceField(
        label=_("Their situation"),
        choices=ArrivalStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose their situation.")},
    )

    field_order = [
        "organisation",
        "first_name",
        "language",
        "status",
        "consent",
        "consent_given_by",
        "consent_on",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = user.confirmed_organisations()
        govuk_classes(self)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the service cannot take this referral"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the service cannot take this referral.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_classes(self)


class GapForm(forms.Form):
    note = forms.CharField(
        label=_("What service was missing"),
        max_length=300,
        error_messages={"required": _("Say what service was missing.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_classes(self)

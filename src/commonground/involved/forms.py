"""Forms for events: what an organiser publishes, and the door's check-in code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.core.govuk_forms import GovukForm, pillars_in_reader_language
from commonground.core.models import Area, Organisation, Pillar
from commonground.core.predicates import is_officer
from commonground.services import postcodes

from .models import Event


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("pl", _("Polish")),
    ("pa", _("Punjabi")),
    ("bn", _("Bengali")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("ar", _("Arabic")),
]


class EventForm(forms.ModelForm):
    """A new event, or a change to one (``instance``); the actions check dates and places
    again, so nothing slips past a form."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "language",
            "kind",
            "summary",
            "description",
            "pillar",
            "organiser",
            "starts_at",
            "ends_at",
            "attendance_mode",
            "venue",
            "address",
            "postcode",
            "ward",
            "online_url",
            "accessibility",
            "languages",
            "capacity",
            "is_public",
        ]
        widgets = {
            "starts_at": DateTimeLocal(),
            "ends_at": DateTimeLocal(),
            "attendance_mode": forms.RadioSelect,
            "language": forms.Select(choices=LANGUAGE_CHOICES),
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")
        self.fields["pillar"].queryset = Pillar.objects.filter(strategy__is_current=True).order_by(
            "number"
        )
        pillars_in_reader_language(self)
        organisations = Organisation.objects.order_by("name")
        if user is not None and not is_officer(user):
            organisations = organisations.filter(pk__in=user.confirmed_organisations().values("pk"))
            self.fields["organiser"].required = True
        self.fields["organiser"].queryset = organisations
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CancelEventForm(GovukForm):
    """Calling an event off: the reason is optional, and told to everyone coming."""

    reason = forms.CharField(
        label=_("Why is it cancelled? (optional)"),
        help_text=_("Everyone with a place or on the wait list is told, with this reason."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code on the registration"),
        max_length=300,
        help_text=_("Scan the QR code with the phone's camera, or type the code under it."),
    )


class RegisterForm(forms.Form):
    """The optional text reminder asked for when booking a place (the action checks again)."""

    sms_reminder = forms.BooleanField(
        label=_("Send me a text message reminder the day before"), required=False
    )
    phone = forms.CharField(
        label=_("Mobile number (optional)"),
        help_text=_("Only used for the reminder, for example 07700 900123."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )


class TextReminderForm(GovukForm):
    """A new number for text reminders. Only "is there one" is asked here: the action checks
    that it is a UK mobile number exactly as booking does (``actions.mobile_number``), and the
    page shows its refusal beside this field."""

    phone = forms.CharField(
        label=_("New mobile number"),
        help_text=_("For example 07700 900123."),
        max_length=20,
        error_messages={"required": _("Enter the mobile number to send text reminders to.")},
        widget=forms.TelInput(attrs={"autocomplete": "tel"}),
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )


class EraseForm(GovukForm):
    """Erasing is final: the person ticks that they understand before anything happens."""

    confirm = forms.BooleanField(
        label=_("I understand that my involvement will be erased and cannot be brought back"),
        error_messages={"required": _("Tick the box to say you understand, or go back.")},
    )


NEAR_DISTANCES = [
    ("1", _("Within 1 km")),
    ("2", _("Within 2 km")),
    ("5", _("Within 5 km")),
    ("10", _("Within 10 km")),
    ("", _("Any distance")),
]


class NearForm(GovukForm):
    """The public "near you" search: a postcode we know (BD and LS29) and how far to look."""

    postcode = forms.CharField(label=_("Your postcode"), max_length=10)
    distance = forms.ChoiceField(
        label=_("How far"), choices=NEAR_DISTANCES, required=False, initial="5"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "class": "govuk-input govuk-input--width-10"}
        )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if postcodes.centroid(value) is None:
            raise forms.ValidationError(
                _("We do not know the postcode %(postcode)s. Check it, or try a nearby one."),
                params={"postcode": value},
            )
        return postcodes.normalise(value)

    @property
    def km(self) -> float | None:
        value = self.cleaned_data.get("distance")
        return float(value) if value else None

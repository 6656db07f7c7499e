"""Forms: validation for the anonymous report, the status lookup and casework."""

from __future__ import annotations

import math

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.core.models import Area

from .models import (
    IncidentReport,
    Outcome,
    PoliceReported,
    ReferralService,
    ReporterRole,
    Risk,
    Strand,
    Support,
)

MAX_TEXT = 5000


def govuk_classes(form: forms.Form) -> None:
    """Give text boxes, text areas and selects their GOV.UK classes (radios and checkboxes
    are drawn by the template)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.HiddenInput)):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "govuk-checkboxes__input"
        elif isinstance(widget, forms.Textarea):
            css = "govuk-textarea"
        elif isinstance(widget, forms.Select):
            css = "govuk-select"
        else:
            css = "govuk-input"
        widget.attrs["class"] = css


class GovukForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_classes(self)


class StrandChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Strand) -> str:
        return obj.label


class WardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return obj.name


class ReportForm(GovukForm):
    """The whole report on one page (so the browser's history holds one entry for it)."""

    reporter_role = forms.ChoiceField(
        label=_("Who are you reporting for?"),
        choices=ReporterRole.choices,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Say what was said or done, in your own words and any language."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    strands = StrandChoiceField(
        label=_("Why do you think it happened?"),
        help_text=_("Choose all that you think apply, or none if you are not sure."),
        queryset=Strand.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    occurred_on = forms.DateField(
        label=_("When did it happen?"),
        help_text=_("If you are not sure, give the nearest date you can."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ward = WardChoiceField(
        label=_("Which ward did it happen in?"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("I do not know"),
    )
    place_text = forms.CharField(
        label=_("Where did it happen?"),
        help_text=_("For example a street, a bus route or a shop. Leave it empty if you prefer."),
        max_length=300,
        required=False,
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    reported_to_police = forms.ChoiceField(
        label=_("Has it been reported to the police?"),
        choices=PoliceReported.choices,
        widget=forms.RadioSelect,
    )
    police_reference = forms.CharField(
        label=_("Police reference number, if you have one"), max_length=60, required=False
    )
    support = forms.MultipleChoiceField(
        label=_("What would help you?"),
        choices=Support.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    contact_phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("Email address"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strands"].queryset = Strand.objects.filter(active=True)
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past."))
        return value

    def clean(self):
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None) or any(
            v is not None and not math.isfinite(v) for v in (lat, lng)
        ):
            raise forms.ValidationError(_("The point on the map could not be read. Try again."))
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise forms.ValidationError(_("The point on the map could not be read. Try again."))
        if Support.CONTACT in data.get("support", []) and not (
            data.get("contact_phone") or data.get("contact_email")
        ):
            self.add_error(
                "contact_phone",
                _("To be contacted, give a phone number or an email address."),
            )
        return data


class StatusForm(GovukForm):
    reference = forms.CharField(label=_("Reference"), max_length=16)
    secret = forms.CharField(
        label=_("Secret code"), max_length=40, widget=forms.PasswordInput(render_value=False)
    )


class TriageForm(GovukForm):
    risk = forms.ChoiceField(label=_("Risk"), choices=Risk.choices, widget=forms.RadioSelect)
    confirmed_strands = StrandChoiceField(
        label=_("Strands confirmed"),
        queryset=Strand.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    linked = forms.CharField(
        label=_("Linked reports"),
        help_text=_("References, separated by commas."),
        required=False,
        max_length=400,
    )
    lsoa = forms.CharField(
        label=_("LSOA code, if known better than the reporter's"), required=False, max_length=12
    )
    notes = forms.CharField(
        label=_("Case note"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, report: IncidentReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["confirmed_strands"].queryset = Strand.objects.all()

    def clean_linked(self) -> list[IncidentReport]:
        refs = [r.strip().upper() for r in self.cleaned_data["linked"].split(",") if r.strip()]
        found = {r.reference: r for r in IncidentReport.objects.filter(reference__in=refs)}
        missing = [r for r in refs if r not in found]
        if missing:
            raise forms.ValidationError(
                _("No report has the reference %(refs)s.") % {"refs": ", ".join(missing)}
            )
        return list(found.values())

    def clean_lsoa(self) -> Area | None:
        code = self.cleaned_data["lsoa"].strip().upper()
        if not code:
            return None
        area = Area.objects.lsoas().select_related("parent").filter(code=code).first()
        if area is None:
            raise forms.ValidationError(_("No LSOA has the code %(code)s.") % {"code": code})
        return area


class ReferralForm(GovukForm):
    service = forms.ChoiceField(label=_("Refer to"), choices=ReferralService.choices)
    consent_given = forms.BooleanField(
        label=_("The reporter has agreed to this referral"), required=True
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(GovukForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)

"""Keying a paper survey form: its reference, when and in what language it was filled in."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.consult.forms_survey.resident import GovukDateField


class PaperDetailsForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number on the form"),
        max_length=40,
        help_text=_("Written on the paper form, so the same form is not keyed twice."),
        error_messages={"required": _("Enter the reference number written on the form")},
    )
    filled_in_on = GovukDateField(
        label=_("Date the form was filled in"),
        required=False,
        help_text=_("Leave empty if the form has no date: today's date is used."),
    )
    language = forms.ChoiceField(label=_("Language the form was filled in"), choices=())
    consent = forms.BooleanField(
        label=_("The respondent ticked the consent box on the form"),
        error_messages={
            "required": _("Only key forms whose consent box is ticked: keep the others aside")
        },
    )
    consent_to_quote = forms.BooleanField(
        label=_("The respondent agreed to be quoted anonymously"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, str(name)) for code, name in settings.LANGUAGES]
        self.fields["language"].initial = settings.LANGUAGE_CODE

    def clean_reference(self) -> str:
        return " ".join(self.cleaned_data["reference"].split()).upper()

    def clean_filled_in_on(self):
        value = self.cleaned_data.get("filled_in_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future"))
        return value

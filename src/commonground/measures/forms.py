from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def max_upload_megabytes() -> int:
    """The largest file a partner may upload, in MB (setting MEASURES_UPLOAD_MAX_BYTES)."""
    return settings.MEASURES_UPLOAD_MAX_BYTES // (1024 * 1024)


class UploadForm(forms.Form):
    """A CSV or XLSX of figures; the rows themselves are checked by validation.py."""

    file = forms.FileField(
        label=_("File of figures"),
        help_text=_("A .csv (UTF-8) or .xlsx file laid out like the indicator's template."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise forms.ValidationError(_("The file must be a .csv or an .xlsx file."))
        if upload.size > settings.MEASURES_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file must be smaller than %(size)s MB.") % {"size": max_upload_megabytes()}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What will use the token?"),
        max_length=100,
        help_text=_("For example, 'Police data warehouse'. Shown in the list of tokens."),
    )


# -- officers: targets, owners, publication ----------------------------------------------


def _reason_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"),
        help_text=_("Kept in the change history, which the Board and auditors can read."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=required,
    )


class TargetForm(forms.Form):
    """A target in the indicator's unit and range, by a date after the baseline.

    Leaving the value empty clears the target (the RAG rule then compares with the baseline).
    """

    value = forms.DecimalField(
        label=_("Target value"), required=False, max_digits=24, decimal_places=10
    )
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        help_text=_("For example, 2027-03-31."),
    )
    note = forms.CharField(
        label=_("About the target"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    reason = _reason_field()

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        low, high = indicator.value_range
        unit = indicator.get_unit_display()
        if low is not None and high is not None:
            hint = _("In %(unit)s, from %(low)s to %(high)s.")
        elif low is not None:
            hint = _("In %(unit)s, at least %(low)s.")
        else:
            hint = _("In %(unit)s.")
        self.fields["value"].help_text = hint % {
            "unit": unit.lower(),
            "low": _plain(low),
            "high": _plain(high),
        }

    def clean_value(self):
        value = self.cleaned_data["value"]
        low, high = self.indicator.value_range
        if value is not None and low is not None and value < low:
            raise forms.ValidationError(
                _("The target must be %(low)s or more.") % {"low": _plain(low)}
            )
        if value is not None and high is not None and value > high:
            raise forms.ValidationError(
                _("The target must be %(high)s or less.") % {"high": _plain(high)}
            )
        return value

    def clean(self):
        cleaned = super().clean()
        value, when = cleaned.get("value"), cleaned.get("target_date")
        baseline = self.indicator.baseline_date
        if value is not None and when is None and "target_date" not in self.errors:
            self.add_error("target_date", _("Enter the date the target should be met by."))
        if when is not None and baseline is not None and when <= baseline:
            self.add_error(
                "target_date",
                _("The target date must be after the baseline date, %(date)s.")
                % {"date": baseline.isoformat()},
            )
        return cleaned


def _plain(number) -> str:
    return "" if number is None else f"{number.normalize():f}"


class OwnerForm(forms.Form):
    """Which partner organisation supplies the figures (and so may upload them)."""

    owner = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=None,
        required=False,
        empty_label=_("Nobody yet (council officers upload the figures)"),
        help_text=_("Only members of the partnership can own a measure."),
    )
    reason = _reason_field()

    def __init__(self, *args, **kwargs):
        from commonground.core.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(is_partner=True).order_by(
            "name"
        )


class PublicationForm(forms.Form):
    """Publish or withdraw a measure; withdrawing needs a reason (it is shown in the history)."""

    publish = forms.TypedChoiceField(
        label=_("Published"),
        choices=[("1", _("Publish")), ("0", _("Withdraw from public pages"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    reason = _reason_field(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publish") is False and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the measure is withdrawn."))
        return cleaned

"""Forms: the resident search and a partner's edit of a directory entry."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from commonground.core.models import Area
from commonground.core.models.places import AreaLevel

from . import postcodes
from .models import EsolGoal, EsolNeed, Service, TaxonomyTerm

DAY_CHOICES = [
    ("", _("Any day")),
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]

LANGUAGE_CHOICES = [
    ("", _("Any language")),
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("pa", _("Punjabi")),
    ("pl", _("Polish")),
    ("ar", _("Arabic")),
    ("ku", _("Kurdish")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("bn", _("Bengali")),
]

DISTANCE_CHOICES = [
    ("1000", _("1 km")),
    ("3000", _("3 km")),
    ("5000", _("5 km")),
    ("10000", _("10 km")),
]


class GovukForm:
    """Adds the GOV.UK Design System classes to each widget."""

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "govuk-checkboxes__input"
            elif isinstance(widget, forms.Select):
                css = "govuk-select"
            elif isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            else:
                css = "govuk-input"
            widget.attrs["class"] = css


class SearchForm(GovukForm, forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=100)
    need = forms.ModelChoiceField(
        label=_("Need"),
        queryset=TaxonomyTerm.objects.filter(parent_id__isnull=True),
        required=False,
        empty_label=_("Any need"),
    )
    language = forms.ChoiceField(
        label=_("Language spoken"), choices=LANGUAGE_CHOICES, required=False
    )
    ward = forms.ChoiceField(label=_("Ward"), required=False)
    postcode = forms.CharField(label=_("Near this postcode"), required=False, max_length=10)
    within = forms.ChoiceField(
        label=_("Within"), choices=DISTANCE_CHOICES, required=False, initial="5000"
    )
    day = forms.ChoiceField(label=_("Day"), choices=DAY_CHOICES, required=False)
    free = forms.BooleanField(label=_("Free only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].label_from_instance = lambda term: term.local_name
        self.fields["ward"].choices = [("", _("Any ward"))] + [
            (code, name)
            for code, name in Area.objects.filter(level=AreaLevel.WARD)
            .order_by("name")
            .values_list("code", "name")
        ]
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code"})
        self.style()

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and postcodes.centroid(value) is None:
            raise forms.ValidationError(
                _("We do not know the postcode %(postcode)s. Check it, or search by ward."),
                params={"postcode": value},
            )
        return postcodes.normalise(value) if value else ""


class ServiceEditForm(GovukForm, forms.ModelForm):
    """What a partner may change; saved as a proposal an officer approves."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    class Meta:
        model = Service
        fields = [
            "name",
            "name_ur",
            "name_pl",
            "description",
            "description_ur",
            "description_pl",
            "url",
            "email",
            "fees",
            "alert",
            "status",
        ]
        widgets = {
            "name": forms.TextInput(),
            "name_ur": forms.TextInput(attrs={"dir": "rtl", "lang": "ur"}),
            "name_pl": forms.TextInput(attrs={"lang": "pl"}),
            "url": forms.URLInput(),
            "email": forms.EmailInput(),
            "fees": forms.TextInput(),
            "alert": forms.TextInput(),
        }
        labels = {
            "url": _("Web page"),
            "email": _("E-mail"),
            "fees": _("Fees"),
            "alert": _("Alert"),
        }

    def clean_url(self) -> str:
        """ORUK serves it as a ``uri``: it must be a full web address."""
        value = self.cleaned_data["url"].strip()
        if value:
            URLValidator(message=_("Enter a full web address, starting https://"))(value)
        return value

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip()
        if value:
            validate_email(value)
        return value


class EsolNeedForm(GovukForm, forms.ModelForm):
    """The ESOL front door: what a learner needs, recorded with their consent."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=[c for c in LANGUAGE_CHOICES if c[0]],
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.MultipleChoiceField(
        label=_("Goals"), choices=EsolGoal.choices, widget=forms.CheckboxSelectMultiple
    )
    available_days = forms.MultipleChoiceField(
        label=_("Days available"),
        choices=[c for c in DAY_CHOICES if c[0]],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "The learner agrees that the ESOL unit and class providers may keep these details."
        ),
        required=True,
    )

    class Meta:
        model = EsolNeed
        fields = [
            "first_name",
            "contact",
            "languages",
            "level",
            "goals",
            "available_days",
            "needs_childcare",
            "travel",
            "ward",
            "recorded_via",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Area.objects.filter(level=AreaLevel.WARD).order_by("name")
        self.style()
        for name in ("languages", "goals", "available_days", "needs_childcare", "consent"):
            self.fields[name].widget.attrs["class"] = "govuk-checkboxes__input"

"""Forms for volunteering: finding, posting, signing up, deciding, hours, profile, call-outs.

Forms check what a form can (types, required fields, choices); the actions check the rules
again, so nothing slips past a form."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.core.choices import language_choices
from commonground.core.models import Area
from commonground.services import postcodes

from .models import (
    CallOut,
    CallOutKind,
    Channel,
    Interest,
    Opportunity,
    Skill,
    VolunteerProfile,
    Weekday,
)

LANGUAGE_CHOICES = language_choices(["en", "ur", "pl", "pa", "bn", "ro", "sk", "ar"])

DISTANCE_CHOICES = [
    ("1", _("Within 1 km")),
    ("2", _("Within 2 km")),
    ("5", _("Within 5 km")),
    ("10", _("Within 10 km")),
    ("", _("Any distance")),
]


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _wards():
    return Area.objects.wards().only("pk", "code", "name").order_by("name")


class FindForm(forms.Form):
    """The public search: every field optional; a postcode sorts by distance."""

    postcode = forms.CharField(label=_("Near this postcode"), required=False, max_length=10)
    distance = forms.ChoiceField(
        label=_("How far"), choices=DISTANCE_CHOICES, required=False, initial="5"
    )
    ward = forms.ModelChoiceField(
        label=_("Ward"),
        queryset=Area.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All wards"),
    )
    interest = forms.ChoiceField(
        label=_("Interest"), choices=[("", _("Any interest")), *Interest.choices], required=False
    )
    skill = forms.ChoiceField(
        label=_("A skill you have"), choices=[("", _("Any skill")), *Skill.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language spoken"),
        choices=[("", _("Any language")), *LANGUAGE_CHOICES],
        required=False,
    )
    day = forms.ChoiceField(
        label=_("Day"), choices=[("", _("Any day")), *Weekday.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = _wards()
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "class": "govuk-input govuk-input--width-10"}
        )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and postcodes.centroid(value) is None:
            raise forms.ValidationError(
                _("We do not know the postcode %(postcode)s. Check it, or search by ward."),
                params={"postcode": value},
            )
        return postcodes.normalise(value) if value else ""


class OpportunityForm(forms.ModelForm):
    """A new opportunity; the action checks dates, postcode and organisation again."""

    days = forms.MultipleChoiceField(
        label=_("Days"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills that help"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Opportunity
        fields = [
            "organisation",
            "title",
            "summary",
            "description",
            "interest",
            "ward",
            "venue",
            "address",
            "postcode",
            "frequency",
            "starts_at",
            "ends_at",
            "schedule",
            "days",
            "skills",
            "languages",
            "accessibility",
            "dbs_required",
            "minimum_age",
            "places",
        ]
        widgets = {
            "starts_at": DateTimeLocal(),
            "ends_at": DateTimeLocal(),
            "frequency": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = _wards()
        self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
            pk__in=[o.pk for o in organisations]
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].help_text = _("For a one-off only.")


class SignupForm(forms.Form):
    confirms_age = forms.BooleanField(label="", required=False)
    message = forms.CharField(
        label=_("Anything the organisation should know (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AccountForm(forms.Form):
    """A light account: a name, an e-mail address and a password, nothing else required."""

    name = forms.CharField(label=_("Your first name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 10 characters."),
    )
    ward = forms.ModelChoiceField(
        label=_("Your ward (optional)"), queryset=Area.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = _wards()
        self.fields["name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("accepted", "accepted"), ("waitlisted", "waitlisted"), ("declined", "declined")]
    )


class HoursForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={"step": "0.25", "class": "govuk-input govuk-input--width-4"}
        ),
    )
    thank_you = forms.CharField(
        label=_("Thank-you message (optional)"), max_length=500, required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ProfileForm(forms.ModelForm):
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    days = forms.MultipleChoiceField(
        label=_("Days you are usually free"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = VolunteerProfile
        fields = [
            "ward",
            "skills",
            "languages",
            "days",
            "callouts",
            "channel",
            "email",
            "phone",
            "background",
        ]
        widgets = {"channel": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = _wards()
        self.fields["channel"].choices = Channel.choices
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class CallOutForm(forms.ModelForm):
    wards = forms.ModelMultipleChoiceField(
        label=_("Wards"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to ask volunteers in every ward."),
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills needed"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Volunteers with any one of them are asked."),
    )

    class Meta:
        model = CallOut
        fields = ["organisation", "kind", "title", "message", "starts_at", "venue", "needed"]
        widgets = {
            "starts_at": DateTimeLocal(),
            "message": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect(choices=CallOutKind.choices),
        }

    def __init__(self, *args, organisations=(), **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "starts_at": (timezone.localtime() + timedelta(days=1)).replace(
                    hour=9, minute=0, second=0, microsecond=0
                )
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["wards"].queryset = _wards()
        self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])

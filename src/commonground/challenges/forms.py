"""Forms for challenges: what designers write, and what residents send. The actions check
everything again, so nothing slips past a form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.core.models import Area, Organisation
from commonground.core.predicates import is_officer
from commonground.involved.models import EventKind

from .models import Challenge, TeamKind, Venue


class ChallengeForm(forms.ModelForm):
    venues = forms.ModelMultipleChoiceField(
        label=_("Venues whose QR code counts"),
        queryset=Venue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    event_kinds = forms.MultipleChoiceField(
        label=_("Kinds of event that count"),
        help_text=_("For an event challenge: none chosen means any event counts."),
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Challenge
        fields = [
            "kind",
            "points",
            "check_in",
            "title_en",
            "description_en",
            "title_ur",
            "description_ur",
            "title_pl",
            "description_pl",
            "venues",
            "event_kinds",
            "new_ward_only",
            "organisation",
            "is_published",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ur": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ur"}),
            "description_pl": forms.Textarea(attrs={"rows": 4, "lang": "pl"}),
            "title_ur": forms.TextInput(attrs={"dir": "rtl", "lang": "ur"}),
            "title_pl": forms.TextInput(attrs={"lang": "pl"}),
            "kind": forms.RadioSelect,
            "check_in": forms.RadioSelect,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venues"].queryset = Venue.objects.select_related("ward")
        organisations = (
            Organisation.objects.order_by("name")
            if is_officer(user)
            else user.confirmed_organisations()
        )
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = not is_officer(user)


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "address", "postcode", "ward", "organisation"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")
        self.fields["organisation"].queryset = (
            Organisation.objects.order_by("name")
            if is_officer(user)
            else user.confirmed_organisations()
        )
        self.fields["organisation"].required = not is_officer(user)


class CheckInForm(forms.Form):
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("The venue's code"),
        help_text=_(
            "Scan the QR code with your phone's camera, or type the code printed under it."
        ),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    reflection = forms.CharField(
        label=_("What did you do, and who did you meet?"),
        help_text=_("A few sentences. Only you and the challenge's designers see them."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


ANSWERS = [("yes", _("Yes")), ("no", _("No")), ("", _("I'd rather not say"))]


class FollowUpForm(forms.Form):
    met_someone_different = forms.ChoiceField(
        label=_("Did you meet someone from a different background?"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        required=False,
    )
    new_place = forms.ChoiceField(
        label=_("Was this a place or ward new to you?"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        required=False,
    )

    @staticmethod
    def answer(value: str) -> bool | None:
        return {"yes": True, "no": False}.get(value)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Kind of team"), choices=TeamKind.choices, widget=forms.RadioSelect
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Team code"),
        help_text=_("Six letters and numbers, from whoever started the team."),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PlayerForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name others may see"),
        help_text=_("A first name or a nickname. Leave empty to stay anonymous."),
        max_length=60,
        required=False,
    )
    show_name = forms.BooleanField(label=_("Show my name in team tables"), required=False)

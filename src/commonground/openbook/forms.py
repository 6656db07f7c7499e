"""Forms for Open Book: finding, offering, requesting, matching, safeguarding, cancelling,
delivery and feedback. Forms check types and choices; the actions check the rules again."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from commonground.core.models import Area
from commonground.volunteering.forms import LANGUAGE_CHOICES, DateTimeLocal
from commonground.volunteering.models import Weekday

from .models import AgeGroup, AudienceKind, Check, Format, TalkOffer, TalkRequest, Topic


def _wards():
    return Area.objects.wards().only("pk", "code", "name").order_by("name")


class FindForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any topic")), *Topic.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *LANGUAGE_CHOICES]
    )
    format = forms.ChoiceField(
        label=_("In person or online"),
        required=False,
        choices=[
            ("", _("Either")),
            (Format.IN_PERSON, _("In person")),
            (Format.ONLINE, _("Online")),
        ],
    )


class OfferForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can give it in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(
        label=_("In person or online"), choices=Format.choices, widget=forms.RadioSelect
    )
    wards = forms.ModelMultipleChoiceField(
        label=_("Wards you can travel to"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.MultipleChoiceField(
        label=_("Days you are usually free"),
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TalkOffer
        fields = [
            "speaker_name",
            "title",
            "bio",
            "description",
            "topics",
            "languages",
            "format",
            "wards",
            "days",
            "availability",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4}), "description": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wards"].queryset = _wards()


class RequestForm(forms.ModelForm):
    format = forms.ChoiceField(
        label=_("In person or online"),
        choices=[(Format.IN_PERSON, _("In person")), (Format.ONLINE, _("Online"))],
        widget=forms.RadioSelect,
    )
    audience_kind = forms.ChoiceField(
        label=_("Kind of group"), choices=AudienceKind.choices, widget=forms.RadioSelect
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=AgeGroup.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = TalkRequest
        fields = [
            "organisation",
            "organisation_name",
            "contact_email",
            "audience_kind",
            "audience_size",
            "age_group",
            "ward",
            "format",
            "preferred_dates",
            "wants_to_learn",
            "accessibility",
        ]
        widgets = {"wants_to_learn": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = _wards()
        self.fields["ward"].label = _("Ward where your group is")
        size = self.fields["audience_size"]
        size.validators.append(
            MinValueValidator(1, message=_("Give the number of people, 1 or more."))
        )
        size.widget.attrs["min"] = 1
        organisations = user.confirmed_organisations() if user is not None else None
        if organisations is not None and organisations.exists():
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].help_text = _("If you ask for a partner organisation.")
        else:
            del self.fields["organisation"]


class MatchForm(forms.Form):
    talk = forms.ModelChoiceField(label=_("Talk"), queryset=TalkOffer.objects.none())
    talk_at = forms.DateTimeField(
        label=_("Date and time of the talk"),
        widget=DateTimeLocal(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talk"].queryset = TalkOffer.objects.public().order_by("title")


class SafeguardingForm(forms.Form):
    notes = forms.CharField(
        label=_("Safeguarding notes (the coordinator only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    checklist = forms.MultipleChoiceField(
        label=_("Before a talk to children or young people"),
        choices=Check.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the talk cancelled?"), max_length=500)


class DeliveredForm(forms.Form):
    audience = forms.IntegerField(label=_("How many people came?"), min_value=1, max_value=10000)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did it go? (1 poor, 5 very good)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AccountForm(forms.Form):
    """A light account: a first name, an e-mail address and a password."""

    name = forms.CharField(label=_("Your first name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 10 characters."),
        strip=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password

"""Forms: validation of what people type; the actions check the rules again and change state."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.core.govuk_forms import GovukForm as BaseGovukForm
from commonground.core.models import Organisation

from .actions import MAX_GOALS
from .models import MAX_COHORT, MIN_COHORT, EntryKind, Goal, Grade, Horizon, Minority, SessionKind


class GovukForm(BaseGovukForm):
    number_css = "govuk-input govuk-input--width-5"


class DateInput(forms.DateInput):
    input_type = "date"


class CohortForm(GovukForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for the address"),
        max_length=80,
        help_text=_("Letters, numbers and hyphens, for example future-leaders-2027."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    size = forms.IntegerField(
        label=_("Number of places"),
        min_value=MIN_COHORT,
        max_value=MAX_COHORT,
        help_text=_("From 20 to 40."),
    )
    opens_on = forms.DateField(label=_("Applications open"), widget=DateInput)
    closes_on = forms.DateField(label=_("Applications close"), widget=DateInput)
    description = forms.CharField(
        label=_("About this cohort"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ApplyForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation you work for"), queryset=Organisation.objects.none()
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    grade = forms.ChoiceField(
        label=_("Grade band"), choices=Grade.choices, widget=forms.RadioSelect
    )
    background = forms.CharField(
        label=_("Your background, in your own words"),
        help_text=_(
            "For example your ethnicity, faith, where you grew up or your first language. Optional."
        ),
        max_length=300,
        required=False,
    )
    background_prefer_not = forms.BooleanField(label=_("I prefer not to say"), required=False)
    minority = forms.ChoiceField(
        label=_("Do you consider yourself to be from a minority background?"),
        choices=Minority.choices,
        widget=forms.RadioSelect,
    )
    goals = forms.MultipleChoiceField(
        label=_("What do you most want to develop?"),
        help_text=_("Choose up to three. We use them to find you a mentor."),
        choices=Goal.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    learn = forms.CharField(
        label=_("What do you want to learn from the programme?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the programme officers keep these answers to choose the cohort and "
            "report its make-up in totals that identify nobody."
        )
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            is_partner=True, memberships__user=user, memberships__status="confirmed"
        ).distinct()

    def clean_goals(self) -> list[str]:
        goals = self.cleaned_data["goals"]
        if len(goals) > MAX_GOALS:
            raise forms.ValidationError(_("Choose up to three."))
        return goals


class DecideForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("selected", _("Offer a place")),
            ("not_selected", _("Do not offer a place")),
            ("ineligible", _("Not eligible")),
            ("submitted", _("Not decided yet")),
        ],
    )
    score = forms.IntegerField(
        label=_("Score (0 to 10)"), min_value=0, max_value=10, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


LOTTERY_METHODS = [
    ("maximin", _("Maximin (the lowest chance as high as possible)")),
    ("nash", _("Nash (product of chances as high as possible)")),
    ("leximin", _("Leximin (lowest chances raised in turn)")),
]
"""The fair methods of :mod:`commonground.sortition` (the greedy legacy lottery is left out:
it gives no guarantee on anyone's chance).  Leximin solves a sequence of linear programmes and
suits cohorts of a few hundred applicants."""


class SeedForm(GovukForm):
    """The announced seed and the method; a form sent without a method draws by maximin."""

    algorithm = forms.ChoiceField(
        label=_("Method"),
        choices=LOTTERY_METHODS,
        initial="maximin",
        required=False,
        widget=forms.RadioSelect,
    )
    seed = forms.IntegerField(
        label=_("Seed announced before the draw"),
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("Anyone with this number, the references and the quotas can repeat the draw."),
    )


class SessionForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    on = forms.DateField(label=_("Date"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MentorForm(GovukForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_partner=True)
    )
    role = forms.CharField(label=_("Role"), max_length=200)
    strengths = forms.MultipleChoiceField(
        label=_("Can help with"), choices=Goal.choices, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(
        label=_("How many people they can mentor"), min_value=1, max_value=3, initial=1
    )


class LogForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("What are you writing?"),
        choices=EntryKind.choices,
        widget=forms.RadioSelect,
        initial=EntryKind.LOG,
    )
    session = forms.ChoiceField(label=_("About a session (optional)"), required=False)
    text = forms.CharField(
        label=_("What happened, and what did you learn?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )

    def __init__(self, *args, sessions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        self.fields["session"].choices = [("", _("None"))] + [
            (str(s.pk), s.title) for s in sessions
        ]

    def clean_session(self):
        value = self.cleaned_data.get("session") or ""
        return self.sessions.get(value)


class OutcomeForm(GovukForm):
    horizon = forms.TypedChoiceField(label=_("When"), choices=Horizon.choices, coerce=int)
    new_role = forms.BooleanField(label=_("New role"), required=False)
    promotion = forms.BooleanField(label=_("Promotion"), required=False)
    board_role = forms.BooleanField(label=_("Board or trustee role"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

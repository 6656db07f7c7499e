"""Forms: they validate what people type; actions do the rest."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.core.models import Area, CommunityOfInterest, User
from commonground.core.roles import Role

from .models import Dimension, Language


def _staff():
    return User.objects.filter(is_active=True).order_by("username")


class AssessmentForm(forms.Form):
    issue = forms.CharField(
        label=_("Issue"), max_length=200, help_text=_("For example: tackling hate crime.")
    )
    ward = forms.ModelChoiceField(
        label=_("Ward"),
        queryset=Area.objects.wards(),
        required=False,
        empty_label=_("Choose a ward"),  # Django's own "- Select an option -" is English only
    )
    community = forms.ModelChoiceField(
        label=_("Or a community of interest"),
        queryset=CommunityOfInterest.objects.all(),
        required=False,
        empty_label=_("None"),
    )
    respondent_roles = forms.CharField(
        label=_("Key respondents to interview"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One role a line, for example: faith leader, youth worker. Roles, not names."),
    )
    guide_en = forms.CharField(
        label=_("Interview guide (English)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    guide_ur = forms.CharField(
        label=_("Interview guide (Urdu)"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    guide_pl = forms.CharField(
        label=_("Interview guide (Polish)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Interviews start"), widget=forms.DateInput({"type": "date"})
    )
    ends_on = forms.DateField(label=_("Interviews end"), widget=forms.DateInput({"type": "date"}))
    scorer_a = forms.ModelChoiceField(
        label=_("First scorer"), queryset=User.objects.none(), empty_label=_("Choose a scorer")
    )
    scorer_b = forms.ModelChoiceField(
        label=_("Second scorer"), queryset=User.objects.none(), empty_label=_("Choose a scorer")
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Others in the team (interviewers)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = _staff().filter(groups__name__in=[Role.OFFICER, Role.PARTNER]).distinct()
        for name in ("scorer_a", "scorer_b", "team"):
            self.fields[name].queryset = people

    def clean(self):
        data = super().clean()
        if bool(data.get("ward")) == bool(data.get("community")):
            raise forms.ValidationError(_("Choose a ward or a community of interest, not both."))
        if data.get("scorer_a") and data.get("scorer_a") == data.get("scorer_b"):
            self.add_error("scorer_b", _("The two scorers must be different people."))
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The interviews cannot end before they start."))
        return data


class InterviewForm(forms.Form):
    respondent_role = forms.CharField(
        label=_("Respondent's role"),
        max_length=200,
        help_text=_("Their role in the community, not their name."),
    )
    held_on = forms.DateField(
        label=_("Date of the interview"), widget=forms.DateInput({"type": "date"})
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    notes = forms.CharField(
        label=_("Notes or transcript"), widget=forms.Textarea(attrs={"rows": 12})
    )
    audio_consent = forms.BooleanField(
        label=_("The respondent agreed to be recorded"), required=False
    )
    audio = forms.FileField(label=_("Audio recording"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("audio") and not data.get("audio_consent"):
            self.add_error(
                "audio", _("Audio may be kept only if the respondent agreed to be recorded.")
            )
        return data


class SheetForm(forms.Form):
    """Six whole-number scores, one a dimension; each choice shows its anchor's words."""

    def __init__(
        self, *args, anchors: dict[str, dict[int, str]], questions=None, names=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            name = (names or {}).get(dimension.value) or dimension.label
            self.fields[dimension.value] = forms.TypedChoiceField(
                label=f"{dimension.value}. {name}",
                help_text=(questions or {}).get(dimension.value, ""),
                choices=[(n, f"{n} – {anchors[dimension.value][n]}") for n in range(1, 10)],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict[str, int]:
        return {d.value: self.cleaned_data[d.value] for d in Dimension}


class ConsensusForm(forms.Form):
    """Six agreed scores, each any number from 1 to 9 (for example 4.5)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            self.fields[dimension.value] = forms.DecimalField(
                label=dimension.label,
                min_value=Decimal(1),
                max_value=Decimal(9),
                max_digits=5,
                decimal_places=2,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def scores(self) -> dict[str, Decimal]:
        return {d.value: self.cleaned_data[d.value] for d in Dimension}


class StrategyForm(forms.Form):
    """A stage's goal and strategies in one language (written in that language's direction)."""

    goal = forms.CharField(label=_("Goal"), max_length=300)
    strategies = forms.CharField(
        label=_("Strategies"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One strategy a line."),
    )

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        direction = "rtl" if language == "ur" else "ltr"
        for name in ("goal", "strategies"):
            self.fields[name].widget.attrs.update({"lang": language, "dir": direction})


class AnchorsForm(forms.Form):
    """A dimension's nine anchors in one language, each required."""

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        direction = "rtl" if language == "ur" else "ltr"
        for n in range(1, 10):
            self.fields[f"a{n}"] = forms.CharField(
                label=_("Score %(n)s") % {"n": n},
                widget=forms.Textarea(attrs={"rows": 2, "lang": language, "dir": direction}),
                max_length=600,
            )

    def anchors(self) -> dict[int, str]:
        return {n: self.cleaned_data[f"a{n}"].strip() for n in range(1, 10)}

"""Forms for schools: the linking planner's request, a stored linking year (schools taking part,
forced/forbidden pairs, swaps), answers, linking days, sessions and bookings, the class survey."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    ContactRole,
    LinkPair,
    Phase,
    RuleKind,
    School,
    SessionKind,
    Stage,
)
from .survey import ANSWERS, STATEMENTS


def _pairs(text: str, field: str) -> list[tuple[str, str]]:
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in line.replace(";", ",").split(",") if p.strip()]
        if not parts:
            continue
        if len(parts) != 2:
            raise forms.ValidationError(
                _("Line %(line)s: write two URNs separated by a comma, e.g. 107286, 149120."),
                params={"line": number},
            )
        pairs.append((parts[0], parts[1]))
    return pairs


class LinkingForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[(Phase.PRIMARY, _("Primary")), (Phase.SECONDARY, _("Secondary"))]
    )
    max_km = forms.DecimalField(
        label=_("Longest distance between the two schools of a pair (km)"),
        min_value=0.1,
        max_value=200,
        decimal_places=1,
        initial=5,
        error_messages={"min_value": _("The distance must be more than 0 km.")},
    )
    leave_out = forms.CharField(
        label=_("Schools not taking part (URNs, one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    avoid = forms.CharField(
        label=_("Pairs to avoid, e.g. linked last year (two URNs a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fix = forms.CharField(
        label=_("Pairs the officer fixes (two URNs a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_leave_out(self) -> list[str]:
        return [
            u.strip()
            for u in self.cleaned_data["leave_out"].replace(",", "\n").splitlines()
            if u.strip()
        ]

    def clean_avoid(self) -> list[tuple[str, str]]:
        return _pairs(self.cleaned_data["avoid"], "avoid")

    def clean_fix(self) -> list[tuple[str, str]]:
        return _pairs(self.cleaned_data["fix"], "fix")


# --- Stored linking years ---------------------------------------------------------------------


YEAR = re.compile(r"^(\d{4})/(\d{2})$")


class YearForm(forms.Form):
    year = forms.CharField(
        label=_("Linking year"), max_length=7, help_text=_("For example 2027/28")
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[(Phase.PRIMARY, _("Primary")), (Phase.SECONDARY, _("Secondary"))]
    )
    max_km = forms.DecimalField(
        label=_("Longest distance between the two schools of a pair (km)"),
        min_value=Decimal("0.1"),
        max_value=200,
        decimal_places=1,
        initial=5,
        error_messages={"min_value": _("The distance must be more than 0 km.")},
    )
    conflicts = forms.CharField(
        label=_("Known conflicts: pairs never to link (two URNs a line)"),
        help_text=_("Pairs linked last year are avoided automatically."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_year(self) -> str:
        text = self.cleaned_data["year"].strip()
        match = YEAR.match(text)
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise forms.ValidationError(_("Write the school year as 2027/28."))
        return text

    def clean_conflicts(self) -> list[tuple[School, School]]:
        out = []
        for a, b in _pairs(self.cleaned_data["conflicts"], "conflicts"):
            schools = {s.urn: s for s in School.objects.filter(urn__in=(a, b))}
            missing = [u for u in (a, b) if u not in schools]
            if missing:
                raise forms.ValidationError(
                    _("No school has the URN %(urn)s.") % {"urn": missing[0]}
                )
            out.append((schools[a], schools[b]))
        return out


class ParticipantsForm(forms.Form):
    schools = forms.CharField(
        label=_("Schools taking part"),
        help_text=_(
            "One school a line: URN, number of classes, year groups. For example: 107286, 2, Year 4"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, phase: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase = phase

    def clean_schools(self) -> list[tuple[School, int, str]]:
        lines = []
        for number, line in enumerate(self.cleaned_data["schools"].splitlines(), start=1):
            parts = [p.strip() for p in line.split(",")]
            if not parts[0]:
                continue
            classes = parts[1] if len(parts) > 1 and parts[1] else "1"
            if not classes.isdigit() or int(classes) < 1:
                raise forms.ValidationError(
                    _("Line %(line)s: the number of classes must be a whole number, 1 or more.")
                    % {"line": number}
                )
            lines.append((number, parts[0], int(classes), ", ".join(parts[2:])))
        schools = {
            s.urn: s
            for s in School.objects.filter(
                urn__in=[u for _n, u, _c, _g in lines], phase=self.phase, in_district=True
            )
        }
        seen = set()
        out = []
        for number, urn, classes, groups in lines:
            if urn not in schools:
                raise forms.ValidationError(
                    _("Line %(line)s: %(urn)s is not a District school of this phase.")
                    % {"line": number, "urn": urn}
                )
            if urn in seen:
                raise forms.ValidationError(
                    _("Line %(line)s: %(urn)s is listed twice.") % {"line": number, "urn": urn}
                )
            seen.add(urn)
            out.append((schools[urn], classes, groups))
        if len(out) < 2:
            raise forms.ValidationError(_("Choose at least two schools taking part."))
        return out


class RuleForm(forms.Form):
    school_a = forms.ModelChoiceField(label=_("First school"), queryset=School.objects.none())
    school_b = forms.ModelChoiceField(label=_("Second school"), queryset=School.objects.none())
    kind = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (RuleKind.FORCE, _("Force: link these two schools")),
            (RuleKind.FORBID, _("Forbid: never link these two schools")),
            (RuleKind.CONFLICT, _("Known conflict: never link these two schools")),
        ],
    )

    def __init__(self, *args, linking_year, **kwargs):
        super().__init__(*args, **kwargs)
        schools = School.objects.filter(
            pk__in=linking_year.participants.values("school_id")
        ).order_by("name")
        self.fields["school_a"].queryset = self.fields["school_b"].queryset = schools

    def clean(self):
        data = super().clean()
        if data.get("school_a") and data.get("school_a") == data.get("school_b"):
            self.add_error("school_b", _("Choose two different schools."))
        return data


class SwapForm(forms.Form):
    first = forms.ModelChoiceField(label=_("First pair"), queryset=LinkPair.objects.none())
    second = forms.ModelChoiceField(label=_("Second pair"), queryset=LinkPair.objects.none())

    def __init__(self, *args, linking_year, **kwargs):
        super().__init__(*args, **kwargs)
        pairs = linking_year.pairs.select_related("school_a", "school_b")
        self.fields["first"].queryset = self.fields["second"].queryset = pairs

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", _("Choose two different pairs."))
        return data


class AnswerForm(forms.Form):
    school = forms.ModelChoiceField(label=_("Answering for"), queryset=School.objects.none())
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept the link")), ("decline", _("Decline the link"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (if declining)"), required=False, max_length=500, widget=forms.Textarea
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


MAX_DIRECTORY_CHOICES = 300
"""Above this many named places in the directory the day form offers free text only."""


class DayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    venue = forms.CharField(label=_("Venue (neutral day)"), required=False, max_length=200)
    location = forms.ModelChoiceField(
        label=_("Or a place from the directory"), required=False, queryset=None
    )
    classes = forms.CharField(label=_("Classes"), required=False, max_length=200)
    teachers = forms.CharField(
        label=_("Teachers and how to reach them"), required=False, max_length=300
    )
    transport = forms.CharField(label=_("Transport"), required=False, max_length=200)

    def __init__(self, *args, neutral: bool, **kwargs):
        super().__init__(*args, **kwargs)
        from commonground.services.models import Location

        places = Location.objects.exclude(name="").order_by("name")
        self.fields["location"].queryset = places
        self.fields["location"].label_from_instance = lambda loc: loc.local_name
        if not neutral:
            del self.fields["venue"], self.fields["location"]
        elif places.count() > MAX_DIRECTORY_CHOICES:
            # A list too long to scroll on a phone: the venue is written instead.
            del self.fields["location"]


class ConfirmDayForm(forms.Form):
    school = forms.ModelChoiceField(label=_("Confirming for"), queryset=School.objects.none())

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    venue = forms.CharField(label=_("Venue"), max_length=200)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=2000)
    toolkit_url = forms.URLField(label=_("Link to the toolkit"), required=False)
    pair = forms.ModelChoiceField(
        label=_("For a linked pair (parents' sessions)"),
        required=False,
        queryset=LinkPair.objects.select_related("school_a", "school_b").filter(
            linking_year__status="confirmed"
        ),
    )


class BookingForm(forms.Form):
    name = forms.CharField(label=_("Name of the person coming"), max_length=120)
    organisation = forms.CharField(label=_("School or group"), max_length=200)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)


class ContactForm(forms.Form):
    urn = forms.CharField(label=_("School URN"), max_length=20)
    username = forms.CharField(label=_("Their account's user name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=ContactRole.choices)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)

    def clean_urn(self) -> School:
        urn = self.cleaned_data["urn"].strip()
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise forms.ValidationError(_("No school has the URN %(urn)s.") % {"urn": urn})
        return school

    def clean_username(self):
        from commonground.core.models import User

        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this user name."))
        return user


class SurveyForm(forms.Form):
    """A class's answers: for each statement, how many children chose each face."""

    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    stage = forms.ChoiceField(label=_("When"), choices=Stage.choices, widget=forms.RadioSelect)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        for number, _statement in enumerate(STATEMENTS, start=1):
            for key, face, word in ANSWERS:
                self.fields[f"s{number}_{key}"] = forms.IntegerField(
                    label=f"{face} {word}", min_value=0, max_value=200, initial=0
                )

    def rows(self):
        """(statement, [bound fields for agree, unsure, disagree]) for the template."""
        return [
            (statement, [self[f"s{n}_{key}"] for key, _f, _w in ANSWERS])
            for n, statement in enumerate(STATEMENTS, start=1)
        ]

    def counts(self) -> dict[int, tuple[int, int, int]]:
        data = self.cleaned_data
        return {
            n: tuple(data[f"s{n}_{key}"] for key, _f, _w in ANSWERS)
            for n in range(1, len(STATEMENTS) + 1)
        }


class PublishForm(forms.Form):
    year = forms.CharField(label=_("School census year"), max_length=7)


class RegisterForm(forms.Form):
    """Who owns the linking year as an intervention, and when it started (test and learn)."""

    owner = forms.CharField(label=_("Who runs it"), max_length=200)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class OpenSurveyForm(forms.Form):
    """The consultation in Conversations that will host the year's before and after surveys."""

    consultation = forms.ModelChoiceField(
        label=_("Consultation that hosts the surveys"),
        help_text=_(
            "The before and after surveys are made under this consultation in Conversations."
        ),
        queryset=None,
        empty_label=_("Choose a consultation"),
        error_messages={
            "required": _("Choose the consultation that hosts the surveys."),
            "invalid_choice": _("Choose a consultation from the list."),
        },
    )

    def __init__(self, *args, **kwargs):
        from commonground.consult.models import Consultation

        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = Consultation.objects.order_by("-opens_at", "pk")

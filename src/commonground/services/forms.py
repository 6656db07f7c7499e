"""Forms: the resident search and a partner's edit of a directory entry."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from commonground.core.choices import day_choices, language_choices
from commonground.core.models import Area
from commonground.core.models.places import AreaLevel

from . import postcodes
from .models import EsolGoal, EsolNeed, Service, TaxonomyTerm

DAY_CHOICES = day_choices(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], blank=_("Any day"))

LANGUAGE_CHOICES = language_choices(
    ["en", "ur", "pa", "pl", "ar", "ku", "ro", "sk", "bn"], blank=_("Any language")
)

DISTANCE_CHOICES = [
    ("1000", _("1 km")),
    ("3000", _("3 km")),
    ("5000", _("5 km")),
    ("10000", _("10 km")),
]


SEARCH_DAY_CHOICES = [
    *DAY_CHOICES,
    ("weekdays", _("Weekdays (Monday to Friday)")),
    ("weekend", _("Weekend (Saturday or Sunday)")),
]

PART_OF_DAY_CHOICES = [
    ("", _("Any time")),
    ("morning", _("Morning (before 12:00)")),
    ("afternoon", _("Afternoon (12:00 to 17:00)")),
    ("evening", _("Evening (after 17:00)")),
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
    day = forms.ChoiceField(label=_("Day"), choices=SEARCH_DAY_CHOICES, required=False)
    part = forms.ChoiceField(label=_("Time of day"), choices=PART_OF_DAY_CHOICES, required=False)
    after = forms.TimeField(
        label=_("Open after"),
        help_text=_("For example, 17:00"),
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H"],
        error_messages={"invalid": _("Enter a time like 17:00")},
    )
    before = forms.TimeField(
        label=_("Open before"),
        help_text=_("For example, 12:00"),
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H"],
        error_messages={"invalid": _("Enter a time like 12:00")},
    )
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

    def clean(self) -> dict:
        data = super().clean()
        after, before = data.get("after"), data.get("before")
        if after is not None and before is not None and after >= before:
            self.add_error("before", _("Enter an “open before” time later than “open after”."))
        return data

    def criteria(self) -> dict:
        """The cleaned search as keyword arguments of ``queries.search``."""
        data = self.cleaned_data
        return {
            "text": data["q"],
            "term_id": data["need"].pk if data["need"] else None,
            "language": data["language"],
            "ward_code": data["ward"],
            "postcode": data["postcode"],
            "within_m": int(data["within"] or 5000),
            "free_only": data["free"],
            "day": data["day"],
            "part": data["part"],
            "after": data["after"],
            "before": data["before"],
        }


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
            "language",
            "contact_consent",
        ]
        labels = {
            "contact_consent": _(
                "The learner agrees to be texted or e-mailed (to the contact above) when a place "
                "is offered."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Area.objects.filter(level=AreaLevel.WARD).order_by("name")
        self.style()
        for name in (
            "languages",
            "goals",
            "available_days",
            "needs_childcare",
            "consent",
            "contact_consent",
        ):
            self.fields[name].widget.attrs["class"] = "govuk-checkboxes__input"

    def clean_contact(self) -> str:
        """A phone number or an e-mail address, so a message can go the right way."""
        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            validate_email(value)
        return value


CAN_DO = [
    ("pre-entry", _("I know a few words of English. I cannot read or write in English yet.")),
    ("entry-1", _("I can say my name and address and understand simple questions.")),
    ("entry-2", _("I can talk about my family and my day, and read short notes.")),
    ("entry-3", _("I can talk to a doctor or my child's teacher, and write a short letter.")),
    ("level-1", _("I can follow most conversations and fill in forms and write e-mails.")),
    ("level-2", _("I speak and write English well and want a qualification for work or study.")),
]
"""The levels (``EsolLevel``) as "can do" statements a learner recognises in their language."""

PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")


class EsolLearnerForm(GovukForm, forms.ModelForm):
    """A learner asks for an English class themselves: phone first, no account, in their own
    language. Only a first name and one way to reach them; where they live as a postcode (made
    into a ward and then forgotten) or a ward."""

    languages = forms.MultipleChoiceField(
        label=_("Which languages do you speak?"),
        choices=[c for c in LANGUAGE_CHOICES if c[0]],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language you speak.")},
    )
    level = forms.ChoiceField(
        label=_("Which sentence is most like you?"),
        choices=CAN_DO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the sentence that is most like you.")},
    )
    goals = forms.MultipleChoiceField(
        label=_("Why do you want to learn English?"),
        choices=EsolGoal.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one reason.")},
    )
    available_days = forms.MultipleChoiceField(
        label=_("Which days can you come to a class?"),
        choices=[c for c in DAY_CHOICES if c[0]],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    postcode = forms.CharField(
        label=_("Your postcode"),
        help_text=_("So we can find a class near you. We keep only your ward, not the postcode."),
        required=False,
        max_length=10,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the council's ESOL unit and English class providers may keep these "
            "details to find me a class, and contact me about it."
        ),
        error_messages={"required": _("Tick the box to agree, so we can keep your details.")},
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
        ]
        labels = {
            "first_name": _("Your first name"),
            "contact": _("Your phone number"),
            "needs_childcare": _("I need childcare (a crèche) to come to a class"),
            "travel": _("Anything that makes it hard to travel to a class (optional)"),
            "ward": _("Or choose your area (ward)"),
        }
        help_texts = {
            "contact": _("We will call or text you about a class. An e-mail address also works.")
        }
        error_messages = {
            "first_name": {"required": _("Enter your first name.")},
            "contact": {"required": _("Enter your phone number.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Area.objects.filter(level=AreaLevel.WARD).order_by("name")
        self.fields["ward"].required = False
        self.fields["ward"].empty_label = _("I don't know")
        self.style()
        for name in ("languages", "goals", "available_days", "needs_childcare", "consent"):
            self.fields[name].widget.attrs["class"] = "govuk-checkboxes__input"
        self.fields["level"].widget.attrs["class"] = "govuk-radios__input"
        self.fields["first_name"].widget.attrs.update({"autocomplete": "given-name"})
        self.fields["contact"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code"})

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            validate_email(value)
        elif not PHONE.match(value) or not 10 <= sum(c.isdigit() for c in value) <= 15:
            raise forms.ValidationError(
                _("Enter a phone number with 10 to 15 digits, like 07700 900123.")
            )
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and postcodes.centroid(value) is None:
            raise forms.ValidationError(
                _("We do not know the postcode %(postcode)s. Check it, or choose your area."),
                params={"postcode": value},
            )
        return postcodes.normalise(value) if value else ""

"""Forms: the public "register your interest" form, the pool import, quotas and a run."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import characteristics as chars
from .models import Algorithm, Decision, MeetingMode, MemberStatus, Panel, PanelMember, Pool

MAX_IMPORT_BYTES = 10 * 1024 * 1024


class RegisterForm(forms.Form):
    """One question per characteristic (each with "prefer not to say"), then contact details."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    address = forms.CharField(
        label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    code = forms.CharField(
        label=_("Invitation code (from your letter), if you have one"),
        max_length=12,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Partnership keeps these answers to choose a representative panel, "
            "and deletes my details after two years or when I ask."
        )
    )

    def __init__(self, *args, pool: Pool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.features = list(pool.characteristics)
        for feature in self.features:
            self.fields[f"c_{feature}"] = forms.ChoiceField(
                label=chars.QUESTIONS[feature],
                choices=chars.choices(feature),
                widget=forms.RadioSelect,
            )

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email") or data.get("address")):
            raise forms.ValidationError(
                _("Give a phone number, an email address or a postal address so we can reach you.")
            )
        return data

    def characteristic_fields(self):
        return [self[f"c_{f}"] for f in self.features]

    def contact_fields(self):
        return [self[name] for name in ("name", "phone", "email", "address", "postcode", "code")]

    @property
    def answers(self) -> dict[str, str]:
        return {f: self.cleaned_data[f"c_{f}"] for f in self.features}

    @property
    def contact(self) -> dict[str, str]:
        return {
            k: self.cleaned_data.get(k, "")
            for k in ("name", "phone", "email", "address", "postcode")
        }


class TextUploadForm(forms.Form):
    """A file of text (respondents, addresses): at most 10 MB, UTF-8; cleaned to (name, text)."""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text: save it as CSV UTF-8.")
            ) from None


class ImportForm(TextUploadForm):
    file = forms.FileField(label=_("CSV file of respondents"))


class RunForm(forms.Form):
    algorithm = forms.ChoiceField(
        label=_("Method"), choices=Algorithm.choices, initial=Algorithm.MAXIMIN
    )
    seed = forms.IntegerField(
        label=_("Seed announced before the draw"),
        min_value=0,
        max_value=2**62,
        required=False,
        help_text=_(
            "Leave empty for a new random seed; it is shown and recorded, so anyone can repeat the draw."  # noqa: E501
        ),
    )


# The panel at work ------------------------------------------------------------------------------


class GovukForm(forms.Form):
    """A form whose widgets carry the GOV.UK Design System classes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                continue
            if isinstance(widget, forms.Select):
                css = "govuk-select"
            elif isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            else:
                css = "govuk-input"
            widget.attrs["class"] = css


class EstablishForm(GovukForm):
    run = forms.ModelChoiceField(label=_("Published selection"), queryset=None, empty_label=None)
    started_on = forms.DateField(
        label=_("First meeting date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_months = forms.IntegerField(
        label=_("Term length in months"), min_value=1, max_value=60, initial=12
    )
    rotation_groups = forms.IntegerField(
        label=_("Rotation groups"),
        min_value=1,
        max_value=6,
        initial=2,
        help_text=_(
            "The panel renews in this many parts: with 2, half the members serve one term and "
            "half serve half a term longer, so new members always sit beside experienced ones."
        ),
    )

    def __init__(self, *args, pool: Pool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        runs = pool.runs.filter(published_at__isnull=False).order_by("-published_at")
        self.fields["run"].queryset = runs
        self.fields["run"].label_from_instance = lambda run: (
            _("%(method)s, seed %(seed)s")
            % {"method": run.get_algorithm_display(), "seed": run.seed}
        )


class MemberForm(GovukForm):
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example step-free access, a hearing loop, an interpreter, large print, "
            "a quiet room, childcare. Seen only by officers."
        ),
    )
    term_end = forms.DateField(
        label=_("Term ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReplaceForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[
            (MemberStatus.DROPPED, _("Dropped out")),
            (MemberStatus.ROTATED, _("Term ended")),
        ]
    )


class MeetingForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    mode = forms.ChoiceField(
        label=_("How people take part"),
        choices=MeetingMode.choices,
        widget=forms.RadioSelect,
        initial=MeetingMode.IN_PERSON,
    )
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online meeting link"), required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode in (MeetingMode.IN_PERSON, MeetingMode.HYBRID) and not data.get("venue"):
            self.add_error("venue", _("Say where the meeting is."))
        if mode in (MeetingMode.ONLINE, MeetingMode.HYBRID) and not data.get("online_link"):
            self.add_error("online_link", _("Give the link members join by."))
        return data


class ClaimForm(GovukForm):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=None, required=False, empty_label=_("Not for one meeting")
    )
    amount = forms.DecimalField(
        label=_("Amount (£)"), min_value=Decimal("0.01"), max_value=500, decimal_places=2
    )
    what_for = forms.CharField(
        label=_("What for"),
        max_length=300,
        help_text=_("For example: bus fares, childcare, a carer, mobile data."),
    )

    def __init__(self, *args, panel: Panel, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = panel.run.members.select_related(
            "respondent", "respondent__contact"
        ).order_by("pk")
        self.fields["member"].label_from_instance = member_label
        self.fields["meeting"].queryset = panel.meetings.all()
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.title} ({date_format(timezone.localtime(m.starts_at), 'j E Y')})"
        )
        self.fields["amount"].widget.attrs["inputmode"] = "decimal"


def member_label(member: PanelMember) -> str:
    """An officer's name for a member: their name if we hold it, else their reference."""
    contact = getattr(member.respondent, "contact", None)
    name = contact.name if contact is not None and contact.name else ""
    return f"{name} ({member.respondent.reference})" if name else member.respondent.reference


class QuestionForm(GovukForm):
    title = forms.CharField(label=_("Question"), max_length=300)
    detail = forms.CharField(
        label=_("Background"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the Board already knows and what it will decide with the answer."),
    )
    answer_by = forms.DateField(
        label=_("Answer wanted by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    consultation_slug = forms.ChoiceField(
        label=_("Related conversation"),
        required=False,
        help_text=_('Its "You said, we did" page is linked beside the panel\'s answer.'),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultation_slug"].choices = [("", _("None")), *consultations()]


def consultations() -> list[tuple[str, str]]:
    """Conversations (the consult app) a question can link to, if that app is installed."""
    from django.apps import apps

    if not apps.is_installed("commonground.consult"):
        return []
    model = apps.get_model("consult", "Consultation")
    return list(model.objects.order_by("-opens_at").values_list("slug", "title")[:200])


class RecommendationForm(GovukForm):
    text = forms.CharField(
        label=_("Recommendation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    support = forms.IntegerField(
        label=_("Members in support (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("The share of members present who supported it, if the panel voted."),
    )
    meeting = forms.ModelChoiceField(
        label=_("Agreed at"), queryset=None, required=False, empty_label=_("Not recorded")
    )

    def __init__(self, *args, panel: Panel, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = panel.meetings.all()
        self.fields["support"].widget.attrs["inputmode"] = "numeric"


class ResponseForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("The Board's decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published on the panel's page: say what will happen, and why."),
    )


class WithdrawForm(GovukForm):
    reason = forms.CharField(label=_("Why the question is withdrawn"), max_length=1000)


# Creating a pool and inviting by letter ---------------------------------------------------------


class PoolForm(GovukForm):
    """A new pool: what it is for, the characteristics it is balanced on, and when its
    personal data is deleted."""

    title = forms.CharField(label=_("Name of the panel"), max_length=200)
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=50,
        required=False,
        help_text=_(
            "Letters, numbers and hyphens, used in the registration link. "
            "Leave empty to make one from the name."
        ),
    )
    purpose = forms.CharField(
        label=_("What the panel is for"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to people on the registration form and in the invitation letters."),
    )
    panel_size = forms.IntegerField(label=_("Panel size"), min_value=1, max_value=500, initial=40)
    characteristics = forms.MultipleChoiceField(
        label=_("Characteristics to balance the panel on"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People are asked only these questions, each with “Prefer not to say”."),
    )
    delete_data_on = forms.DateField(
        label=_("Delete personal data on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Respondents' answers and contact details, and the address list, are deleted then. "
            "At most five years ahead."
        ),
    )
    one_per_household = forms.BooleanField(
        label=_("At most one person per household"), required=False, initial=True
    )
    open_for_registration = forms.BooleanField(
        label=_("Open for registration now"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs) -> None:
        from datetime import timedelta

        from .models import RETENTION_DAYS

        super().__init__(*args, **kwargs)
        self.fields["characteristics"].choices = [(f, chars.LABELS[f]) for f in chars.LABELS]
        self.fields["delete_data_on"].initial = timezone.localdate() + timedelta(
            days=RETENTION_DAYS
        )

    def clean_slug(self) -> str:
        from django.utils.text import slugify

        slug = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:50]
        if not slug:
            raise forms.ValidationError(_("Give a web address of letters, numbers and hyphens."))
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("That web address is reserved: choose another."))
        return slug


RESERVED_SLUGS = {"new"}
"""Pool web addresses that would clash with the panel pages' own (``/panel/new/``)."""


class AddressListForm(TextUploadForm):
    file = forms.FileField(label=_("Address list"))


class DrawForm(GovukForm):
    size = forms.IntegerField(
        label=_("How many letters"),
        min_value=1,
        max_value=20_000,
        help_text=_(
            "Addresses are drawn at random from those on the list that have not had a letter."
        ),
    )

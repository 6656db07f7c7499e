"""Forms: validation for the anonymous report, the status lookup and casework."""

from __future__ import annotations

import math

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.core.govuk_forms import GovukForm
from commonground.core.models import Area

from .models import (
    TENSION_LEVEL_WORDING,
    IncidentReport,
    Myth,
    Outcome,
    PoliceReported,
    ReferralService,
    ReporterRole,
    Risk,
    Strand,
    Support,
    TensionIssue,
    TensionLevel,
)

MAX_TEXT = 5000


class StrandChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Strand) -> str:
        return obj.label


class WardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return obj.name


class ReportForm(GovukForm):
    """The whole report on one page (so the browser's history holds one entry for it)."""

    reporter_role = forms.ChoiceField(
        label=_("Who are you reporting for?"),
        choices=ReporterRole.choices,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Say what was said or done, in your own words and any language."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    strands = StrandChoiceField(
        label=_("Why do you think it happened?"),
        help_text=_("Choose all that you think apply, or none if you are not sure."),
        queryset=Strand.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    occurred_on = forms.DateField(
        label=_("When did it happen?"),
        help_text=_("If you are not sure, give the nearest date you can."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ward = WardChoiceField(
        label=_("Which ward did it happen in?"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("I do not know"),
    )
    place_text = forms.CharField(
        label=_("Where did it happen?"),
        help_text=_("For example a street, a bus route or a shop. Leave it empty if you prefer."),
        max_length=300,
        required=False,
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    reported_to_police = forms.ChoiceField(
        label=_("Has it been reported to the police?"),
        choices=PoliceReported.choices,
        widget=forms.RadioSelect,
    )
    police_reference = forms.CharField(
        label=_("Police reference number, if you have one"), max_length=60, required=False
    )
    support = forms.MultipleChoiceField(
        label=_("What would help you?"),
        choices=Support.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    contact_phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("Email address"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strands"].queryset = Strand.objects.filter(active=True)
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past."))
        return value

    def clean(self):
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None) or any(
            v is not None and not math.isfinite(v) for v in (lat, lng)
        ):
            raise forms.ValidationError(_("The point on the map could not be read. Try again."))
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise forms.ValidationError(_("The point on the map could not be read. Try again."))
        if Support.CONTACT in data.get("support", []) and not (
            data.get("contact_phone") or data.get("contact_email")
        ):
            self.add_error(
                "contact_phone",
                _("To be contacted, give a phone number or an email address."),
            )
        return data


class StatusForm(GovukForm):
    reference = forms.CharField(label=_("Reference"), max_length=16)
    secret = forms.CharField(
        label=_("Secret code"), max_length=40, widget=forms.PasswordInput(render_value=False)
    )


class TriageForm(GovukForm):
    risk = forms.ChoiceField(label=_("Risk"), choices=Risk.choices, widget=forms.RadioSelect)
    confirmed_strands = StrandChoiceField(
        label=_("Strands confirmed"),
        queryset=Strand.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    linked = forms.CharField(
        label=_("Linked reports"),
        help_text=_("References, separated by commas."),
        required=False,
        max_length=400,
    )
    lsoa = forms.CharField(
        label=_("LSOA code, if known better than the reporter's"), required=False, max_length=12
    )
    notes = forms.CharField(
        label=_("Case note"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, report: IncidentReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["confirmed_strands"].queryset = Strand.objects.all()

    def clean_linked(self) -> list[IncidentReport]:
        refs = [r.strip().upper() for r in self.cleaned_data["linked"].split(",") if r.strip()]
        found = {r.reference: r for r in IncidentReport.objects.filter(reference__in=refs)}
        missing = [r for r in refs if r not in found]
        if missing:
            raise forms.ValidationError(
                _("No report has the reference %(refs)s.") % {"refs": ", ".join(missing)}
            )
        return list(found.values())

    def clean_lsoa(self) -> Area | None:
        code = self.cleaned_data["lsoa"].strip().upper()
        if not code:
            return None
        area = Area.objects.lsoas().select_related("parent").filter(code=code).first()
        if area is None:
            raise forms.ValidationError(_("No LSOA has the code %(code)s.") % {"code": code})
        return area


class ReferralForm(GovukForm):
    service = forms.ChoiceField(label=_("Refer to"), choices=ReferralService.choices)
    consent_given = forms.BooleanField(
        label=_("The reporter has agreed to this referral"), required=True
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(GovukForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)


# -- Community tension monitoring ----------------------------------------------------------


class TensionLevelField(forms.TypedChoiceField):
    """The five levels, each with its wording (the template shows it as the radio's hint)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=TensionLevel.choices, coerce=int, widget=forms.RadioSelect, **kwargs
        )


class TensionReportForm(GovukForm):
    ward = WardChoiceField(label=_("Ward"), queryset=Area.objects.none(), empty_label="")
    issue = forms.ChoiceField(
        label=_("What is the main issue?"), choices=TensionIssue.choices, widget=forms.RadioSelect
    )
    level = TensionLevelField(label=_("How high is tension in the ward now?"))
    summary = forms.CharField(
        label=_("What is happening?"),
        help_text=_(
            "A few sentences: what you have seen or heard, and where. Do not name victims."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    action_taken = forms.CharField(
        label=_("What is being done about it?"),
        help_text=_("By your organisation or others, as far as you know."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")
        self.fields["ward"].empty_label = _("Choose a ward")

    @property
    def level_options(self) -> list[tuple[int, str, str]]:
        """(value, label, wording) for the template's radios."""
        return [
            (level.value, str(level.label), str(TENSION_LEVEL_WORDING[level]))
            for level in TensionLevel
        ]


class AlertResponseForm(GovukForm):
    response = forms.CharField(
        label=_("What has been done, or will be done?"),
        help_text=_("Who was contacted, what was agreed, and who follows it up."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TensionLeadForm(GovukForm):
    user = forms.ModelChoiceField(
        label=_("Officer to name as a tension lead"), queryset=Area.objects.none()
    )

    def __init__(self, *args, **kwargs):
        from commonground.core.models import User
        from commonground.core.roles import Role

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(
                is_active=True,
                groups__name__in=[Role.OFFICER.value, Role.CASEWORKER.value],
                tension_lead__isnull=True,
            )
            .distinct()
            .order_by("username")
        )
        self.fields["user"].label_from_instance = lambda user: (
            user.get_full_name() or (user.get_username())
        )


# -- Myths and facts -------------------------------------------------------------------------


def parse_sources(text: str) -> list[dict[str, str]]:
    """One source a line, "Title | address"; the address is a web address (https://…) or
    one of this site's pages (/fund/…). Raises ValidationError naming the bad line."""
    from django.core.validators import URLValidator

    sources = []
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, sep, url = line.rpartition("|")
        title, url = title.strip(), url.strip()
        if not sep or not title or not url:
            raise forms.ValidationError(
                _('Line %(n)s: write the source as "Title | address".') % {"n": number}
            )
        if url.startswith("/") and not url.startswith("//"):
            pass  # one of this site's own pages
        else:
            try:
                check(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _(
                        "Line %(n)s: %(url)s is not a web address (https://…) or a page of this "
                        "site (/…)."
                    )
                    % {"n": number, "url": url}
                ) from None
        sources.append({"title": title[:200], "url": url[:500]})
    return sources


class MythForm(GovukForm):
    slug = forms.SlugField(
        label=_("Short address name"),
        help_text=_("Lower-case words joined by hyphens, e.g. fund-fairness."),
        max_length=80,
    )
    question_en = forms.CharField(label=_("Rumour or question (English)"), max_length=300)
    question_ur = forms.CharField(
        label=_("Rumour or question (Urdu)"), max_length=300, required=False
    )
    question_pl = forms.CharField(
        label=_("Rumour or question (Polish)"), max_length=300, required=False
    )
    answer_en = forms.CharField(
        label=_("Answer (English)"),
        help_text=_("Short and plain: what is true, and how we know."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    answer_ur = forms.CharField(
        label=_("Answer (Urdu)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    answer_pl = forms.CharField(
        label=_("Answer (Polish)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    sources = forms.CharField(
        label=_("Sources"),
        help_text=_(
            'One a line: "Title | address", e.g. "Innovation Fund results | /fund/". '
            "At least one before publishing."
        ),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, myth: Myth | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.myth = myth
        for name in ("question_ur", "answer_ur"):
            self.fields[name].widget.attrs.update(lang="ur", dir="rtl")
        for name in ("question_pl", "answer_pl"):
            self.fields[name].widget.attrs["lang"] = "pl"

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        taken = Myth.objects.filter(slug=slug)
        if self.myth is not None:
            taken = taken.exclude(pk=self.myth.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another answer already uses this address name."))
        return slug

    def clean_sources(self) -> list[dict[str, str]]:
        return parse_sources(self.cleaned_data["sources"])

    @staticmethod
    def sources_text(sources: list[dict[str, str]]) -> str:
        return "\n".join(f"{s['title']} | {s['url']}" for s in sources)


class RumourQuestionForm(GovukForm):
    text = forms.CharField(
        label=_("What have you heard?"),
        help_text=_(
            "Write it in your own words and any language. Do not write your name or anyone else's."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ward = WardChoiceField(
        label=_("Which area is it about? (optional)"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("I do not know, or everywhere"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")


class HandleQuestionForm(GovukForm):
    myth = forms.ModelChoiceField(
        label=_("Answered by"),
        queryset=Myth.objects.none(),
        required=False,
        empty_label=_("Choose an answer"),
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("answered", _("Answered by the answer chosen")),
            ("set_aside", _("Set aside (not a rumour we can answer)")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["myth"].queryset = Myth.objects.filter(published_at__isnull=False)
        self.fields["myth"].label_from_instance = lambda myth: myth.question_en

    def clean(self):
        data = super().clean()
        if data.get("decision") == "answered" and not data.get("myth"):
            self.add_error("myth", _("Choose the published answer that answers this question."))
        return data

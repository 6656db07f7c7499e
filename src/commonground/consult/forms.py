"""Forms for consultations, offline evidence, the codebook and the feedback loop.

Forms only validate and say what is wrong, naming the line or file; the actions save. Dates
are entered as days (GOV.UK date pattern in one input), times are the start and end of day.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.consultstats import categories
from commonground.core.govuk_forms import pillars_in_reader_language
from commonground.core.models import Area, CommunityOfInterest, Objective, Pillar

from .actions import OptionSpec, split_notes
from .models import Activity, Comment, Consultation, Method, Theme
from .models.activity import ConsentHow

MB = 1024 * 1024
AUDIO_TYPES = {".mp3", ".m4a", ".wav", ".ogg", ".opus", ".webm"}
DOCUMENT_TYPES = {".pdf", ".docx", ".odt", ".txt", ".rtf"}
IMAGE_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
MAX_AUDIO = 100 * MB
MAX_DOCUMENT = 20 * MB
MAX_IMAGE = 10 * MB
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def check_file(file, allowed: set[str], limit: int, what: str) -> None:
    """Refuse a file of the wrong type or too large, naming the file and the rule."""
    if file is None:
        return
    suffix = PurePath(file.name).suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            _("%(name)s is not a %(what)s we accept: use one of %(types)s.")
            % {"name": file.name, "what": what, "types": ", ".join(sorted(allowed))}
        )
    if file.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; the limit for a %(what)s is %(limit)s MB.")
            % {
                "name": file.name,
                "size": round(file.size / MB, 1),
                "what": what,
                "limit": limit // MB,
            }
        )


def parse_options(text: str) -> list[OptionSpec]:
    """Options one a line, translations after bars: "Employment | روزگار | Zatrudnienie"."""
    options = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            raise ValidationError(
                _("Line %(n)s: the English label comes first, before any bar.") % {"n": number}
            )
        if len(parts) > 1 + len(OTHER_LANGUAGES):
            raise ValidationError(
                _("Line %(n)s has more labels than languages (%(langs)s).")
                % {"n": number, "langs": ", ".join(["en", *OTHER_LANGUAGES])}
            )
        if len(parts[0]) > 200:
            raise ValidationError(
                _("Line %(n)s: a label may be at most 200 characters.") % {"n": number}
            )
        options.append(OptionSpec(parts[0], dict(zip(OTHER_LANGUAGES, parts[1:], strict=False))))
    labels = [o.label.casefold() for o in options]
    repeated = sorted({o.label for o in options if labels.count(o.label.casefold()) > 1})
    if repeated:
        raise ValidationError(
            _("Each option once only: %(l)s repeated.") % {"l": ", ".join(repeated)}
        )
    return options


def options_text(consultation: Consultation) -> str:
    lines = []
    for option in consultation.options.all():
        labels = [option.label] + [option.label_translations.get(c, "") for c in OTHER_LANGUAGES]
        while len(labels) > 1 and not labels[-1]:
            labels.pop()
        lines.append(" | ".join(labels))
    return "\n".join(lines)


def _area_name(area: Area) -> str:
    return area.name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ConsultationForm(forms.ModelForm):
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(
        label=_("Closes on"), widget=DateInput, help_text=_("It closes at the end of this day.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages it runs in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    options_text = forms.CharField(
        label=_("Options people prioritise"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One a line. Put the Urdu and Polish labels after bars: "
            "Employment | روزگار | Zatrudnienie"
        ),
    )

    class Meta:
        model = Consultation
        fields = [
            "title",
            "slug",
            "purpose",
            "pillars",
            "objectives",
            "areas",
            "communities",
            "method_notes",
        ]
        widgets = {
            "pillars": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            "communities": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "method_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"slug": _("The end of its web address: lower-case letters, numbers, dashes.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillars"].queryset = Pillar.objects.filter(strategy__is_current=True)
        pillars_in_reader_language(self)
        self.fields["objectives"].queryset = Objective.objects.filter(
            pillar__strategy__is_current=True
        ).select_related("pillar")
        self.fields["objectives"].label_from_instance = lambda o: (
            f"{o.pillar.in_reader_language('name')} {o.number}: {o.text[:90]}"
        )
        self.fields["areas"].queryset = Area.objects.wards().order_by("name")
        self.fields["areas"].label = _("Wards it targets")
        self.fields["areas"].label_from_instance = _area_name
        self.fields["communities"].queryset = CommunityOfInterest.objects.all()
        if self.instance.pk:
            self.initial.setdefault("opens_on", timezone.localtime(self.instance.opens_at).date())
            self.initial.setdefault("closes_on", timezone.localtime(self.instance.closes_at).date())
            self.initial.setdefault("languages", self.instance.languages)
            self.initial.setdefault("options_text", options_text(self.instance))
        else:
            self.initial.setdefault("languages", [code for code, _n in settings.LANGUAGES])

    def clean_options_text(self) -> list[OptionSpec]:
        options = parse_options(self.cleaned_data["options_text"])
        if not options:
            raise ValidationError(_("Give at least one option to prioritise."))
        return options

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must be on or after the opening date."))
        return data

    def action_kwargs(self) -> dict:
        """What the create/update actions take, from the cleaned data."""
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return {
            "title": data["title"],
            "slug": data["slug"],
            "purpose": data["purpose"],
            "method_notes": data.get("method_notes", ""),
            "languages": list(data["languages"]),
            "opens_at": datetime.combine(data["opens_on"], time.min, tzinfo=zone),
            "closes_at": datetime.combine(data["closes_on"], time.max, tzinfo=zone),
            "pillars": data["pillars"],
            "objectives": data["objectives"],
            "areas": data["areas"],
            "communities": data["communities"],
            "options": data["options_text"],
        }


# ================================================================ offline evidence

WHO_LABELS = {
    "age_band": _("Age band"),
    "sex": _("Sex"),
    "ethnicity": _("Ethnic group"),
}


class ActivityForm(forms.ModelForm):
    """One offline conversation. Which fields show depends on the method (see FIELDS)."""

    comments_text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    image = forms.FileField(
        label=_("A photo or image (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB."),
    )
    document = forms.FileField(
        label=_("A document (optional)"),
        required=False,
        help_text=_("PDF, Word, OpenDocument or text, up to 20 MB."),
    )

    FIELDS = {
        Method.BOARD_TABLE: ["title", "held_on", "venue", "ward", "community", "language",
                             "participants", "consent_how", "consent_text", "notes"],
        Method.FOCUS_GROUP: ["title", "held_on", "venue", "ward", "community", "language",
                             "participants", "consent_how", "consent_text", "notes",
                             "transcript", "audio"],
        Method.INTERVIEW: ["title", "held_on", "venue", "ward", "community", "language",
                           "consent_how", "consent_text", "notes", "transcript", "audio"],
        Method.VOX_POP: ["title", "held_on", "venue", "ward", "community", "language",
                         "participants", "consent_how", "consent_text", "notes", "audio"],
        Method.COMMISSION: ["title", "held_on", "ward", "community", "language", "participants",
                            "consent_how", "consent_text", "notes"],
    }  # fmt: skip
    COMMENTS_LABEL = {
        Method.BOARD_TABLE: _("Sticky notes, one a line"),
        Method.FOCUS_GROUP: _("Points and quotes heard, one a line"),
        Method.INTERVIEW: _("Quotes from the interview, one a line"),
        Method.VOX_POP: _("What each person said, one a line"),
        Method.COMMISSION: _("The submission's text"),
    }

    class Meta:
        model = Activity
        fields = [
            "title",
            "held_on",
            "venue",
            "ward",
            "community",
            "language",
            "participants",
            "consent_how",
            "consent_text",
            "notes",
            "transcript",
            "audio",
        ]
        widgets = {
            "held_on": DateInput,
            "language": forms.Select(choices=settings.LANGUAGES),
            "consent_how": forms.RadioSelect,
            "consent_text": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "transcript": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, consultation: Consultation, method: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.method = method
        keep = set(self.FIELDS[method]) | {"comments_text"}
        for name in list(self.fields):
            if name not in keep and name not in ("image", "document"):
                del self.fields[name]
        if method not in (Method.COMMISSION, Method.BOARD_TABLE):
            del self.fields["image"]
        if method != Method.COMMISSION:
            del self.fields["document"]
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")
        self.fields["ward"].label_from_instance = _area_name
        self.fields["language"] = forms.ChoiceField(
            label=_("Language it was held in"),
            choices=[(c, n) for c, n in settings.LANGUAGES] + [("other", _("Another language"))],
            initial=(consultation.languages or ["en"])[0],
        )
        self.fields["comments_text"].label = self.COMMENTS_LABEL[method]
        self.fields["comments_text"].help_text = (
            _("Each becomes an item in the evidence base. Leave out names and contact details.")
            if method != Method.COMMISSION
            else _("What was submitted, as written.")
        )
        self.fields["consent_how"].choices = ConsentHow.choices  # no blank radio
        if "participants" in self.fields:
            self.fields["participants"].initial = None
            self.fields["participants"].min_value = 1
            self.fields["participants"].widget.attrs["min"] = 1
            self.fields["participants"].validators.append(_at_least_one)
        if "audio" in self.fields:
            self.fields["audio"].help_text = _("MP3, M4A, WAV, OGG or WebM, up to 100 MB.")
        self.option_fields: list[str] = []
        if method == Method.BOARD_TABLE:
            for option in consultation.options.all():
                name = f"option_{option.pk}"
                self.fields[name] = forms.IntegerField(
                    label=option.label_in(),
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                self.option_fields.append(name)
        self.who_fields: dict[str, list[str]] = {}
        if method in (Method.BOARD_TABLE, Method.FOCUS_GROUP, Method.VOX_POP):
            for dimension in ("age_band", "sex", "ethnicity"):
                names = []
                for category in categories.ABOUT_YOU[dimension]:
                    name = f"who_{dimension}_{category.code}"
                    self.fields[name] = forms.IntegerField(
                        label=_(category.label), min_value=0, required=False
                    )
                    names.append(name)
                self.who_fields[dimension] = names

    def main_fields(self) -> list:
        return [self[name] for name in self.FIELDS[self.method] if name in self.fields]

    def tally_fields(self) -> list:
        return [self[name] for name in self.option_fields]

    def who_groups(self) -> list[tuple[str, list]]:
        return [
            (WHO_LABELS[dimension], [self[name] for name in names])
            for dimension, names in self.who_fields.items()
        ]

    def clean_audio(self):
        file = self.cleaned_data.get("audio")
        if file and hasattr(file, "size"):
            check_file(file, AUDIO_TYPES, MAX_AUDIO, _("recording"))
        return file

    def clean_image(self):
        file = self.cleaned_data.get("image")
        check_file(file, IMAGE_TYPES, MAX_IMAGE, _("image"))
        if file:
            from PIL import Image, UnidentifiedImageError

            try:
                Image.open(file).verify()
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
                raise ValidationError(
                    _("%(name)s could not be read as an image.") % {"name": file.name}
                ) from None
            file.seek(0)
        return file

    def clean_document(self):
        file = self.cleaned_data.get("document")
        check_file(file, DOCUMENT_TYPES, MAX_DOCUMENT, _("document"))
        return file

    def clean(self):
        data = super().clean()
        participants = data.get("participants")
        for dimension, names in self.who_fields.items():
            total = sum(data.get(n) or 0 for n in names)
            if participants and total > participants:
                self.add_error(
                    names[0],
                    _("%(what)s adds up to %(total)s people, more than the %(n)s who took part.")
                    % {"what": WHO_LABELS[dimension], "total": total, "n": participants},
                )
        text = data.get("comments_text", "")
        if (
            self.method == Method.COMMISSION
            and not text.strip()
            and not (data.get("image") or data.get("document"))
        ):
            self.add_error(
                "comments_text", _("A submission needs its text, an image or a document.")
            )
        return data

    def tallies(self) -> dict[int, int]:
        return {
            int(name.removeprefix("option_")): self.cleaned_data.get(name) or 0
            for name in self.option_fields
        }

    def who_took_part(self) -> dict[str, dict[str, int]]:
        result = {}
        for dimension, names in self.who_fields.items():
            counts = {
                name.removeprefix(f"who_{dimension}_"): self.cleaned_data.get(name)
                for name in names
                if self.cleaned_data.get(name)
            }
            if counts:
                result[dimension] = counts
        return result

    def comments(self) -> list[str]:
        text = self.cleaned_data.get("comments_text", "")
        if self.method == Method.COMMISSION:
            return [text.strip()] if text.strip() else []
        return split_notes(text)

    def attachments(self) -> list[tuple[str, object, str]]:
        files = []
        if self.cleaned_data.get("image"):
            files.append(("image", self.cleaned_data["image"], ""))
        if self.cleaned_data.get("document"):
            files.append(("document", self.cleaned_data["document"], ""))
        return files

    def action_kwargs(self) -> dict:
        fields = {
            name: self.cleaned_data[name]
            for name in self.FIELDS[self.method]
            if name in self.cleaned_data and name != "audio"
        }
        if self.cleaned_data.get("audio"):
            fields["audio"] = self.cleaned_data["audio"]
        if self.method == Method.INTERVIEW:
            fields["participants"] = 1
        return {
            **fields,
            "who_took_part": self.who_took_part(),
            "tallies": self.tallies(),
            "comments": self.comments(),
            "attachments": self.attachments(),
        }


class ActivityEditForm(ActivityForm):
    """Correct an activity already entered: every field, its dots, who took part, and the text
    of each of its notes (new notes are added on the activity's page). A new photo or document
    is added beside those already kept.

    The server keeps only the fields the activity's method uses (as when entering it)."""

    def __init__(self, *args, instance: Activity, **kwargs):
        super().__init__(
            *args,
            instance=instance,
            consultation=instance.consultation,
            method=instance.method,
            **kwargs,
        )
        del self.fields["comments_text"]
        self.fields["meaning_changed"] = forms.BooleanField(
            label=_("The meaning of a note I changed is different now"),
            required=False,
            help_text=_(
                "Leave unticked for a spelling or typing fix: the note keeps its themes. Tick "
                "it when what the note says has changed: its themes are cleared so it is coded "
                "again."
            ),
        )
        self.fields["language"].initial = instance.language
        if "participants" in self.fields:
            self.fields["participants"].initial = instance.participants
        for tally in instance.tallies.all():
            self.initial[f"option_{tally.option_id}"] = tally.votes
        for dimension, counts in (instance.who_took_part or {}).items():
            for code, count in counts.items():
                self.initial[f"who_{dimension}_{code}"] = count
        self.note_fields: list[str] = []
        self.note_comments = {c.pk: c for c in Comment.objects.filter(activity=instance)}
        for number, comment in enumerate(self.note_comments.values(), start=1):
            name = f"note_{comment.pk}"
            self.fields[name] = forms.CharField(
                label=_("Note %(n)s") % {"n": number},
                initial=comment.text,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _(
                        "A note cannot be left empty. To take a whole session out of the "
                        "evidence, withdraw it."
                    )
                },
            )
            self.note_fields.append(name)

    def note_list(self) -> list:
        return [self[name] for name in self.note_fields]

    def clean(self):
        data = forms.ModelForm.clean(self)
        participants = data.get("participants")
        for dimension, names in self.who_fields.items():
            total = sum(data.get(n) or 0 for n in names)
            if participants and total > participants:
                self.add_error(
                    names[0],
                    _("%(what)s adds up to %(total)s people, more than the %(n)s who took part.")
                    % {"what": WHO_LABELS[dimension], "total": total, "n": participants},
                )
        return data

    def comment_texts(self) -> dict[int, str]:
        return {
            int(name.removeprefix("note_")): self.cleaned_data[name] for name in self.note_fields
        }

    def action_kwargs(self) -> dict:
        kwargs = super().action_kwargs()
        kwargs.pop("comments")
        return {
            **kwargs,
            "comment_texts": self.comment_texts(),
            "meaning_changed": self.cleaned_data.get("meaning_changed", False),
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this session being withdrawn?"),
        help_text=_(
            "For example, “entered twice” or “consent was not given”. Officers and the audit "
            "trail see this."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it being reinstated? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


def _at_least_one(value: int) -> None:
    if value is not None and value < 1:
        raise ValidationError(_("At least one person must have taken part."))


class MoreNotesForm(forms.Form):
    comments_text = forms.CharField(
        label=_("More notes, one a line"), widget=forms.Textarea(attrs={"rows": 6})
    )


# ================================================================ evidence and codebook


class EvidenceFilterForm(forms.Form):
    """The evidence base's search and filters; every field optional."""

    q = forms.CharField(label=_("Search the text"), required=False)
    method = forms.MultipleChoiceField(
        label=_("Method"),
        choices=Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ward = forms.ModelChoiceField(label=_("Ward"), queryset=Area.objects.none(), required=False)
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=CommunityOfInterest.objects.all(), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Any")), *settings.LANGUAGES, ("other", _("Another language"))],
        required=False,
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")
        self.fields["ward"].label_from_instance = _area_name
        self.fields["theme"].queryset = consultation.themes.active()

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q", ""),
            "methods": data.get("method") or [],
            "ward": data.get("ward"),
            "community": data.get("community"),
            "since": data.get("since"),
            "until": data.get("until"),
            "theme": data.get("theme"),
            "language": data.get("language", ""),
        }


class ThemeForm(forms.Form):
    label = forms.CharField(label=_("Theme name"), max_length=120)
    description = forms.CharField(
        label=_("What it covers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Merge this theme"), queryset=Theme.objects.none())
    target = forms.ModelChoiceField(label=_("into this one"), queryset=Theme.objects.none())

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        active = consultation.themes.active()
        self.fields["source"].queryset = active
        self.fields["target"].queryset = active

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            self.add_error("target", _("Choose two different themes."))
        return data


class YouSaidWeDidForm(forms.Form):
    you_said = forms.CharField(
        label=_("You said"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    we_did = forms.CharField(
        label=_("We did"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    link = forms.URLField(label=_("Link to more (optional)"), required=False, assume_scheme="https")

"""The officer's survey builder forms: the survey, its pages and its questions.

Every text has a box per language the platform speaks besides the district's own (Urdu and
Polish for Bradford), named ``<field>_<code>``; a choice list is one choice per line, its
translations after a bar: ``Employment | روزگار | Zatrudnienie``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from commonground.consult.forms_survey import about_you
from commonground.consult.models import (
    ConditionOperator,
    Consultation,
    Question,
    QuestionKind,
    Survey,
    SurveyPage,
)
from commonground.consult.models.survey import CHOICE_KINDS


def other_languages() -> list[str]:
    """The languages a survey's texts are translated into (all but the district's own)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def govuk_classes(form: forms.Form) -> forms.Form:
    """Give each widget Django draws the GOV.UK class for its kind (errors included)."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "govuk-checkboxes__input"
        elif isinstance(widget, forms.Textarea):
            css = "govuk-textarea"
        elif isinstance(widget, forms.Select):
            css = "govuk-select"
        else:
            css = "govuk-input"
        if form.is_bound and name in form.errors and css != "govuk-checkboxes__input":
            css += f" {css}--error"
        widget.attrs["class"] = css
    return form


def language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


class TranslatedForm(forms.ModelForm):
    """A model form that adds a box per other language for each of `translated` fields."""

    translated: dict[str, str] = {}  # model text field → its translations JSON field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field_name, json_name in self.translated.items():
            base = self.fields[field_name]
            stored = getattr(self.instance, json_name) or {}
            for code in other_languages():
                name = f"{field_name}_{code}"
                self.fields[name] = forms.CharField(
                    label=_("%(field)s in %(language)s")
                    % {"field": base.label, "language": language_name(code)},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3, "lang": code, "dir": "auto"})
                    if isinstance(base.widget, forms.Textarea)
                    else forms.TextInput(attrs={"lang": code, "dir": "auto"}),
                    initial=stored.get(code, ""),
                )

    def translations(self) -> dict[str, dict[str, str]]:
        """{json field: {language: text}} from the cleaned data, empty ones dropped."""
        result = {}
        for field_name, json_name in self.translated.items():
            result[json_name] = {
                code: self.cleaned_data[f"{field_name}_{code}"].strip()
                for code in other_languages()
                if self.cleaned_data.get(f"{field_name}_{code}", "").strip()
            }
        return result

    def changes(self) -> dict[str, Any]:
        """The model's fields and translations as one dict, for the builder actions."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data.update(self.translations())
        return data


class SurveyForm(TranslatedForm):
    translated = {
        "title": "title_translations",
        "intro": "intro_translations",
        "consent_text": "consent_translations",
    }

    class Meta:
        model = Survey
        fields = ["title", "intro", "consent_text", "consent_version"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}


class PageForm(TranslatedForm):
    translated = {"title": "title_translations"}

    class Meta:
        model = SurveyPage
        fields = ["title"]


class ChoicesField(forms.CharField):
    """One choice per line; after a bar, its translations in the other languages' order."""

    widget = forms.Textarea(attrs={"rows": 6, "dir": "auto"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                " | ".join([c["label"], *[c.get(code, "") for code in other_languages()]]).rstrip(
                    " |"
                )
                for c in value
            )
        return value

    def to_python(self, value) -> list[dict[str, str]]:
        choices = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                raise forms.ValidationError(
                    _("Line %(line)s has no English text before the first bar") % {"line": number}
                )
            choice = {"label": parts[0]}
            for code, text in zip(other_languages(), parts[1:], strict=False):
                if text:
                    choice[code] = text
            choices.append(choice)
        labels = [c["label"].casefold() for c in choices]
        if len(set(labels)) != len(labels):
            raise forms.ValidationError(_("Each choice must be different"))
        return choices


def keep_values(old: Sequence[dict[str, Any]], new: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Give each new choice a stable value: its old one when the English label is unchanged.

    Answers and conditions refer to values, so renaming a choice must not orphan them: a
    choice whose label is unchanged keeps its value, others get a fresh one.
    """
    by_label = {c["label"].casefold(): str(c["value"]) for c in old}
    used = {str(c["value"]) for c in old}
    counter = len(old)
    result = []
    for choice in new:
        value = by_label.get(choice["label"].casefold())
        if value is None:
            counter += 1
            while f"c{counter}" in used:
                counter += 1
            value = f"c{counter}"
            used.add(value)
        result.append({"value": value, **choice})
    return result


# The answer settings only some kinds of question use; the rest (wording, hint, required,
# condition) apply to every kind. The server ignores a field the chosen kind does not use,
# and the builder page hides it with a small script (without JavaScript, each shows a hint
# naming the kinds that use it).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "choices_text": tuple(sorted(CHOICE_KINDS)),
    "uses_priority_options": tuple(sorted(CHOICE_KINDS)),
    "max_ranked": (QuestionKind.RANKING,),
    "about_you_key": (QuestionKind.ABOUT_YOU,),
    "min_value": (QuestionKind.NUMBER,),
    "max_value": (QuestionKind.NUMBER,),
}
IGNORED_VALUE: dict[str, Any] = {
    "choices_text": [],
    "uses_priority_options": False,
    "max_ranked": None,
    "about_you_key": "",
    "min_value": None,
    "max_value": None,
}


class QuestionForm(TranslatedForm):
    translated = {"text": "text_translations", "help_text": "help_translations"}

    choices_text = ChoicesField(
        label=_("Choices"),
        required=False,
        help_text=_(
            "One per line. After a bar, the choice in the other languages, e.g. "
            "“Employment | روزگار | Zatrudnienie”. Not needed for the agreement scale "
            "(strongly agree … strongly disagree) or about-you questions."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text",
            "help_text",
            "required",
            "uses_priority_options",
            "max_ranked",
            "about_you_key",
            "min_value",
            "max_value",
            "condition_question",
            "condition_operator",
            "condition_value",
        ]
        labels = {
            "min_value": _("Smallest number allowed"),
            "max_value": _("Largest number allowed"),
            "condition_operator": _("Condition"),
            "condition_value": _("Answer (its choice code, or the text)"),
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, page: SurveyPage, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.consultation = consultation
        self.fields["text"].required = False
        self.fields["text"].help_text = _("Leave empty for an about-you question's census wording.")
        self.fields["about_you_key"] = forms.ChoiceField(
            label=_("About you: which question"),
            choices=[("", _("Not an about-you question")), *about_you.key_choices()],
            required=False,
        )
        self.fields["condition_operator"].choices = ConditionOperator.choices
        earlier = (
            Question.objects.filter(survey_id=page.survey_id, page__order__lt=page.order)
            .select_related("page")
            .order_by("page__order", "order", "pk")
        )
        self.fields["condition_question"].queryset = earlier
        self.fields["condition_question"].required = False
        self.fields["condition_question"].help_text = _(
            "Only questions on earlier pages: the next page then shows or skips this one."
        )
        self.fields["condition_question"].label_from_instance = lambda q: q.text[:80]
        self.fields["choices_text"].initial = self.instance.choices if self.instance.pk else []
        labels = dict(QuestionKind.choices)
        for name, kinds in KIND_FIELDS.items():
            field = self.fields[name]
            used_by = _("Used only for: %(kinds)s.") % {
                "kinds": ", ".join(str(labels[k]) for k in kinds)
            }
            field.help_text = f"{field.help_text} {used_by}" if field.help_text else used_by

    def kind_field_kinds(self) -> dict[str, str]:
        """Field name → the kinds that use it, space-separated (the page's data-kinds)."""
        return {name: " ".join(kinds) for name, kinds in KIND_FIELDS.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        for name, kinds in KIND_FIELDS.items():
            if kind and kind not in kinds:
                # Not this kind's: whatever was typed (even something invalid) is ignored.
                self._errors.pop(name, None)
                data[name] = IGNORED_VALUE[name]
        choices = data.get("choices_text") or []
        if kind in CHOICE_KINDS and not data.get("uses_priority_options") and not choices:
            self.add_error(
                "choices_text",
                _("Enter the choices, one per line, or offer the consultation's priority options"),
            )
        if data.get("uses_priority_options"):
            if kind not in CHOICE_KINDS:
                self.add_error(
                    "uses_priority_options",
                    _("Only single choice, multiple choice and ranking questions can offer them"),
                )
            elif not self.consultation.options.exists():
                self.add_error(
                    "uses_priority_options", _("This consultation has no priority options yet")
                )
        if kind == QuestionKind.ABOUT_YOU and not data.get("about_you_key"):
            self.add_error("about_you_key", _("Choose which about-you question to ask"))
        if kind != QuestionKind.ABOUT_YOU and not (data.get("text") or "").strip():
            self.add_error("text", _("Enter the question"))
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("The largest number must not be below the smallest"))
        if data.get("condition_question") and not (data.get("condition_value") or "").strip():
            self.add_error("condition_value", _("Enter the answer that shows this question"))
        return data

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        choices = data.pop("choices_text", None)
        if choices is None:
            choices = self.cleaned_data.get("choices_text") or []
        data["choices"] = keep_values(self.instance.choices or [], choices)
        if data["kind"] != QuestionKind.ABOUT_YOU:
            data["about_you_key"] = ""
        return data


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])

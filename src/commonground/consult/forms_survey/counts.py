"""A group's answers typed as counts: one whole-number box per answer of each countable
question (single choice, agreement scale), in the reader's language.

The form checks only what a box can hold (a whole number, 0 or more; Eastern Arabic digits
read as digits); whether the counts fit the survey is the action's rule
(:func:`commonground.consult.actions.record_answer_counts`), and its refusal is shown beside
the question it names.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonground.consult.actions.survey_counts import COUNTABLE
from commonground.consult.forms_survey.resident import ascii_digits, question_choices
from commonground.consult.models import CountGroup
from commonground.consult.models.survey import fallback_attrs, is_fallback

_WHOLE = re.compile(r"^[0-9]{1,7}$")


class CountField(forms.CharField):
    """How many chose one answer: a whole number, 0 or more."""

    default_error_messages = {
        "required": gettext_lazy("Enter how many chose this answer (0 if nobody did)."),
        "invalid": gettext_lazy("Enter a whole number, 0 or more."),
    }

    def to_python(self, value: Any) -> Any:
        text = ascii_digits(super().to_python(value) or "").strip()
        if not text:
            return None
        if not _WHOLE.match(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


def field_name(question_id: int, value: str) -> str:
    return f"q{question_id}-{value}"


class CountsForm(forms.Form):
    """Every countable question of the group's survey, a box per answer, prefilled with the
    counts entered last (``group.counts()``)."""

    def __init__(self, group: CountGroup, *, language: str, data=None):
        super().__init__(data=data)
        self.group = group
        self.language = language
        survey = group.survey
        options = list(survey.consultation.options.all())
        entered = group.counts()
        self.questions = []
        for question in survey.questions_in_order():
            if question.kind not in COUNTABLE:
                continue
            names = []
            for value, label in question_choices(question, options, language):
                name = field_name(question.pk, value)
                self.fields[name] = CountField(
                    label=label, initial=entered.get(question.pk, {}).get(value)
                )
                names.append(name)
            self.questions.append((question, names))

    def counts(self) -> dict[int, dict[str, int]]:
        """{question id: {answer value: count}} from the cleaned boxes."""
        out: dict[int, dict[str, int]] = {}
        for question, names in self.questions:
            prefix = f"q{question.pk}-"
            out[question.pk] = {
                name.removeprefix(prefix): self.cleaned_data[name] for name in names
            }
        return out

    def refuse(self, error: ValidationError) -> None:
        """Put the action's refusal beside the question it names (``question_<id>``)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.message_dict.items():
            question_id = key.removeprefix("question_")
            target = next(
                (
                    names[0]
                    for question, names in self.questions
                    if str(question.pk) == question_id and names
                ),
                None,
            )
            self.add_error(target, errors)

    def items(self) -> list[dict[str, Any]]:
        """For the template: each question's wording and its boxes, with errors."""
        out = []
        for number, (question, names) in enumerate(self.questions, start=1):
            text = question.text_in(self.language)
            fields = [self[name] for name in names]
            out.append(
                {
                    "number": number,
                    "anchor": f"question-{question.pk}",
                    "text": text,
                    "text_attrs": fallback_attrs(
                        is_fallback(question.text, question.text_translations, self.language)
                    ),
                    "fields": fields,
                    "errors": [e for f in fields for e in f.errors],
                }
            )
        return out

    def problems(self) -> list[dict[str, str]]:
        """The GOV.UK error summary: "question n, answer: what is wrong", linked to the box."""
        problems = [{"href": "", "text": str(e)} for e in self.non_field_errors()]
        for item in self.items():
            for field in item["fields"]:
                for error in field.errors:
                    problems.append(
                        {
                            "href": f"#{field.auto_id}",
                            "text": _("Question %(n)s, %(answer)s: %(error)s")
                            % {"n": item["number"], "answer": field.label, "error": error},
                        }
                    )
        return problems

"""What a resident (or an officer keying a paper form) types, checked question by question.

One form per survey page, built from its questions. Each question is one field named
``q<id>``; the page templates draw them with the GOV.UK components (radios, checkboxes,
date input, a select per option for rankings, so ranking works without JavaScript and with
a screen reader). Error messages say what is wrong in the words of the GOV.UK patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonground.consult.forms_survey import about_you
from commonground.consult.models import PriorityOption, Question, QuestionKind
from commonground.consult.models.survey import fallback_attrs, is_fallback, translated

MAX_TEXT = 5000

# The default agreement scale, most to least; values are stable codes (5 = strongly agree).
LIKERT_SCALE = [
    ("5", gettext_lazy("Strongly agree")),
    ("4", gettext_lazy("Agree")),
    ("3", gettext_lazy("Neither agree nor disagree")),
    ("2", gettext_lazy("Disagree")),
    ("1", gettext_lazy("Strongly disagree")),
]

# Urdu and Arabic keyboards type Eastern Arabic digits; numbers, dates and postcodes accept them.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# The UK postcode format (BS 7666), after spaces are removed and letters upper-cased.
POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def normalise_postcode(raw: str) -> str | None:
    """ "bd1 1hy" → "BD1 1HY"; None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", ascii_digits(raw or "")).upper()
    if not POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def question_choices(
    question: Question, options: Sequence[PriorityOption], language: str | None = None
) -> list[tuple[str, str]]:
    """(value, label in `language`) of a choice, ranking, scale or about-you question."""
    if question.kind == QuestionKind.ABOUT_YOU:
        return about_you.choices(question.about_you_key)
    if question.uses_priority_options:
        return [(str(option.pk), option.label_in(language)) for option in options]
    if question.kind == QuestionKind.LIKERT and not question.choices:
        return [(value, str(label)) for value, label in LIKERT_SCALE]
    return [
        (str(choice["value"]), translated(choice["label"], choice, language))
        for choice in question.choices
    ]


# -- fields ----------------------------------------------------------------------------------


class RankingWidget(forms.Widget):
    """One "rank" select per option: posted as ``<name>-<option value>`` = rank number."""

    def __init__(self, values: Iterable[str]):
        super().__init__()
        self.values = list(values)

    def value_from_datadict(self, data, files, name) -> dict[str, str]:
        return {v: (data.get(f"{name}-{v}") or "").strip() for v in self.values}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}-{v}" in data for v in self.values)


class RankingField(forms.Field):
    """Ranks 1, 2, 3… given to options, each rank once, none skipped → option values in order."""

    def __init__(self, *, values: Sequence[str], max_ranked: int, **kwargs):
        self.values = list(values)
        self.max_ranked = max_ranked
        super().__init__(widget=RankingWidget(values), **kwargs)

    def to_python(self, value: Mapping[str, str] | None) -> list[str]:
        if not value:
            return []
        ranks: dict[int, str] = {}
        for option, raw in value.items():
            if not raw:
                continue
            try:
                rank = int(ascii_digits(raw))
            except ValueError:
                raise ValidationError(_("Choose a rank from the list")) from None
            if not 1 <= rank <= self.max_ranked:
                raise ValidationError(_("Ranks go from 1 to %(most)s") % {"most": self.max_ranked})
            if rank in ranks:
                raise ValidationError(
                    _("You gave rank %(rank)s to more than one option: give each rank once")
                    % {"rank": rank}
                )
            ranks[rank] = option
        if ranks and sorted(ranks) != list(range(1, len(ranks) + 1)):
            raise ValidationError(_("Start at rank 1 and do not skip a number"))
        return [ranks[r] for r in sorted(ranks)]

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(_("Rank at least one option"), code="required")


class DateWidget(forms.Widget):
    """The GOV.UK date input: day, month and year as three boxes."""

    def value_from_datadict(self, data, files, name) -> tuple[str, str, str]:
        return tuple(
            ascii_digits((data.get(f"{name}-{part}") or "").strip())
            for part in ("day", "month", "year")
        )

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}-{part}" in data for part in ("day", "month", "year"))


class GovukDateField(forms.Field):
    widget = DateWidget

    def to_python(self, value) -> date | None:
        if not value or not any(value):
            return None
        if isinstance(value, date):
            return value
        day, month, year = value
        missing = [
            label
            for label, part in ((_("a day"), day), (_("a month"), month), (_("a year"), year))
            if not part
        ]
        if missing:
            raise ValidationError(
                _("The date must include %(parts)s") % {"parts": _(" and ").join(missing)}
            )
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(_("Enter a real date, for example 27 3 2025")) from None

    def validate(self, value) -> None:
        if self.required and value is None:
            raise ValidationError(_("Enter a date"), code="required")


class PostcodeField(forms.CharField):
    def to_python(self, value) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        postcode = normalise_postcode(text)
        if postcode is None:
            raise ValidationError(_("Enter a full UK postcode, like BD1 1HY"))
        return postcode


class LocalDecimalField(forms.DecimalField):
    """A number typed in any script (Eastern Arabic digits too), with a range in plain words."""

    def __init__(self, *, low: Decimal | None, high: Decimal | None, **kwargs):
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def to_python(self, value):
        text = ascii_digits(str(value or "")).strip().replace(" ", "")
        whole, comma, tail = text.partition(",")
        if comma and "." not in text and "," not in tail and len(tail) != 3:
            text = f"{whole}.{tail}"  # a decimal comma, as Polish writes 1,5
        else:
            text = text.replace(",", "")  # thousands separators, as in 1,200
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Enter a number, like 3")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number, like 3"))
        return number

    def validate(self, value) -> None:
        if self.required and value is None:
            raise ValidationError(_("Enter a number"), code="required")
        if value is None:
            return
        if self.low is not None and self.high is not None and not self.low <= value <= self.high:
            raise ValidationError(
                _("Enter a number between %(low)s and %(high)s")
                % {"low": _plain(self.low), "high": _plain(self.high)}
            )
        if self.low is not None and value < self.low:
            raise ValidationError(
                _("Enter a number of %(low)s or more") % {"low": _plain(self.low)}
            )
        if self.high is not None and value > self.high:
            raise ValidationError(
                _("Enter a number of %(high)s or less") % {"high": _plain(self.high)}
            )

    def run_validators(self, value) -> None:
        return None


def _plain(number: Decimal) -> str:
    places = 0 if number == number.to_integral_value() else 2
    return number_format(number, places, use_l10n=True)


# -- the page form ---------------------------------------------------------------------------


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def make_field(
    question: Question,
    options: Sequence[PriorityOption],
    language: str | None,
    *,
    enforce_required: bool = True,
) -> forms.Field:
    """The form field that asks `question`, with GOV.UK error messages."""
    required = question.required and enforce_required
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.ABOUT_YOU):
        return forms.ChoiceField(
            choices=question_choices(question, options, language),
            required=required,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Select an answer"),
                "invalid_choice": _("Select one of the answers shown"),
            },
        )
    if kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=question_choices(question, options, language),
            required=required,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Select at least one answer"),
                "invalid_choice": _("Select only the answers shown"),
            },
        )
    if kind == QuestionKind.RANKING:
        values = [value for value, _label in question_choices(question, options, language)]
        most = min(question.max_ranked or len(values), len(values)) or 1
        return RankingField(values=values, max_ranked=most, required=required)
    if kind == QuestionKind.NUMBER:
        return LocalDecimalField(
            low=question.min_value,
            high=question.max_value,
            required=required,
            widget=forms.TextInput,
        )
    if kind == QuestionKind.DATE:
        return GovukDateField(required=required)
    if kind == QuestionKind.POSTCODE:
        return PostcodeField(
            required=required,
            max_length=10,
            error_messages={
                "required": _("Enter your postcode"),
                "max_length": _("Enter a full UK postcode, like BD1 1HY"),
            },
        )
    return forms.CharField(
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={
            "required": _("Enter your answer"),
            "max_length": _("Your answer must be %(most)s characters or fewer")
            % {"most": number_format(MAX_TEXT, force_grouping=True)},
        },
    )


def to_stored(question: Question, value: Any) -> Any:
    """The cleaned value as stored in Answer.value (JSON); None means "no answer"."""
    if value in (None, "", [], ()):
        return None
    if question.kind == QuestionKind.NUMBER:
        return int(value) if value == value.to_integral_value() else float(value)
    if question.kind == QuestionKind.DATE:
        return value.isoformat()
    if question.kind == QuestionKind.TEXT:
        return value.strip() or None
    return value


def to_initial(question: Question, stored: Any) -> Any:
    """A stored answer as the field's initial value, so a page shows what was saved."""
    if stored is None:
        return None
    if question.kind == QuestionKind.DATE:
        try:
            return date.fromisoformat(stored)
        except (TypeError, ValueError):
            return None
    if question.kind == QuestionKind.RANKING:
        return {value: str(rank) for rank, value in enumerate(stored, start=1)}
    return stored


class SurveyPageForm(forms.Form):
    """The questions shown on one page (those whose condition holds), one field each."""

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        options: Sequence[PriorityOption],
        language: str | None,
        saved: Mapping[int, Any] | None = None,
        enforce_required: bool = True,
        data: Mapping[str, Any] | None = None,
    ):
        saved = saved or {}
        super().__init__(data=data)
        self.questions = list(questions)
        self.language = language
        self.options = options
        self.choices_by_question: dict[int, list[tuple[str, str]]] = {}
        for question in self.questions:
            field = make_field(question, options, language, enforce_required=enforce_required)
            field.label = question.text_in(language)
            field.initial = to_initial(question, saved.get(question.pk))
            self.fields[field_name(question)] = field
            if hasattr(field, "choices") or isinstance(field, RankingField):
                self.choices_by_question[question.pk] = question_choices(
                    question, options, language
                )

    def answers(self) -> dict[Question, Any]:
        """{question: value to store, or None to clear} once the form is valid."""
        return {q: to_stored(q, self.cleaned_data.get(field_name(q))) for q in self.questions}

    def items(self) -> list[dict[str, Any]]:
        """What the template draws for each question: field, wording, ids, choices, state."""
        items = []
        for question in self.questions:
            bound = self[field_name(question)]
            value = bound.value()
            base = bound.auto_id
            item: dict[str, Any] = {
                "question": question,
                "field": bound,
                "kind": question.kind,
                "name": bound.html_name,
                "id": base,
                "text": question.text_in(self.language),
                "hint": question.help_in(self.language),
                "text_attrs": fallback_attrs(
                    is_fallback(question.text, question.text_translations, self.language)
                ),
                "hint_attrs": fallback_attrs(
                    is_fallback(question.help_text, question.help_translations, self.language)
                ),
                "errors": bound.errors,
                "anchor": base,
            }
            choices = self.choices_by_question.get(question.pk, [])
            if question.kind in (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.ABOUT_YOU):
                item["choices"] = [
                    {"value": v, "label": label, "id": f"{base}-{i}", "checked": str(value) == v}
                    for i, (v, label) in enumerate(choices)
                ]
                item["anchor"] = f"{base}-0"
                item["use_select"] = (
                    question.kind == QuestionKind.ABOUT_YOU
                    and question.about_you_key == about_you.WARD
                )
                if item["use_select"]:
                    item["anchor"] = base
            elif question.kind == QuestionKind.MULTIPLE:
                ticked = {str(v) for v in (value or [])}
                item["choices"] = [
                    {"value": v, "label": label, "id": f"{base}-{i}", "checked": v in ticked}
                    for i, (v, label) in enumerate(choices)
                ]
                item["anchor"] = f"{base}-0"
            elif question.kind == QuestionKind.RANKING:
                ranks = value if isinstance(value, dict) else {}
                field = bound.field
                item["ranks"] = [str(r) for r in range(1, field.max_ranked + 1)]
                item["most"] = field.max_ranked
                item["choices"] = [
                    {
                        "value": v,
                        "label": label,
                        "id": f"{base}-{i}",
                        "name": f"{bound.html_name}-{v}",
                        "rank": str(ranks.get(v, "")),
                    }
                    for i, (v, label) in enumerate(choices)
                ]
                item["anchor"] = f"{base}-0"
            elif question.kind == QuestionKind.DATE:
                if isinstance(value, date):
                    parts = (str(value.day), str(value.month), str(value.year))
                elif isinstance(value, tuple):
                    parts = value
                else:
                    parts = ("", "", "")
                item["date"] = dict(zip(("day", "month", "year"), parts, strict=True))
                item["anchor"] = f"{base}-day"
            else:
                item["value"] = "" if value is None else str(value)
            items.append(item)
        return items

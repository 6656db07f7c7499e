"""GOV.UK classes on Django's form widgets, kept once for every app's forms: text boxes, text
areas and selects get theirs here; radios and checkboxes are drawn by the shared field template
(templates/includes/form_field.html)."""

from __future__ import annotations

from django import forms


def govuk_classes(form: forms.BaseForm, *, number_css: str = "govuk-input") -> None:
    """Give each text box, text area and select its GOV.UK class; ``number_css`` lets a form
    draw number boxes narrower (a number of five figures needs no full-width box)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.HiddenInput)):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "govuk-checkboxes__input"
        elif isinstance(widget, forms.Textarea):
            css = "govuk-textarea"
        elif isinstance(widget, forms.Select):
            css = "govuk-select"
        elif isinstance(widget, forms.NumberInput):
            css = number_css
        else:
            css = "govuk-input"
        widget.attrs["class"] = css


class GovukForm(forms.Form):
    """A form whose widgets carry their GOV.UK classes."""

    number_css = "govuk-input"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_classes(self, number_css=self.number_css)


def pillars_in_reader_language(form: forms.BaseForm) -> None:
    """Label a form's pillar choices in the reader's language.

    A model choice shows ``str(row)``, the strategy's own language; on an Urdu or Polish page
    the pillar names the strategy file translates must show translated, as they do elsewhere
    (objectives are long texts, which stay in the strategy's language).
    """
    for name in ("pillar", "pillars"):
        if name in form.fields:
            form.fields[name].label_from_instance = lambda p: p.in_reader_language("name")

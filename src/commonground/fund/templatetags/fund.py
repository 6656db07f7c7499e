"""Template helpers for the fund: money, GOV.UK form fields, plain-words result explanations."""

from __future__ import annotations

from decimal import Decimal

from django import forms, template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

SYMBOLS = {"GBP": "£", "EUR": "€", "PLN": "zł ", "USD": "$", "CHF": "CHF ", "CAD": "$"}


@register.filter
def money(value, currency: str = "GBP") -> str:
    """£12,500 (pence shown only when there are any)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    text = number_format(amount, places, use_l10n=True, force_grouping=True)
    return f"{SYMBOLS.get(currency, currency + ' ')}{text}"


@register.filter
def pct(value) -> str:
    return "" if value is None else f"{number_format(value, 0, use_l10n=True)}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


def _errors(field) -> SafeString:
    if not field.errors:
        return mark_safe("")
    return format_html(
        '<p id="{}-error" class="govuk-error-message">{}</p>',
        field.auto_id,
        format_html_join(
            mark_safe("<br>"),
            '<span class="govuk-visually-hidden">{}</span> {}',
            ((_("Error:"), e) for e in field.errors),
        ),
    )


def _hint(field) -> SafeString:
    if not field.help_text:
        return mark_safe("")
    return format_html(
        '<div id="{}-hint" class="govuk-hint">{}</div>', field.auto_id, field.help_text
    )


def _described(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def govuk_field(field, extra_class: str = "") -> SafeString:
    """Render a bound field with the GOV.UK Design System's markup (label, hint, error)."""
    widget = field.field.widget
    group = "govuk-form-group" + (" govuk-form-group--error" if field.errors else "")
    described = _described(field)
    if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        kind = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        items = format_html_join(
            "",
            '<div class="govuk-{0}__item"><input class="govuk-{0}__input" id="{1}" name="{2}" '
            'type="{3}" value="{4}"{5}><label class="govuk-label govuk-{0}__label" for="{1}">'
            "{6}</label></div>",
            (
                (
                    kind,
                    sub.id_for_label,
                    field.html_name,
                    "checkbox" if kind == "checkboxes" else "radio",
                    sub.data["value"],
                    mark_safe(" checked") if sub.data["selected"] else "",
                    sub.choice_label,
                )
                for sub in field.subwidgets
            ),
        )
        return format_html(
            '<div class="{}"><fieldset class="govuk-fieldset"{}>'
            '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>{}{}'
            '<div class="govuk-{}{}" data-module="govuk-{}">{}</div></fieldset></div>',
            group,
            format_html(' aria-describedby="{}"', described) if described else "",
            field.label,
            _hint(field),
            _errors(field),
            kind,
            " govuk-checkboxes--small" if kind == "checkboxes" else "",
            kind,
            items,
        )
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="{}"><div class="govuk-checkboxes govuk-checkboxes--small">'
            '<div class="govuk-checkboxes__item">{}<label class="govuk-label '
            'govuk-checkboxes__label" for="{}">{}</label></div></div>{}{}</div>',
            group,
            field.as_widget(attrs={"class": "govuk-checkboxes__input"}),
            field.auto_id,
            field.label,
            _hint(field),
            _errors(field),
        )
    if isinstance(widget, forms.Textarea):
        css = "govuk-textarea"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "govuk-select"
    elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        css = "govuk-file-upload"
    else:
        css = "govuk-input"
    if field.errors:
        css += f" {css}--error"
    if extra_class:
        css += f" {extra_class}"
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = described
    return format_html(
        '<div class="{}"><label class="govuk-label govuk-label--s" for="{}">{}</label>{}{}{}</div>',
        group,
        field.auto_id,
        field.label,
        _hint(field),
        _errors(field),
        field.as_widget(attrs=attrs),
    )


@register.simple_tag
def explain(row: dict, currency: str = "GBP") -> str:
    """Why a project won or lost, in plain words, from the numbers in the result snapshot."""
    values = {
        "supporters": row["supporters"],
        "pct": row["support_pct"],
        "cost": money(row["cost"], currency),
        "share": money(round(row["share"]), currency),
        "used": row["share_used_pct"],
    }
    reason = row["reason"]
    if reason == "won_equal_shares":
        text = _(
            "Funded. %(supporters)s people voted for it (%(pct)s%% of voters). Everyone's equal "
            "share of the budget, added up over its supporters, came to %(share)s; its cost of "
            "%(cost)s used %(used)s%% of that, so its supporters could pay for it together."
        )
    elif reason == "won_completion":
        text = _(
            "Funded from the money left over. %(supporters)s people voted for it (%(pct)s%%). "
            "Its supporters' equal shares did not quite cover its cost of %(cost)s, but after "
            "the equal-shares projects there was enough left, and it had the most votes of the "
            "projects that fitted."
        )
    elif reason == "won_votes":
        text = _(
            "Funded. %(supporters)s people voted for it (%(pct)s%% of voters): it was among the "
            "most popular projects, and its cost of %(cost)s still fitted in the budget."
        )
    elif reason == "lost_share":
        text = _(
            "Not funded. %(supporters)s people voted for it (%(pct)s%%). Their equal shares of "
            "the budget came to %(share)s, less than its cost of %(cost)s (it would have needed "
            "%(used)s%% of them), and there was not enough money left over."
        )
    elif reason == "lost_spent":
        text = _(
            "Not funded. %(supporters)s people voted for it (%(pct)s%%). Their equal shares "
            "(%(share)s) could have covered its cost of %(cost)s, but many of them had already "
            "spent their shares on other projects they voted for, which won first."
        )
    else:
        text = _(
            "Not funded. %(supporters)s people voted for it (%(pct)s%%). When its turn came, "
            "the money left in the budget was less than its cost of %(cost)s."
        )
    if values["used"] is None:
        values["used"] = "—"
    return text % values

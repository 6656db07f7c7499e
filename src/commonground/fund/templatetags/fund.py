"""Template helpers for the fund: money, GOV.UK form fields, plain-words result explanations."""

from __future__ import annotations

from decimal import Decimal

from django import forms, template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
def slot(value, name: str) -> SafeString:
    """A figure ``ballot.js`` updates in place, isolated so it reads the same in Urdu."""
    return format_html('<bdi data-slot="{}">{}</bdi>', name, value)


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


def _amount(value, currency: str) -> str:
    """Money in an explanation: whole units from 100 up, pence below."""
    amount = Decimal(str(value))
    return money(amount.quantize(Decimal(1)) if abs(amount) >= 100 else amount, currency)


def _percent(value) -> str:
    return "—" if value is None else number_format(value, 1, use_l10n=True)


FUNDED = {
    "equal_shares": gettext_lazy(
        "Funded with equal shares. %(supporters)s people voted for it (%(pct)s%% of voters). "
        "Everyone's equal share of the budget was %(voter_share)s; its supporters' shares came "
        "to %(shares)s, and its cost of %(cost)s used %(used)s%% of them, so they could pay "
        "for it together."
    ),
    "completion": gettext_lazy(
        "Funded once everyone's share was raised. %(supporters)s people voted for it (%(pct)s%% "
        "of voters). To spend more of the budget, everyone's equal share was raised from "
        "%(plain_share)s to %(voter_share)s; with the raised shares its supporters had "
        "%(shares)s, and its cost of %(cost)s used %(used)s%% of that."
    ),
    "greedy_fill": gettext_lazy(
        "Funded from the money left over. %(supporters)s people voted for it (%(pct)s%% of "
        "voters). Its supporters' equal shares did not pay for it: when its turn came "
        "%(left)s was left, and it had the most votes of the projects whose cost still "
        "fitted (%(cost)s)."
    ),
    "greedy": gettext_lazy(
        "Funded. %(supporters)s people voted for it (%(pct)s%% of voters): it was number "
        "%(place)s by votes, and its cost of %(cost)s fitted in the %(left)s still left."
    ),
    "phragmen": gettext_lazy(
        "Funded by sequential Phragmén. %(supporters)s people voted for it (%(pct)s%% of voters)."
    ),
}

NOT_FUNDED = {
    "no_supporters": gettext_lazy("Not funded. Nobody voted for it."),
    "shares_too_small": gettext_lazy(
        "Not funded. %(supporters)s people voted for it (%(pct)s%% of voters). Their equal "
        "shares of the budget (%(voter_share)s each) came to %(shares)s, less than its cost "
        "of %(cost)s."
    ),
    "shares_spent": gettext_lazy(
        "Not funded. %(supporters)s people voted for it (%(pct)s%% of voters). Their equal "
        "shares (%(shares)s) could have covered its cost of %(cost)s, but they had spent them "
        "on other projects they voted for, which won first: only %(money_left)s was left."
    ),
    "did_not_fit": gettext_lazy(
        "Not funded. %(supporters)s people voted for it (%(pct)s%% of voters): it was number "
        "%(place)s by votes, but when its turn came only %(left)s was left, less than its "
        "cost of %(cost)s."
    ),
    "below_threshold": gettext_lazy(
        "Not funded. %(supporters)s people voted for it (%(pct)s%% of voters): its score of "
        "%(score)s is below the %(threshold)s a project needs."
    ),
    "not_reached": gettext_lazy(
        "Not funded. %(supporters)s people voted for it (%(pct)s%% of voters). The count "
        "stopped at the first project that did not fit, before its turn."
    ),
    "phragmen_stopped": gettext_lazy(
        "Not funded. %(supporters)s people voted for it (%(pct)s%% of voters). Sequential "
        "Phragmén stopped before its supporters could buy it."
    ),
}

FILLED_WITHOUT_VOTES = gettext_lazy(
    "Funded from the money left over. Nobody voted for it, but after the projects people voted "
    "for had been funded %(left)s was still left, and its cost of %(cost)s fitted."
)

LEFT_OVER_TOO_SMALL = gettext_lazy("The %(left)s left over at the end was less than its cost.")


@register.simple_tag
def explain(row: dict, currency: str = "GBP") -> str:
    """Why a project won or lost, in plain words, from the engine's explanation
    (:mod:`commonground.pb.explain`) stored in the result snapshot: one sentence per phase
    that paid for a funded project, one per reason a project lost."""
    values = {
        "supporters": row["supporters"],
        "pct": number_format(row["support_pct"], 1, use_l10n=True),
        "cost": money(row["cost"], currency),
        "used": _percent(row.get("share_used_pct")),
        "place": row.get("place"),
        "score": row.get("score"),
        "threshold": row.get("threshold"),
    }
    for key, name in (
        ("voter_share", "voter_share"),
        ("plain_share", "plain_voter_share"),
        ("shares", "shares"),
        ("left", "left_over"),
        ("money_left", "money_left"),
    ):
        if row.get(name) is not None:
            values[key] = _amount(row[name], currency)
    if "phase" not in row:  # a result counted before explanations followed the phases
        legacy = _("Funded.") if row["selected"] else _("Not funded.")
        return f"{legacy} " + _("%(supporters)s people voted for it (%(pct)s%% of voters).") % (
            values
        )
    if row["selected"]:
        if row["phase"] == "greedy_fill" and not row["supporters"]:
            return str(FILLED_WITHOUT_VOTES % values)
        return str(FUNDED[row["phase"]] % values)
    text = str(NOT_FUNDED[row["reason"]] % values)
    if row["reason"] in ("shares_too_small", "shares_spent") and "left" in values:
        text += " " + str(LEFT_OVER_TOO_SMALL % values)
    return text


@register.simple_tag
def rule_summary(rule: str) -> str:
    """How the round's rule picks winners, in one or two sentences (for the results page)."""
    if rule == "mes-add1u":
        return _(
            "Under the Method of Equal Shares the budget is split equally between voters, and a "
            "project wins when the people who voted for it can pay for it together from their "
            "shares. If that leaves money unspent, everyone's share is raised and the count "
            "run again; money still left over then goes to the most popular projects that fit."
        )
    if rule.startswith("mes"):
        return _(
            "Under the Method of Equal Shares the budget is split equally between voters, and a "
            "project wins when the people who voted for it can pay for it together from their "
            "shares."
        )
    if rule == "phragmen":
        return _(
            "Under sequential Phragmén each project is paid for by the people who voted for it, "
            "spreading the cost as evenly between voters as possible."
        )
    return _(
        "The projects with the most votes are funded first, as long as the money left still "
        "covers their cost."
    )

"""The officer's linking request: phase, distance, schools and pairs to avoid, a pair to fix."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Phase


def _pairs(text: str, field: str) -> list[tuple[str, str]]:
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in line.replace(";", ",").split(",") if p.strip()]
        if not parts:
            continue
        if len(parts) != 2:
            raise forms.ValidationError(
                _("Line %(line)s: write two URNs separated by a comma, e.g. 107286, 149120."),
                params={"line": number},
            )
        pairs.append((parts[0], parts[1]))
    return pairs


class LinkingForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[(Phase.PRIMARY, _("Primary")), (Phase.SECONDARY, _("Secondary"))]
    )
    max_km = forms.DecimalField(
        label=_("Longest distance between the two schools of a pair (km)"),
        min_value=0.1,
        max_value=200,
        decimal_places=1,
        initial=5,
        error_messages={"min_value": _("The distance must be more than 0 km.")},
    )
    leave_out = forms.CharField(
        label=_("Schools not taking part (URNs, one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    avoid = forms.CharField(
        label=_("Pairs to avoid, e.g. linked last year (two URNs a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fix = forms.CharField(
        label=_("Pairs the officer fixes (two URNs a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_leave_out(self) -> list[str]:
        return [
            u.strip()
            for u in self.cleaned_data["leave_out"].replace(",", "\n").splitlines()
            if u.strip()
        ]

    def clean_avoid(self) -> list[tuple[str, str]]:
        return _pairs(self.cleaned_data["avoid"], "avoid")

    def clean_fix(self) -> list[tuple[str, str]]:
        return _pairs(self.cleaned_data["fix"], "fix")

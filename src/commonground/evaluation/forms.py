"""Forms for the register, the plan and decisions (validation only; actions save)."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from commonground.causal.panel import period_key
from commonground.core.govuk_forms import pillars_in_reader_language
from commonground.core.models import Area, Objective, Pillar
from commonground.measures.models import Indicator
from commonground.readiness.queries import finished_assessments

from . import analysis
from .models import Decision, EvaluationPlan, EvaluationResult, Intervention, LogicOutcome


class InterventionForm(forms.ModelForm):
    class Meta:
        model = Intervention
        fields = [
            "title",
            "summary",
            "kind",
            "pillar",
            "objective",
            "wards",
            "communities",
            "owner",
            "start_date",
            "end_date",
            "budget",
            "grant",
            "readiness_assessment",
            "inputs",
            "activities",
            "outputs",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "wards": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "inputs": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.Textarea(attrs={"rows": 3}),
            "outputs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wards"].queryset = Area.objects.wards().order_by("name")
        self.fields["pillar"].queryset = Pillar.objects.filter(strategy__is_current=True)
        pillars_in_reader_language(self)
        self.fields["objective"].queryset = Objective.objects.filter(
            pillar__strategy__is_current=True
        ).select_related("pillar")
        self.fields["grant"].queryset = self.fields["grant"].queryset.select_related("proposal")
        self.fields["readiness_assessment"].queryset = finished_assessments()
        self.fields["readiness_assessment"].empty_label = _("None")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        pillar, objective = data.get("pillar"), data.get("objective")
        if pillar and objective and objective.pillar_id != pillar.pk:
            self.add_error("objective", _("This objective belongs to another pillar."))
        return data


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = LogicOutcome
        fields = ["text", "indicator"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.order_by("name")


OutcomeFormSet = inlineformset_factory(
    Intervention, LogicOutcome, form=OutcomeForm, extra=2, can_delete=True, max_num=12
)


class PlanForm(forms.ModelForm):
    later_starts = forms.CharField(
        label=_("Wards that start later (staggered starts)"),
        help_text=_(
            "Leave empty if every ward starts at the first treated period. Otherwise one line "
            "per ward that starts later: the ward's code or name, a comma, and its first "
            "treated period, e.g. “E05001234, 2025”. Difference in differences and the event "
            "study then compare each group of wards starting together with the comparison "
            "wards (Callaway and Sant'Anna), not early starters with late ones."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = EvaluationPlan
        fields = [
            "design",
            "indicator",
            "start_period",
            "comparison_wards",
            "control_group",
            "covariates",
            "outcome_periods",
            "sheet_covariates",
            "notes",
        ]
        widgets = {
            "design": forms.RadioSelect,
            "comparison_wards": forms.CheckboxSelectMultiple,
            "control_group": forms.RadioSelect,
            "covariates": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "control_group": _(
                "Staggered starts only. Wards not yet started can stand in for wards never "
                "treated until they start: more wards to compare with and narrower intervals, "
                "if the late starters would have moved like the early ones had nobody started."
            ),
            "covariates": _(
                "Synthetic control: ward figures to match as well as the outcome. Staggered "
                "starts: figures whose wards may have moved differently anyway, adjusted for "
                "(each at its latest figure before the first treated period). Census and "
                "deprivation figures, as the comparison wards are proposed from."
            ),
            "sheet_covariates": _(
                "When the result will be computed from an uploaded sheet: its further columns "
                "to use as covariates, separated by commas (e.g. “tenure, median age”). The "
                "sheet must then have them; a blank cell is allowed."
            ),
            "outcome_periods": _(
                "Synthetic control with covariates: the periods before the start whose outcome "
                "is matched beside them, separated by commas (e.g. “2014, 2017, 2020”). Left "
                "empty: the first, middle and last periods before the start. Matching every "
                "period would leave the covariates no say."
            ),
        }

    def __init__(self, *args, intervention: Intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        measured = intervention.outcomes.exclude(indicator=None).values("indicator")
        indicators = Indicator.objects.order_by("name")
        if measured.exists():
            indicators = indicators.filter(pk__in=measured)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].required = True
        self.fields["comparison_wards"].queryset = (
            Area.objects.wards().exclude(pk__in=intervention.wards.all()).order_by("name")
        )
        self.fields["comparison_wards"].required = False
        self.fields["covariates"].queryset = analysis.covariate_choices()
        self.fields["covariates"].required = False
        self.fields["control_group"].required = False  # never treated unless chosen
        if self.instance.pk and self.instance.ward_starts:
            self.initial.setdefault(
                "later_starts",
                "\n".join(
                    f"{code}, {period}" for code, period in self.instance.ward_starts.items()
                ),
            )

    def clean_later_starts(self) -> dict[str, str]:
        """Ward code → first treated period, each line checked and named when wrong."""
        text = self.cleaned_data.get("later_starts") or ""
        known: dict[str, str] = {}
        for area in self.instance.intervention.wards.all():
            known[area.code.casefold()] = area.code
            known[area.name.casefold()] = area.code
        starts: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            ward, comma, period = line.rpartition(",")
            ward, period = ward.strip(), period.strip()
            if not comma or not ward or not period:
                raise forms.ValidationError(
                    _("Line %(line)s: write the ward, a comma and its first treated period.")
                    % {"line": number}
                )
            code = known.get(ward.casefold())
            if code is None:
                raise forms.ValidationError(
                    _("Line %(line)s: %(ward)s is not one of the intervention's wards.")
                    % {"line": number, "ward": ward}
                )
            if code in starts:
                raise forms.ValidationError(
                    _("Line %(line)s: %(ward)s is listed twice.") % {"line": number, "ward": ward}
                )
            starts[code] = period
        return starts

    def clean(self):
        data = super().clean()
        design = data.get("design")
        wards = data.get("comparison_wards")
        starts = data.get("later_starts") or {}
        first = data.get("start_period")
        if starts and first:
            for code, period in starts.items():
                if period_key([first, period])[1][0] != first:
                    self.add_error(
                        "later_starts",
                        _(
                            "%(ward)s starts at %(period)s, before the first treated period "
                            "(%(first)s): give the earliest start as the first treated period."
                        )
                        % {"ward": code, "period": period, "first": first},
                    )
                    break
        staggered = any(period != first for period in starts.values())
        if staggered and design not in ("did", "event-study"):
            self.add_error(
                "later_starts",
                _("Staggered starts need difference in differences or the event study."),
            )
        data["control_group"] = data.get("control_group") or "never"
        sheet = [c.strip() for c in (data.get("sheet_covariates") or "").split(",") if c.strip()]
        if sheet and design != "synthetic-control" and not staggered:
            self.add_error(
                "sheet_covariates",
                _("Covariates apply to the synthetic control and to staggered starts."),
            )
        if any(c.lower() in ("unit", "period", "outcome") for c in sheet):
            self.add_error(
                "sheet_covariates",
                _("unit, period and outcome are the sheet's own columns, not covariates."),
            )
        covariates = list(data.get("covariates") or []) + sheet
        if data.get("covariates") and design != "synthetic-control" and not staggered:
            self.add_error(
                "covariates",
                _("Covariates apply to the synthetic control and to staggered starts."),
            )
        if data.get("control_group") == "not-yet" and not staggered:
            self.add_error(
                "control_group",
                _("Wards not yet started can only be compared with when wards start later."),
            )
        periods = [p.strip() for p in (data.get("outcome_periods") or "").split(",") if p.strip()]
        if periods and (design != "synthetic-control" or not covariates):
            self.add_error(
                "outcome_periods",
                _("Outcome periods apply to the synthetic control with covariates."),
            )
        elif periods and first:
            late = [p for p in periods if period_key([p, first])[1][0] != p or p == first]
            if late:
                self.add_error(
                    "outcome_periods",
                    _("%(period)s is not before the first treated period (%(first)s).")
                    % {"period": late[0], "first": first},
                )
        if design and design != "before-after" and not wards:
            self.add_error("comparison_wards", _("Choose the comparison wards for this design."))
        if design == "synthetic-control" and self.instance.intervention.wards.count() != 1:
            self.add_error("design", _("Synthetic control needs exactly one treated ward."))
        return data

    def save(self, commit: bool = True) -> EvaluationPlan:
        self.instance.ward_starts = self.cleaned_data.get("later_starts") or {}
        return super().save(commit=commit)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["choice", "reasons", "evidence"]
        widgets = {"choice": forms.RadioSelect, "reasons": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, intervention: Intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        self.fields["evidence"].queryset = EvaluationResult.objects.filter(
            intervention=intervention
        )
        self.fields["evidence"].label = _("Evidence it rests on")


MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_ROWS = 50_000


class OutcomeUploadForm(forms.Form):
    """An outcome sheet, ``unit,period,outcome`` and the plan's covariate columns, checked
    whole before anything is computed."""

    sheet = forms.FileField(
        label=_("Outcome figures (CSV)"),
        help_text=_(
            "Columns unit, period and outcome; one row per ward and period. A unit is a "
            "ward's code or name: the intervention's wards and the comparison wards."
        ),
    )

    def __init__(self, *args, covariate_columns: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.covariate_columns = list(covariate_columns or [])
        if self.covariate_columns:
            self.fields["sheet"].help_text = _(
                "Columns unit, period and outcome, and the plan's covariate columns "
                "(%(columns)s); one row per ward and period. A unit is a ward's code or "
                "name: the intervention's wards and the comparison wards."
            ) % {"columns": ", ".join(self.covariate_columns)}

    def clean_sheet(self):
        import hashlib

        from commonground.causal import PanelError
        from commonground.causal.panel import read_outcome_rows

        from .actions import Upload

        upload = self.cleaned_data["sheet"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("%(name)s is not UTF-8 text: save it as “CSV UTF-8”.") % {"name": upload.name}
            ) from error
        try:
            rows = read_outcome_rows(
                text, name=upload.name, limit=MAX_UPLOAD_ROWS, covariates=self.covariate_columns
            )
        except PanelError as error:
            raise forms.ValidationError(str(error)) from error
        return Upload(upload.name, hashlib.sha256(raw).hexdigest(), rows)

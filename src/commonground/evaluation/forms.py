"""Forms for the register, the plan and decisions (validation only; actions save)."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from commonground.core.models import Area, Objective, Pillar
from commonground.measures.models import Indicator
from commonground.readiness.queries import finished_assessments

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
    class Meta:
        model = EvaluationPlan
        fields = ["design", "indicator", "start_period", "comparison_wards", "notes"]
        widgets = {
            "design": forms.RadioSelect,
            "comparison_wards": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
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

    def clean(self):
        data = super().clean()
        design = data.get("design")
        wards = data.get("comparison_wards")
        if design and design != "before-after" and not wards:
            self.add_error("comparison_wards", _("Choose the comparison wards for this design."))
        if design == "synthetic-control" and self.instance.intervention.wards.count() != 1:
            self.add_error("design", _("Synthetic control needs exactly one treated ward."))
        return data


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
    """An outcome sheet, ``unit,period,outcome``, checked whole before anything is computed."""

    sheet = forms.FileField(
        label=_("Outcome figures (CSV)"),
        help_text=_(
            "Columns unit, period and outcome; one row per ward and period. A unit is a "
            "ward's code or name: the intervention's wards and the comparison wards."
        ),
    )

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
            rows = read_outcome_rows(text, name=upload.name, limit=MAX_UPLOAD_ROWS)
        except PanelError as error:
            raise forms.ValidationError(str(error)) from error
        return Upload(upload.name, hashlib.sha256(raw).hexdigest(), rows)

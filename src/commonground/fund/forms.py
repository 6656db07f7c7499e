"""Forms: they validate what people type; the actions decide what is allowed."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from commonground.core.govuk_forms import pillars_in_reader_language
from commonground.core.models import (
    Area,
    BaselineFigure,
    CommunityOfInterest,
    Objective,
    Organisation,
    Pillar,
)

from .models import Applicant, BallotType, Proposal, Round, Verification
from .models.round import OFFICER_RULES
from .phases import PHASE_ORDER, PhaseKind


class LinesField(forms.CharField):
    """A textarea whose lines become a list (empty lines dropped)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class RoundForm(forms.ModelForm):
    """An officer sets up a round (the rule choice is limited to the two the issue names)."""

    eligible_applicants = forms.MultipleChoiceField(
        label=_("Who may propose"),
        choices=Applicant.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    verification = forms.MultipleChoiceField(
        label=_("How voters are checked"),
        choices=Verification.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    eligibility_checklist = LinesField(
        label=_("Eligibility checklist"),
        required=False,
        help_text=_("One yes/no question per line."),
    )
    postcode_prefixes = forms.CharField(
        label=_("Postcode districts in the area"),
        required=False,
        help_text=_("Separate with commas, e.g. BD1, BD2, BD3."),
    )
    rule = forms.ChoiceField(
        label=_("Rule that decides"),
        choices=[(r.value, r.label) for r in OFFICER_RULES],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "slug",
            "summary",
            "strategy",
            "area",
            "currency",
            "budget",
            "pillars",
            "objectives",
            "eligible_applicants",
            "min_partners",
            "min_cost",
            "max_cost",
            "eligibility_checklist",
            "voter_min_age",
            "verification",
            "postcode_prefixes",
            "ballot_type",
            "max_choices",
            "points_total",
            "rule",
        ]
        widgets = {
            "pillars": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
            "ballot_type": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(level__in=["district", "ward"])
        self.fields["pillars"].queryset = Pillar.objects.select_related("strategy")
        pillars_in_reader_language(self)
        self.fields["objectives"].queryset = Objective.objects.select_related("pillar")
        if self.instance.pk:
            self.initial["postcode_prefixes"] = ", ".join(self.instance.postcode_prefixes)

    def clean_postcode_prefixes(self) -> list[str]:
        raw = self.cleaned_data.get("postcode_prefixes") or ""
        return [p.strip().upper().replace(" ", "") for p in raw.split(",") if p.strip()]


class TimetableForm(forms.Form):
    """Planned dates of each phase (the phases open when an officer opens them)."""

    def __init__(self, *args, round_: Round | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        planned = {}
        if round_ is not None:
            planned = {p.kind: p for p in round_.phases.all()}
        for kind in PHASE_ORDER:
            label = PhaseKind(kind).label
            for end in ("starts_on", "ends_on"):
                name = f"{kind}_{end}"
                self.fields[name] = forms.DateField(
                    label=f"{label}: {_('starts') if end == 'starts_on' else _('ends')}",
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}),
                )
                if kind in planned:
                    self.initial[name] = getattr(planned[kind], end)

    def timetable(self) -> dict:
        data = self.cleaned_data
        return {k: (data.get(f"{k}_starts_on"), data.get(f"{k}_ends_on")) for k in PHASE_ORDER}


class AreaBudgetsForm(forms.Form):
    """Optional pots for single wards: 'E05001347 = 20000' per line."""

    lines = forms.CharField(
        label=_("Area budgets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: ward code = amount, e.g. E05001347 = 20000."),
    )

    def clean_lines(self) -> dict:
        pots = {}
        for line in (self.cleaned_data.get("lines") or "").splitlines():
            if not line.strip():
                continue
            code, _sep, amount = line.partition("=")
            try:
                area = Area.objects.get(code=code.strip())
                value = Decimal(amount.strip())
            except (Area.DoesNotExist, ArithmeticError, ValueError) as error:
                raise forms.ValidationError(
                    _("Check the line: %(line)s") % {"line": line}
                ) from error
            pots[area] = value
        return pots


class ProposalForm(forms.ModelForm):
    """The proposal, in sections; drafts save with gaps, submitting checks everything."""

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "description",
            "language",
            "applicant_kind",
            "organisation",
            "partners",
            "other_partners",
            "pillars",
            "objectives",
            "communities",
            "wards",
            "pot_area",
            "timeline",
            "outputs",
            "outcomes",
            "measures",
            "readiness_assessment",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "pillars": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
            "communities": forms.CheckboxSelectMultiple,
            "wards": forms.SelectMultiple(attrs={"size": 8}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "measures": forms.CheckboxSelectMultiple,
            "other_partners": forms.Textarea(attrs={"rows": 3}),
            "timeline": forms.Textarea(attrs={"rows": 4}),
            "outputs": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
        }

    image = forms.ImageField(label=_("A picture of the project (optional)"), required=False)
    image_alt = forms.CharField(
        label=_("Describe the picture for people who cannot see it"),
        max_length=250,
        required=False,
    )

    def __init__(self, *args, round_: Round, user=None, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self._limit_organisations(user)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the proposal"), choices=settings.LANGUAGES
        )
        self.fields["applicant_kind"] = forms.ChoiceField(
            label=_("Kind of applicant"),
            choices=[("", "—"), *[(a, Applicant(a).label) for a in Applicant.values]],
            required=False,
        )
        self.fields["partners"].queryset = Organisation.objects.order_by("name")
        pillars = Pillar.objects.all()
        if round_.pillars.exists():
            pillars = round_.pillars.all()
        self.fields["pillars"].queryset = pillars
        pillars_in_reader_language(self)
        self.fields["objectives"].queryset = Objective.objects.filter(
            pillar__in=pillars
        ).select_related("pillar")
        self.fields["communities"].queryset = CommunityOfInterest.objects.all()
        self.fields["wards"].queryset = Area.objects.wards()
        self.fields["pot_area"].queryset = Area.objects.filter(
            pk__in=round_.area_budgets.values("area")
        )
        self.fields["measures"].queryset = BaselineFigure.objects.filter(
            pillar__in=pillars
        ).select_related("pillar")
        from commonground.readiness.queries import finished_assessments

        self.fields["readiness_assessment"].queryset = finished_assessments()
        self.fields["readiness_assessment"].empty_label = _("None")
        self.fields["title"].required = True
        for name in ("pot_area", "measures", "objectives"):
            self.fields[name].required = False
        if not round_.area_budgets.exists():
            del self.fields["pot_area"]

    def _limit_organisations(self, user) -> None:
        """Offer only organisations that confirmed the user's membership, and keep the one a
        proposal already names (an officer or fellow member editing it).  A POSTed id outside
        these is refused as an invalid choice; the action checks again."""
        field = self.fields["organisation"]
        allowed = Organisation.objects.none()
        if user is not None and user.is_authenticated:
            allowed = user.confirmed_organisations()
        offered = Q(pk__in=allowed.values("pk"))
        if self.instance.pk and self.instance.organisation_id:
            offered |= Q(pk=self.instance.organisation_id)
        field.queryset = Organisation.objects.filter(offered).order_by("name")
        field.empty_label = _("Applying as an individual or an unconstituted group")
        field.label = _("Applying for")
        field.help_text = _(
            "Only organisations that have confirmed your membership are listed. Ask to join "
            "one from your account page."
        )

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Describe the picture."))
        return data

    def images(self) -> list[tuple]:
        image = self.cleaned_data.get("image")
        return [(image, self.cleaned_data.get("image_alt") or "")] if image else []


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount"), min_value=0, max_digits=12, decimal_places=2, required=False
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("item")) != (data.get("amount") is not None):
            raise forms.ValidationError(_("Give each budget line an item and an amount."))
        return data


BudgetLineFormSet = formset_factory(BudgetLineForm, extra=2, max_num=40)


class PromisedOutputForm(forms.Form):
    description = forms.CharField(label=_("Output"), max_length=300, required=False)
    target = forms.IntegerField(label=_("Target"), min_value=0, required=False)
    measure = forms.ModelChoiceField(
        label=_("Strategy measure"), queryset=BaselineFigure.objects.all(), required=False
    )


PromisedOutputFormSet = formset_factory(PromisedOutputForm, extra=1, max_num=20)


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Assessment"),
        choices=[
            ("eligibility", _("Eligibility screening")),
            ("feasibility", _("Feasibility")),
            ("cost", _("Cost")),
        ],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("pass", _("Passes")),
            ("concerns", _("Passes, with concerns")),
            ("fail", _("Does not pass")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the proposer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    internal_note = forms.CharField(
        label=_("Internal note (not shown to the proposer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, checklist: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = checklist
        for i, question in enumerate(checklist):
            self.fields[f"q{i}"] = forms.TypedChoiceField(
                label=question,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect,
                required=False,
            )

    def checklist(self) -> dict[str, bool]:
        answers = {}
        for i, question in enumerate(self.questions):
            value = self.cleaned_data.get(f"q{i}")
            if value:
                answers[question] = value == "yes"
        return answers


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ShortlistForm(forms.Form):
    include = forms.TypedChoiceField(
        label=_("Put this proposal on the ballot?"),
        choices=[("yes", _("Yes, shortlist it")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (shown to the proposer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(forms.Form):
    others = forms.ModelMultipleChoiceField(
        label=_("Merge these proposals into this one"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = Proposal.objects.filter(
            round=proposal.round, status__in=["submitted", "eligible"]
        ).exclude(pk=proposal.pk)


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        help_text=_("The 12 letters and numbers on your card, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class PostcodeForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    born = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
    )


class VoterListForm(forms.Form):
    identifier = forms.CharField(
        label=_("Your voter number"),
        max_length=40,
        help_text=_("The number on the letter inviting you to vote."),
    )


class PaperRefForm(forms.Form):
    paper_ref = forms.CharField(label=_("Ballot paper number"), max_length=40)


class PaperDecisionForm(forms.Form):
    """An officer's decision on a paper that waits or is in conflict: count one entry, or set
    the paper aside (``entry`` left empty); always with a reason (it is audited)."""

    paper_ref = forms.CharField(max_length=40, widget=forms.HiddenInput)
    entry = forms.IntegerField(required=False)
    reason = forms.CharField(
        label=_("Reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for the decision on this paper.")},
    )


class VoterUploadForm(forms.Form):
    identifiers = forms.CharField(
        label=_("Voter numbers, one per line"), widget=forms.Textarea(attrs={"rows": 8})
    )


class AccessCodesIssueForm(forms.Form):
    """How many single-use codes to make, and how to get them: the codes exist in readable
    form only in the response to this form, so the choice is made before they are made."""

    OUTPUTS = [
        ("cards", _("Cards to print from this page (A4, 10 a sheet)")),
        ("pdf", _("Cards as a PDF (A4, 10 a sheet)")),
        ("csv", _("A spreadsheet (CSV) for a printing firm")),
    ]
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=100_000)
    batch = forms.CharField(label=_("Batch (e.g. venue)"), max_length=80, required=False)
    output = forms.ChoiceField(
        label=_("How to get them"), choices=OUTPUTS, initial="cards", widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        if data.get("output") in ("cards", "pdf") and (data.get("count") or 0) > MAX_PRINTED_CARDS:
            self.add_error(
                "count",
                _("Print at most %(n)s cards at a time, or choose the spreadsheet.")
                % {"n": MAX_PRINTED_CARDS},
            )
        return data


MAX_PRINTED_CARDS = 2000


class OverrideForm(forms.Form):
    funded = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Fund this project")), ("no", _("Do not fund this project"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (published on the results page)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgressForm(forms.Form):
    percent_complete = forms.IntegerField(
        label=_("How complete is the project (%)"), min_value=0, max_value=100
    )
    spend_to_date = forms.DecimalField(label=_("Spent so far"), min_value=0, decimal_places=2)
    story = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    photo = forms.ImageField(label=_("A photo (optional)"), required=False)
    photo_alt = forms.CharField(
        label=_("Describe the photo for people who cannot see it"), max_length=250, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("photo") and not data.get("photo_alt"):
            self.add_error("photo_alt", _("Describe the photo."))
        return data

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.promised = list(grant.proposal.promised.all())
        self.milestones = list(grant.milestones.all())
        for p in self.promised:
            self.fields[f"output_{p.pk}"] = forms.IntegerField(
                label=f"{p.description} ({_('target')}: {p.target})", min_value=0, required=False
            )
        for m in self.milestones:
            self.fields[f"milestone_{m.pk}"] = forms.IntegerField(
                label=f"{m.title} (%)",
                min_value=0,
                max_value=100,
                required=False,
                initial=m.percent_complete,
            )

    def photos(self) -> list[tuple]:
        photo = self.cleaned_data.get("photo")
        return [(photo, self.cleaned_data.get("photo_alt") or "")] if photo else []

    def outputs(self) -> dict[int, int]:
        return {
            p.pk: self.cleaned_data[f"output_{p.pk}"]
            for p in self.promised
            if self.cleaned_data.get(f"output_{p.pk}") is not None
        }

    def milestone_progress(self) -> dict[int, int]:
        return {
            m.pk: self.cleaned_data[f"milestone_{m.pk}"]
            for m in self.milestones
            if self.cleaned_data.get(f"milestone_{m.pk}") is not None
        }


def _refused(message: str, **values) -> forms.ValidationError:
    """A ballot error that says nothing was saved (the whole ballot is refused)."""
    return forms.ValidationError(
        _("%(problem)s Nothing was saved: check your choices and try again.")
        % {"problem": message % values if values else message}
    )


def ballot_choices_from_post(round_: Round, data, projects) -> object:
    """Read a ballot out of POST data, for every ballot type (the form names are per type).

    Anything that is not a clean choice among ``projects`` — an unknown project code, one
    chosen twice, a blank or malformed value, a field of another ballot type — refuses the
    whole ballot with a message naming it: dropping it silently would store a ballot the voter
    did not mean (``projects=99&projects=1`` was stored as ``["1"]``).
    """
    prefixes = {"points_": BallotType.POINTS, "rank_": BallotType.RANKING_K}
    for name in data:
        for prefix, kind in prefixes.items():
            if name.startswith(prefix) and (data.get(name) or "").strip():
                code = name[len(prefix) :]
                if round_.ballot_type != kind or code not in projects:
                    raise _refused(_("“%(field)s” is not a choice on this ballot."), field=name)
    if round_.ballot_type == BallotType.POINTS:
        points = {}
        for code in projects:
            raw = (data.get(f"points_{code}") or "").strip()
            if raw:
                try:
                    points[code] = int(raw)
                except ValueError:
                    raise _refused(
                        _("Points must be whole numbers (project %(code)s)."), code=code
                    ) from None
        return points
    if round_.ballot_type == BallotType.RANKING_K:
        ranked = []
        for code in projects:
            raw = (data.get(f"rank_{code}") or "").strip()
            if raw:
                try:
                    ranked.append((int(raw), code))
                except ValueError:
                    raise _refused(
                        _("Ranks must be numbers (project %(code)s)."), code=code
                    ) from None
        ranks = [r for r, _c in ranked]
        if len(set(ranks)) != len(ranks):
            raise _refused(_("Give each project a different rank."))
        return [code for _r, code in sorted(ranked)]
    chosen = [(code or "").strip() for code in data.getlist("projects")]
    for code in chosen:
        if not code:
            raise _refused(_("One of the choices sent was blank."))
        if code not in projects:
            raise _refused(_("“%(code)s” is not a project on this ballot."), code=code)
    if len(set(chosen)) != len(chosen):
        twice = next(code for code in chosen if chosen.count(code) > 1)
        raise _refused(_("Project %(code)s was chosen more than once."), code=twice)
    return chosen


class GrantForm(forms.Form):
    """A grant's conditions and planned dates (officers)."""

    conditions = forms.CharField(
        label=_("Conditions of the grant"),
        help_text=_("Published on the grant's page. One condition per line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    planned_start = forms.DateField(
        label=_("Planned start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_end = forms.DateField(
        label=_("Planned end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MilestoneForm(forms.Form):
    """One payment milestone; a row left without a title is ignored (the spare rows)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    due_on = forms.DateField(
        label=_("Due by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    payment = forms.DecimalField(
        label=_("Payment (£)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    remove = forms.BooleanField(label=_("Remove this milestone"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("title") and (data.get("payment") or data.get("due_on")):
            self.add_error("title", _("Name the milestone."))
        return data


MilestoneFormSet = formset_factory(MilestoneForm, extra=2, max_num=30)


def milestones_from_formset(formset) -> list[dict]:
    """The schedule a valid milestone formset describes, in order, without removed or empty
    rows: the shape :func:`commonground.fund.actions.update_grant` takes."""
    return [
        {
            "id": f.cleaned_data.get("id"),
            "title": f.cleaned_data["title"],
            "due_on": f.cleaned_data.get("due_on"),
            "payment": f.cleaned_data.get("payment"),
        }
        for f in formset
        if f.cleaned_data.get("title") and not f.cleaned_data.get("remove")
    ]


class ReviewDecisionForm(forms.Form):
    """An officer's decision on one held ballot (a check near an earlier postcode voter)."""

    review = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("count", _("Count it: this is a different person")),
            ("reject", _("Do not count it: the same person voted already")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to count this ballot.")},
    )
    reason = forms.CharField(
        label=_("Reason (kept in the audit trail)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Enter a reason for your decision.")},
    )

"""Pages: the public registration form and published results; officers' pool, quotas and runs.

Thin views: forms validate, :mod:`.actions` change state, :mod:`.selection` computes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from . import actions
from . import characteristics as chars
from .forms import ImportForm, RegisterForm, RunForm
from .models import Pool, RunStatus, SelectionRun
from .selection import counts, eligible, feasibility, propose_quotas


def _pool(slug: str) -> Pool:
    return get_object_or_404(Pool, slug=slug)


@permission_required("people.view_pool", raise_exception=True)
def pools(request: HttpRequest) -> HttpResponse:
    return render(request, "people/pools.html", {"pools": Pool.objects.all()})


@permission_required("people.view_pool", raise_exception=True)
def pool(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts by characteristic, feasibility of the quotas, and the runs."""
    the_pool = _pool(slug)
    tally = counts(the_pool)
    table = [
        {
            "label": chars.LABELS[f],
            "rows": [(chars.label_of(f, v), tally[f].get(v, 0)) for v in chars.values(f)],
        }
        for f in the_pool.characteristics
    ]
    return render(
        request,
        "people/pool.html",
        {
            "pool": the_pool,
            "size": eligible(the_pool).count(),
            "table": table,
            "runs": the_pool.runs.all()[:20],
            "run_form": RunForm(),
            "import_form": ImportForm(),
            "feasibility": feasibility(the_pool) if the_pool.quotas.exists() else None,
        },
    )


@login_not_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register your interest: no account, phone first, every question can be declined."""
    the_pool = _pool(slug)
    if not the_pool.open_for_registration:
        raise Http404
    form = RegisterForm(
        request.POST or None, pool=the_pool, initial={"code": request.GET.get("code", "")}
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.register_interest(
                pool=the_pool,
                characteristics=form.answers,
                contact=form.contact,
                language=get_language() or "",
                code=form.cleaned_data.get("code", ""),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("people:register_done", the_pool.slug)
    return render(
        request, "people/register.html", {"pool": the_pool, "form": form, "errors": errors}
    )


@login_not_required
def register_done(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "people/register_done.html", {"pool": _pool(slug)})


@permission_required("people.manage_pool", raise_exception=True)
def quotas(request: HttpRequest, slug: str) -> HttpResponse:
    """Minimum and maximum per value; census proposal; feasibility shown on every save."""
    the_pool = _pool(slug)
    errors: list[str] = []
    current = {(q.feature, q.value): q for q in the_pool.quotas.all()}
    proposal = (
        {(p["feature"], p["value"]): p for p in propose_quotas(the_pool)}
        if request.GET.get("propose")
        else {}
    )
    if request.method == "POST":
        rows = []
        for feature in the_pool.characteristics:
            for value in chars.values(feature):
                low = request.POST.get(f"min-{feature}-{value}", "").strip()
                high = request.POST.get(f"max-{feature}-{value}", "").strip()
                if not low and not high:
                    continue
                try:
                    rows.append(
                        {
                            "feature": feature,
                            "value": value,
                            "minimum": int(low or 0),
                            "maximum": int(high or the_pool.panel_size),
                        }
                    )
                except ValueError:
                    errors.append(
                        _("%(what)s: enter whole numbers.")
                        % {"what": chars.label_of(feature, value)}
                    )
        if not errors:
            try:
                actions.set_quotas(actor=request.user, pool=the_pool, rows=rows)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Quotas saved."))
                return redirect("people:quotas", the_pool.slug)
    tally = counts(the_pool)
    sections = []
    for feature in the_pool.characteristics:
        rows = []
        for value in chars.values(feature):
            q, p = current.get((feature, value)), proposal.get((feature, value))
            rows.append(
                {
                    "value": value,
                    "label": chars.label_of(feature, value),
                    "pool": tally[feature].get(value, 0),
                    "share": f"{100 * p['share']:.1f}%" if p else "",
                    "minimum": p["minimum"] if p else (q.minimum if q else ""),
                    "maximum": p["maximum"] if p else (q.maximum if q else ""),
                }
            )
        sections.append({"feature": feature, "label": chars.LABELS[feature], "rows": rows})
    return render(
        request,
        "people/quotas.html",
        {
            "pool": the_pool,
            "sections": sections,
            "errors": errors,
            "proposed": bool(proposal),
            "feasibility": feasibility(the_pool) if current else None,
        },
    )


@require_POST
@permission_required("people.manage_pool", raise_exception=True)
def import_pool(request: HttpRequest, slug: str) -> HttpResponse:
    the_pool = _pool(slug)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        name, text = form.cleaned_data["file"]
        try:
            added = actions.import_pool(actor=request.user, pool=the_pool, text=text, filename=name)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)s respondents imported.") % {"count": added})
    else:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    return redirect(the_pool)


@require_POST
@permission_required("people.run_selection", raise_exception=True)
def request_run(request: HttpRequest, slug: str) -> HttpResponse:
    the_pool = _pool(slug)
    form = RunForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
        return redirect(the_pool)
    run = actions.request_selection(
        actor=request.user,
        pool=the_pool,
        algorithm=form.cleaned_data["algorithm"],
        seed=form.cleaned_data["seed"],
    )
    return redirect(run)


def _run(slug: str, pk: int) -> SelectionRun:
    return get_object_or_404(SelectionRun.objects.select_related("pool"), pk=pk, pool__slug=slug)


def _run_context(run: SelectionRun) -> dict:
    members = run.members.select_related("respondent").order_by("pk")
    return {"pool": run.pool, "run": run, "members": members}


@permission_required("people.run_selection", raise_exception=True)
def run_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return render(request, "people/run.html", _run_context(_run(slug, pk)))


@permission_required("people.run_selection", raise_exception=True)
def run_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return render(request, "people/includes/run_progress.html", _run_context(_run(slug, pk)))


@require_POST
@permission_required("people.publish_selection", raise_exception=True)
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = _run(slug, pk)
    try:
        actions.publish_selection(actor=request.user, run=run)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(run)
    messages.success(request, _("Published."))
    return redirect("people:results", slug, pk)


@login_not_required
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Published: fairness figures beside the legacy method's, and anonymised probabilities."""
    run = _run(slug, pk)
    if run.status != RunStatus.DONE or run.published_at is None:
        raise Http404
    values = sorted(run.probabilities.values(), reverse=True)
    ranked = [(position + 1, f"{p:.4f}") for position, p in enumerate(values)]
    return render(
        request,
        "people/results.html",
        {
            "pool": run.pool,
            "run": run,
            "ranked": ranked,
            "count": len(values),
            "members": len(run.panel),
        },
    )

"""Myths and facts: the public answers, residents' questions about rumours, and the
officers' pages to write answers and work through the questions.

Asking needs no account. Like the incident form, it is rate limited by a keyed hash of the
address that is deleted within minutes (``throttle``), so no address is ever stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from .. import actions, throttle
from ..forms import HandleQuestionForm, MythForm, RumourQuestionForm
from ..models import Myth, MythQuestion, QuestionStatus


@login_not_required
def myth_list(request: HttpRequest) -> HttpResponse:
    myths = Myth.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk")
    return render(request, "safety/myth_list.html", {"myths": myths, "section": "safety"})


@login_not_required
def myth_detail(request: HttpRequest, slug: str) -> HttpResponse:
    myth = get_object_or_404(Myth, slug=slug)
    if not myth.is_published and not request.user.has_perm("safety.manage_myths"):
        raise Http404
    return render(request, "safety/myth_detail.html", {"myth": myth, "section": "safety"})


@login_not_required
@never_cache
def ask(request: HttpRequest) -> HttpResponse:
    """A resident asks about a rumour: no account, nothing about them kept."""
    form = RumourQuestionForm(request.POST or None)
    context = {"form": form, "limited": False, "sent": False, "section": "safety"}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            address = throttle.client_address(request)
            if throttle.limited("question-address", address):
                context["limited"] = True
                status = 429
            else:
                throttle.count("question-address", address)
                actions.ask_about_rumour(
                    text=form.cleaned_data["text"],
                    language=(get_language() or "")[:8],
                    ward=form.cleaned_data["ward"],
                )
                context.update(sent=True, form=RumourQuestionForm())
                status = 200
    return render(request, "safety/myth_ask.html", context, status=status)


@never_cache
@permission_required("safety.manage_myths", raise_exception=True)
def manage(request: HttpRequest) -> HttpResponse:
    """Officers: every answer (draft or published) and the count of questions waiting."""
    return render(
        request,
        "safety/myth_manage.html",
        {
            "myths": Myth.objects.order_by("published_at", "-updated_at"),
            "waiting": MythQuestion.objects.filter(status=QuestionStatus.NEW).count(),
            "section": "safety",
        },
    )


@never_cache
@permission_required("safety.manage_myths", raise_exception=True)
def myth_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    myth = get_object_or_404(Myth, slug=slug) if slug else None
    initial = {}
    if myth is not None:
        initial = {name: getattr(myth, name) for name in actions.MYTH_FIELDS}
        initial["sources"] = MythForm.sources_text(myth.sources)
    elif request.GET.get("question", "").isdigit():
        question = MythQuestion.objects.filter(pk=int(request.GET["question"])).first()
        if question is not None:
            initial["question_en"] = question.text[:300]
    form = MythForm(request.POST or None, myth=myth, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_myth(actor=request.user, values=form.cleaned_data, myth=myth)
        messages.success(request, _("Answer saved."))
        return redirect("safety:myth_edit", slug=saved.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "safety/myth_form.html",
        {"form": form, "myth": myth, "section": "safety"},
        status=status,
    )


@require_POST
@permission_required("safety.manage_myths", raise_exception=True)
def myth_publish(request: HttpRequest, slug: str) -> HttpResponse:
    myth = get_object_or_404(Myth, slug=slug)
    publish = request.POST.get("publish") == "1"
    if publish and not myth.sources:
        messages.error(request, _("Add at least one source before publishing the answer."))
        return redirect("safety:myth_edit", slug=myth.slug)
    actions.publish_myth(actor=request.user, myth=myth, publish=publish)
    messages.success(request, _("Answer published.") if publish else _("Answer withdrawn."))
    return redirect("safety:myth_edit", slug=myth.slug)


@never_cache
@permission_required("safety.manage_myths", raise_exception=True)
def questions(request: HttpRequest) -> HttpResponse:
    """Officers: residents' questions about rumours, new ones first."""
    wanted = request.GET.get("status", QuestionStatus.NEW)
    if wanted not in QuestionStatus.values:
        wanted = QuestionStatus.NEW
    found = (
        MythQuestion.objects.filter(status=wanted)
        .select_related("ward", "myth")
        .order_by("created_at" if wanted == QuestionStatus.NEW else "-handled_at")[:200]
    )
    return render(
        request,
        "safety/myth_questions.html",
        {
            "questions": [(q, HandleQuestionForm(prefix=f"q{q.pk}")) for q in found],
            "statuses": QuestionStatus.choices,
            "wanted": wanted,
            "section": "safety",
        },
    )


@require_POST
@permission_required("safety.manage_myths", raise_exception=True)
def question_handle(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(MythQuestion, pk=pk)
    form = HandleQuestionForm(request.POST, prefix=f"q{pk}")
    if not form.is_valid():
        return render(
            request,
            "safety/myth_questions.html",
            {
                "questions": [(question, form)],
                "statuses": QuestionStatus.choices,
                "wanted": question.status,
                "section": "safety",
            },
            status=400,
        )
    actions.handle_question(
        actor=request.user,
        question=question,
        status=form.cleaned_data["decision"],
        myth=form.cleaned_data["myth"],
    )
    messages.success(request, _("Question dealt with."))
    return redirect("safety:myth_questions")

"""The officer's survey builder: pages and questions of every kind, translations, conditions,
preview and publishing. Plain forms that work without JavaScript; htmx moves questions and
pages in place when it is there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commonground.consult import actions
from commonground.consult.forms_survey.builder import (
    MoveForm,
    PageForm,
    QuestionForm,
    SurveyForm,
    govuk_classes,
    other_languages,
)
from commonground.consult.forms_survey.resident import SurveyPageForm
from commonground.consult.models import (
    Consultation,
    Method,
    Question,
    QuestionKind,
    Survey,
    SurveyPage,
)
from commonground.consult.views.common import permission_required
from commonground.consult.views.survey_common import (
    builder_survey,
    form_problems,
    get_consultation,
    language,
    options_of,
    page_problems,
)

DEFAULT_CONSENT = gettext_lazy(
    "We use your answers to understand what matters to people who live and work here, and "
    "to decide what to do next. We do not ask for your name, and we publish only summaries "
    'and anonymous quotes with personal details removed. Your "about you" answers are '
    "optional and used only to check we have heard from everyone. You can stop at any time."
)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _survey_or_404(consultation: Consultation) -> Survey:
    survey = builder_survey(consultation)
    if survey is None:
        raise Http404
    return survey


def _back(slug: str) -> HttpResponse:
    return redirect("consult:survey_builder", slug)


@permission_required("consult.build_survey")
def builder(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(slug)
    survey = builder_survey(consultation)
    if survey is None:
        form = SurveyForm(
            request.POST if request.method == "POST" else None,
            initial={"title": consultation.title, "consent_text": str(DEFAULT_CONSENT)},
        )
        if request.method == "POST" and form.is_valid():
            try:
                actions.create_survey(
                    actor=request.user, consultation=consultation, **form.changes()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Survey created: now add its pages and questions."))
                return _back(slug)
        return render(
            request,
            "consult/survey/builder_new.html",
            {
                "consultation": consultation,
                "form": form,
                "problems": form_problems(govuk_classes(form)),
                "section": "consult",
            },
        )
    counts = survey.responses.aggregate(
        online=Count("pk", filter=Q(method=Method.SURVEY, submitted_at__isnull=False)),
        paper=Count("pk", filter=Q(method=Method.PAPER_SURVEY)),
        unsent=Count("pk", filter=Q(submitted_at__isnull=True)),
    )
    return render(
        request,
        "consult/survey/builder.html",
        {
            "consultation": consultation,
            "survey": survey,
            "pages": survey.ordered_pages(),
            "page_form": PageForm(),
            "kinds": QuestionKind.choices,
            "languages": other_languages(),
            "counts": counts,
            "section": "consult",
        },
    )


@permission_required("consult.build_survey")
def survey_settings(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(slug)
    survey = _survey_or_404(consultation)
    form = SurveyForm(request.POST if request.method == "POST" else None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_survey(actor=request.user, survey=survey, changes=form.changes())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Survey details saved."))
            return _back(slug)
    return render(
        request,
        "consult/survey/builder_form.html",
        {
            "consultation": consultation,
            "survey": survey,
            "form": form,
            "problems": form_problems(govuk_classes(form)),
            "heading": _("Survey details"),
            "section": "consult",
        },
    )


@permission_required("consult.build_survey")
def page_new(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(slug)
    survey = _survey_or_404(consultation)
    form = PageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        actions.add_page(actor=request.user, survey=survey, **data)
        messages.success(request, _("Page added."))
        return _back(slug)
    return render(
        request,
        "consult/survey/builder_form.html",
        {
            "consultation": consultation,
            "survey": survey,
            "form": form,
            "problems": form_problems(govuk_classes(form)),
            "heading": _("Add a page"),
            "section": "consult",
        },
    )


def _page(survey: Survey, pk: int) -> SurveyPage:
    return get_object_or_404(SurveyPage, pk=pk, survey=survey)


def _question(survey: Survey, pk: int) -> Question:
    return get_object_or_404(Question.objects.select_related("page"), pk=pk, survey=survey)


@permission_required("consult.build_survey")
def page_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = get_consultation(slug)
    survey = _survey_or_404(consultation)
    page = _page(survey, pk)
    form = PageForm(request.POST if request.method == "POST" else None, instance=page)
    if request.method == "POST" and form.is_valid():
        actions.update_page(actor=request.user, page=page, changes=form.changes())
        messages.success(request, _("Page saved."))
        return _back(slug)
    return render(
        request,
        "consult/survey/builder_form.html",
        {
            "consultation": consultation,
            "survey": survey,
            "form": form,
            "problems": form_problems(govuk_classes(form)),
            "heading": _("Edit page"),
            "section": "consult",
        },
    )


@permission_required("consult.build_survey")
@require_POST
def page_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = _survey_or_404(get_consultation(slug))
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            actions.move_page(
                actor=request.user,
                page=_page(survey, pk),
                direction=form.cleaned_data["direction"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return _back(slug)


@permission_required("consult.build_survey")
@require_POST
def page_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = _survey_or_404(get_consultation(slug))
    try:
        actions.delete_page(actor=request.user, page=_page(survey, pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Page deleted."))
    return _back(slug)


def _question_form(request, consultation, survey, page, question=None) -> HttpResponse:
    initial = {}
    if question is None and request.GET.get("kind") in QuestionKind.values:
        initial["kind"] = request.GET["kind"]
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        instance=question,
        initial=initial,
        page=page,
        consultation=consultation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                actions.add_question(actor=request.user, page=page, **form.changes())
            else:
                actions.update_question(
                    actor=request.user, question=question, changes=form.changes()
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return _back(consultation.slug)
    return render(
        request,
        "consult/survey/builder_question.html",
        {
            "consultation": consultation,
            "survey": survey,
            "page": page,
            "question": question,
            "form": form,
            "problems": form_problems(govuk_classes(form)),
            "languages": other_languages(),
            "section": "consult",
        },
    )


@permission_required("consult.build_survey")
def question_new(request: HttpRequest, slug: str, page: int) -> HttpResponse:
    consultation = get_consultation(slug)
    survey = _survey_or_404(consultation)
    return _question_form(request, consultation, survey, _page(survey, page))


@permission_required("consult.build_survey")
def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = get_consultation(slug)
    survey = _survey_or_404(consultation)
    question = _question(survey, pk)
    return _question_form(request, consultation, survey, question.page, question)


@permission_required("consult.build_survey")
@require_POST
def question_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = _survey_or_404(get_consultation(slug))
    form = MoveForm(request.POST)
    if form.is_valid():
        actions.move_question(
            actor=request.user,
            question=_question(survey, pk),
            direction=form.cleaned_data["direction"],
        )
    return _back(slug)


@permission_required("consult.build_survey")
@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = _survey_or_404(get_consultation(slug))
    try:
        actions.delete_question(actor=request.user, question=_question(survey, pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question deleted."))
    return _back(slug)


@permission_required("consult.build_survey")
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey_or_404(get_consultation(slug))
    published = request.POST.get("published") != "0"
    try:
        actions.publish_survey(actor=request.user, survey=survey, published=published)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The survey is published.") if published else _("The survey is withdrawn."),
        )
    return _back(slug)


@permission_required("consult.build_survey")
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """Every page as residents see it, in the language chosen, with each condition noted."""
    consultation = get_consultation(slug)
    survey = _survey_or_404(consultation)
    options = options_of(consultation)
    lang = language()
    pages = []
    for page in survey.ordered_pages():
        form = SurveyPageForm(list(page.questions.all()), options=options, language=lang)
        items = form.items()
        pages.append({"page": page, "title": page.title_in(lang), "items": items})
    return render(
        request,
        "consult/survey/builder_preview.html",
        {
            "consultation": consultation,
            "survey": survey,
            "pages": pages,
            "problems": page_problems([]),
            "section": "consult",
        },
    )

"""The survey residents answer, without an account, on a phone or with a screen reader.

Start (purpose and consent) → one page at a time → check your answers → sent. The session
holds only the id of this person's unsent response; "save and come back later" gives a
random code (shown once, stored as a hash) that puts the response back in a session, so only
the person with the code sees the answers. Conditional questions are decided here, on the
server: a page shows only the questions whose condition the earlier answers meet.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from commonground.consult import actions, queries
from commonground.consult.forms_survey.resident import SurveyPageForm
from commonground.consult.models import Consultation, Survey, SurveyPage, SurveyResponse
from commonground.consult.models.survey import fallback_attrs, is_fallback
from commonground.consult.views.common import may
from commonground.consult.views.survey_common import (
    display_answer,
    form_problems,
    language,
    options_of,
    page_problems,
    public_consultation,
    published_survey,
    remember,
    sent_key,
    session_key,
)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read how my answers will be used and I agree"),
        error_messages={"required": _("Tick the box to say you agree, so you can start")},
    )
    consent_to_quote = forms.BooleanField(
        label=_("You may quote what I write, without my name (optional)"), required=False
    )


def _closed(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    return render(
        request,
        "consult/survey/closed.html",
        {"consultation": consultation, "section": "consult"},
    )


def _draft(request: HttpRequest, consultation: Consultation) -> SurveyResponse | None:
    pk = request.session.get(session_key(consultation))
    if not pk:
        return None
    return (
        SurveyResponse.objects.filter(pk=pk, consultation=consultation, submitted_at__isnull=True)
        .select_related("survey")
        .first()
    )


def _pages_shown(survey: Survey, answers: dict) -> list[tuple[int, SurveyPage, list]]:
    """(page number, page, questions asked) for each page that asks anything, in order."""
    result = []
    for number, page in enumerate(survey.ordered_pages(), start=1):
        questions = [q for q in page.questions.all() if q.is_shown(answers)]
        if questions:
            result.append((number, page, questions))
    return result


def _next_url(consultation: Consultation, shown, after: int) -> str:
    for number, _page, _questions in shown:
        if number > after:
            return reverse("consult:survey_page", args=[consultation.slug, number])
    return reverse("consult:survey_check", args=[consultation.slug])


def _resume_url(consultation: Consultation, response: SurveyResponse) -> str:
    """The first page not yet finished (pages skipped by conditions do not count)."""
    shown = _pages_shown(response.survey, response.answer_values())
    for number, page, _questions in shown:
        if page.pk not in response.completed_pages:
            return reverse("consult:survey_page", args=[consultation.slug, number])
    return reverse("consult:survey_check", args=[consultation.slug])


@login_not_required
@never_cache
def survey_start(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = public_consultation(slug, request.user)
    survey = published_survey(consultation)
    if survey is None or not may(request, "consult.answer_survey", survey):
        return _closed(request, consultation)
    draft = _draft(request, consultation)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            response = actions.start_response(
                actor=request.user,
                survey=survey,
                language=language(),
                consent_to_quote=form.cleaned_data["consent_to_quote"],
            )
        except PermissionDenied:
            return _closed(request, consultation)
        remember(request, consultation, response.pk)
        return redirect(_resume_url(consultation, response))
    languages = consultation.languages or []
    return render(
        request,
        "consult/survey/start.html",
        {
            "consultation": consultation,
            "survey": survey,
            "form": form,
            "draft": draft,
            "continue_url": _resume_url(consultation, draft) if draft else "",
            "untranslated": bool(languages) and language() not in languages,
            "problems": form_problems(form) if form.is_bound else [],
            "section": "consult",
        },
    )


@login_not_required
@never_cache
def survey_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    consultation = public_consultation(slug, request.user)
    if not consultation.is_open():
        return _closed(request, consultation)
    response = _draft(request, consultation)
    if response is None:
        return redirect("consult:survey_start", consultation.slug)
    survey = response.survey
    answers = response.answer_values()
    shown = _pages_shown(survey, answers)
    current = next((item for item in shown if item[0] == number), None)
    if current is None:  # skipped by a condition, or no such page: go on to the next one
        return redirect(_next_url(consultation, shown, number))
    _number, page, questions = current
    previous = [n for n, _p, _q in shown if n < number]
    options = options_of(consultation)
    lang = language()
    saving = request.POST.get("action") == "save"
    form = SurveyPageForm(
        questions,
        options=options,
        language=lang,
        saved=answers,
        enforce_required=not saving,
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_page(
                actor=request.user,
                response=response,
                page=page,
                answers=form.answers(),
                complete=not saving,
            )
            if saving:
                token = actions.issue_resume_token(actor=request.user, response=response)
                # The code goes after "#": browsers never send that part, so it stays out of
                # every access log, proxy log and Referer header.
                link = request.build_absolute_uri(
                    reverse("consult:survey_resume", args=[consultation.slug])
                )
                return render(
                    request,
                    "consult/survey/saved.html",
                    {
                        "consultation": consultation,
                        "link": f"{link}#{token}",
                        "code": actions.format_resume_code(token),
                        "continue_url": _resume_url(consultation, response),
                        "section": "consult",
                    },
                )
        except PermissionDenied:
            return redirect("consult:survey_done", consultation.slug)
        answers = response.answer_values()
        return redirect(_next_url(consultation, _pages_shown(survey, answers), number))
    items = form.items()
    return render(
        request,
        "consult/survey/page.html",
        {
            "consultation": consultation,
            "survey": survey,
            "page": page,
            "page_title": page.title_in(lang),
            "number": number,
            "position": [n for n, _p, _q in shown].index(number) + 1,
            "total": len(shown),
            "form": form,
            "items": items,
            "problems": page_problems(items),
            "back_url": reverse("consult:survey_page", args=[consultation.slug, previous[-1]])
            if previous
            else reverse("consult:survey_start", args=[consultation.slug]),
            "section": "consult",
        },
    )


class ResumeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        help_text=_("The code you were given when you saved your answers, like ABCD-EFGH-JK23."),
        max_length=100,
        error_messages={"required": _("Enter the code you were given when you saved")},
    )


@login_not_required
@never_cache
def survey_resume(request: HttpRequest, slug: str) -> HttpResponse:
    """Back to saved answers with a resume code, which only ever arrives in a POST body.

    The link on the "saved" page ends ``…/survey/resume/#CODE``; a small script
    (``consult/survey_resume.js``) moves the code from the fragment into this form and
    submits it. Without JavaScript the resident types the code. Either way the code never
    appears in a URL the server (or its access log) sees.
    """
    consultation = public_consultation(slug, request.user)
    if not consultation.is_open():
        return _closed(request, consultation)
    form = ResumeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        response = queries.response_for_token(consultation, form.cleaned_data["code"])
        if response is not None:
            remember(request, consultation, response.pk)
            return redirect(_resume_url(consultation, response))
        form.add_error(
            "code",
            _(
                "That code does not work. Check it against the one you were given: it may be "
                "mistyped, the answers may have been sent already, or saving again may have "
                "replaced it with a newer code."
            ),
        )
        status = 404
    return render(
        request,
        "consult/survey/resume.html",
        {
            "consultation": consultation,
            "form": form,
            "problems": form_problems(form) if form.is_bound else [],
            "section": "consult",
        },
        status=status,
    )


@login_not_required
@never_cache
def survey_resume_old_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A resume link from before codes moved into the URL fragment: residents saved those
    links, so they still bring the answers back (their token is in old access logs already;
    no link made now has one in its path). Unknown tokens go to the form to type a code."""
    consultation = public_consultation(slug, request.user)
    if not consultation.is_open():
        return _closed(request, consultation)
    response = queries.response_for_token(consultation, token)
    if response is None:
        return redirect("consult:survey_resume", consultation.slug)
    remember(request, consultation, response.pk)
    return redirect(_resume_url(consultation, response))


@login_not_required
@never_cache
def survey_check(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = public_consultation(slug, request.user)
    if not consultation.is_open():
        return _closed(request, consultation)
    response = _draft(request, consultation)
    if response is None:
        return redirect("consult:survey_start", consultation.slug)
    errors: list[dict] = []
    if request.method == "POST":
        try:
            actions.submit_response(actor=request.user, response=response, language=language())
        except ValidationError as error:
            question_id = (error.params or {}).get("question")
            errors.append({"text": error.messages[0], "question": question_id})
        except PermissionDenied:
            return _closed(request, consultation)
        else:
            request.session.pop(session_key(consultation), None)
            request.session[sent_key(consultation)] = response.pk
            return redirect("consult:survey_done", consultation.slug)
    answers = response.answer_values()
    options = options_of(consultation)
    lang = language()
    sections = []
    for number, page, questions in _pages_shown(response.survey, answers):
        rows = []
        for question in questions:
            rows.append(
                {
                    "question": question,
                    "text": question.text_in(lang),
                    "attrs": fallback_attrs(
                        is_fallback(question.text, question.text_translations, lang)
                    ),
                    "lines": display_answer(question, answers.get(question.pk), options, lang),
                    "change_url": reverse("consult:survey_page", args=[consultation.slug, number])
                    + f"#q{question.pk}",
                }
            )
        sections.append({"title": page.title_in(lang), "attrs": page.title_attrs, "rows": rows})
    for error in errors:
        for section in sections:
            for row in section["rows"]:
                if row["question"].pk == error["question"]:
                    error["url"] = row["change_url"]
    return render(
        request,
        "consult/survey/check.html",
        {
            "consultation": consultation,
            "survey": response.survey,
            "sections": sections,
            "problems": [{"href": e.get("url", ""), "text": e["text"]} for e in errors],
            "section": "consult",
        },
    )


@login_not_required
@never_cache
def survey_done(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = public_consultation(slug, request.user)
    pk = request.session.get(sent_key(consultation))
    if not pk or not SurveyResponse.objects.filter(pk=pk, submitted_at__isnull=False).exists():
        return redirect("consult:survey_start", consultation.slug)
    return render(
        request,
        "consult/survey/done.html",
        {"consultation": consultation, "section": "consult"},
    )

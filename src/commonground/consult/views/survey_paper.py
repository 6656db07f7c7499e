"""Keying paper survey forms: every question on one page, the form's reference checked.

Officers key what is on the paper: no question is required here (a respondent may have left
one blank), but every answer is checked as online (a postcode must be a postcode), and a
form whose consent box is not ticked is not keyed at all.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commonground.consult import actions
from commonground.consult.forms_survey.builder import govuk_classes
from commonground.consult.forms_survey.paper import PaperDetailsForm
from commonground.consult.forms_survey.resident import SurveyPageForm
from commonground.consult.models import Method
from commonground.consult.views.common import permission_required
from commonground.consult.views.survey_common import (
    builder_survey,
    form_problems,
    get_consultation,
    language,
    options_of,
    page_problems,
)


@permission_required("consult.key_paper_survey")
def paper(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(slug)
    survey = builder_survey(consultation)
    if survey is None:
        messages.error(request, _("Build the survey before keying paper forms."))
        return redirect("consult:survey_builder", slug)
    data = request.POST if request.method == "POST" else None
    details = PaperDetailsForm(data)
    questions = survey.questions_in_order()
    answers_form = SurveyPageForm(
        questions,
        options=options_of(consultation),
        language=language(),
        enforce_required=False,
        data=data,
    )
    if data is not None and details.is_valid() & answers_form.is_valid():
        try:
            response = actions.key_paper_response(
                actor=request.user,
                survey=survey,
                reference=details.cleaned_data["reference"],
                answers=answers_form.answers(),
                language=details.cleaned_data["language"],
                filled_in_on=details.cleaned_data["filled_in_on"],
                consent_to_quote=details.cleaned_data["consent_to_quote"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                details.add_error(field if field in details.fields else None, errors)
        else:
            messages.success(
                request,
                _("Form %(reference)s keyed. Key the next one below.")
                % {"reference": response.paper_reference},
            )
            return redirect("consult:survey_paper", slug)
    items = answers_form.items()
    return render(
        request,
        "consult/survey/paper.html",
        {
            "consultation": consultation,
            "survey": survey,
            "details": details,
            "items": items,
            "problems": form_problems(govuk_classes(details)) + page_problems(items),
            "keyed": survey.responses.filter(method=Method.PAPER_SURVEY).count(),
            "section": "consult",
        },
    )

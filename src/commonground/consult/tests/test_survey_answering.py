"""A resident answers the online survey: consent, page by page with GOV.UK errors,
conditions decided by the server, save and come back with a code, check and send."""

from __future__ import annotations

import inspect
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from commonground.consult.models import Comment, ConsultationStatus, Method, SurveyResponse
from commonground.consult.models.survey import hash_token
from commonground.core.models import AuditEvent

from .survey_fixtures import SurveyWorld, english_between_tests, survey_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def url(world: SurveyWorld, name: str, *args) -> str:
    return reverse(f"consult:{name}", args=[world.consultation.slug, *args])


def start(client: Client, world: SurveyWorld, **extra) -> SurveyResponse:
    response = client.post(url(world, "survey_start"), {"consent": "on", **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SurveyResponse.objects.latest("pk")


def page1(world: SurveyWorld, **ranks) -> dict[str, str]:
    options = {o.label: o.pk for o in world.consultation.options.all()}
    data = {"action": "continue", f"q{world.belonging.pk}": "4"}
    for label, rank in (ranks or {"Employment": "1", "Young people": "2"}).items():
        data[f"q{world.ranking.pk}-{options[label.replace('_', ' ')]}"] = rank
    return data


def test_the_start_page_shows_purpose_and_consent_and_needs_the_box_ticked(survey_world):
    client = Client()
    page = client.get(url(survey_world, "survey_start"))
    assert "We use your answers to plan the strategy" in page.content.decode()

    refused = client.post(url(survey_world, "survey_start"), {})

    html = refused.content.decode()
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_consent"' in html
    assert not SurveyResponse.objects.exists()


def test_consent_time_version_and_quote_permission_are_recorded(survey_world):
    before = timezone.now()
    response = start(Client(), survey_world, consent_to_quote="on")

    assert response.consent_given_at >= before
    assert response.consent_version == survey_world.survey.consent_version == "1"
    assert response.consent_to_quote is True
    assert response.method == Method.SURVEY
    assert AuditEvent.objects.filter(
        action="consult.survey_consent_given", object_id=str(response.pk)
    ).exists()


def test_urdu_pages_show_the_urdu_wording_right_to_left(survey_world):
    client = Client()
    with translation.override("ur"):
        start_url, page_url = url(survey_world, "survey_start"), url(survey_world, "survey_page", 1)
    assert start_url.startswith("/ur/")
    client.post(start_url, {"consent": "on"})
    html = client.get(page_url).content.decode()

    assert 'dir="rtl"' in html
    assert "آپ کے لیے سب سے اہم کیا ہے؟" in html  # the question
    assert "روزگار" in html  # a priority option's label
    assert SurveyResponse.objects.get().language == "ur"


def test_a_required_question_left_empty_gets_an_error_summary_linked_to_it(survey_world):
    client = Client()
    start(client, survey_world)
    data = page1(survey_world)
    del data[f"q{survey_world.belonging.pk}"]

    html = client.post(url(survey_world, "survey_page", 1), data).content.decode()

    assert "<title>Error:" in html
    assert f'href="#id_q{survey_world.belonging.pk}-0"' in html
    assert "I feel I belong to my neighbourhood: Select an answer" in html
    assert f'govuk-form-group--error" id="q{survey_world.belonging.pk}"' in html
    # what was typed is still there
    assert 'value="1" selected' in html


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ({"Employment": "1", "Young people": "1"}, "You gave rank 1 to more than one option"),
        ({"Employment": "2"}, "Start at rank 1 and do not skip a number"),
        ({"Employment": "4"}, "Ranks go from 1 to 3"),
        ({"Employment": ""}, "Rank at least one option"),
    ],
)
def test_a_ranking_must_start_at_one_and_use_each_rank_once(survey_world, ranks, message):
    client = Client()
    start(client, survey_world)

    html = client.post(url(survey_world, "survey_page", 1), page1(survey_world, **ranks))

    assert message in html.content.decode()


def test_a_ranking_is_stored_as_option_ids_best_first(survey_world):
    client = Client()
    response = start(client, survey_world)
    data = page1(survey_world, Young_people="1", Employment="2", Feeling_safe="3")

    client.post(url(survey_world, "survey_page", 1), data)

    options = {o.label: o.pk for o in survey_world.consultation.options.all()}
    stored = response.answers.get(question=survey_world.ranking).value
    assert stored == [
        str(options["Young people"]),
        str(options["Employment"]),
        str(options["Feeling safe"]),
    ]


def _to_page_4(client: Client, world: SurveyWorld, volunteered: str = "c2") -> SurveyResponse:
    response = start(client, world)
    client.post(url(world, "survey_page", 1), page1(world))
    client.post(url(world, "survey_page", 2), {f"q{world.volunteered.pk}": volunteered})
    return response


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postcode", "BD1", "Enter a full UK postcode, like BD1 1HY"),
        ("postcode", "12345", "Enter a full UK postcode, like BD1 1HY"),
        ("moved-day", "31", "The date must include a month and a year"),
        ("moved-all", "31/2/2020", "Enter a real date, for example 27 3 2025"),
    ],
)
def test_postcodes_and_dates_are_checked(survey_world, field, value, message):
    client = Client()
    _to_page_4(client, survey_world)
    name, _, part = field.partition("-")
    question = getattr(survey_world, name)
    data = {"action": "continue"}
    if part == "all":
        day, month, year = value.split("/")
        data.update({f"q{question.pk}-day": day, f"q{question.pk}-month": month})
        data[f"q{question.pk}-year"] = year
    elif part:
        data[f"q{question.pk}-{part}"] = value
    else:
        data[f"q{question.pk}"] = value

    html = client.post(url(survey_world, "survey_page", 4), data).content.decode()

    assert message in html
    assert "<title>Error:" in html


def test_a_good_postcode_and_date_are_stored_normalised(survey_world):
    client = Client()
    response = _to_page_4(client, survey_world)
    data = {
        f"q{survey_world.postcode.pk}": " bd8 7hy ",
        f"q{survey_world.moved.pk}-day": "۵",  # Urdu digits are accepted
        f"q{survey_world.moved.pk}-month": "3",
        f"q{survey_world.moved.pk}-year": "2019",
    }

    reply = client.post(url(survey_world, "survey_page", 4), data)

    assert reply.status_code == 302
    answers = response.answer_values()
    assert answers[survey_world.postcode.pk] == "BD8 7HY"
    assert answers[survey_world.moved.pk] == "2019-03-05"


def test_a_conditional_page_is_skipped_when_its_condition_does_not_hold(survey_world):
    client = Client()
    start(client, survey_world)
    client.post(url(survey_world, "survey_page", 1), page1(survey_world))

    after_no = client.post(
        url(survey_world, "survey_page", 2), {f"q{survey_world.volunteered.pk}": "c2"}
    )

    assert after_no["Location"] == url(survey_world, "survey_page", 4)
    # Asking for the skipped page sends the resident on too
    assert client.get(url(survey_world, "survey_page", 3))["Location"] == url(
        survey_world, "survey_page", 4
    )


def test_a_conditional_page_is_asked_when_its_condition_holds_and_checks_number_ranges(
    survey_world,
):
    client = Client()
    start(client, survey_world)
    client.post(url(survey_world, "survey_page", 1), page1(survey_world))

    after_yes = client.post(
        url(survey_world, "survey_page", 2), {f"q{survey_world.volunteered.pk}": survey_world.yes}
    )
    assert after_yes["Location"] == url(survey_world, "survey_page", 3)

    html = client.post(
        url(survey_world, "survey_page", 3), {f"q{survey_world.hours.pk}": "500"}
    ).content.decode()
    assert "Enter a number between 0 and 200" in html
    html = client.post(
        url(survey_world, "survey_page", 3), {f"q{survey_world.hours.pk}": "lots"}
    ).content.decode()
    assert "Enter a number, like 3" in html


class RecordingClient(Client):
    """A test client that keeps every response, so each request's WSGI environ can be read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.responses = []

    def request(self, **request):
        response = super().request(**request)
        self.responses.append(response)
        return response


def _save_for_later(world: SurveyWorld) -> tuple[RecordingClient, SurveyResponse, str, str]:
    """A resident answers page 1, saves on page 2; returns (client, response, link, code)."""
    client = RecordingClient()
    response = start(client, world)
    client.post(url(world, "survey_page", 1), page1(world))
    # On page 2 the resident saves without answering the required question: allowed.
    saved = client.post(url(world, "survey_page", 2), {"action": "save"})
    return client, response, saved.context["link"], saved.context["code"]


def test_save_and_come_back_stores_only_a_hash_and_resumes_at_the_first_unfinished_page(
    survey_world,
):
    _client, response, link, code = _save_for_later(survey_world)

    page, token = link.split("#")
    assert page == "http://testserver" + url(survey_world, "survey_resume")
    assert code.replace("-", "") == token and len(code.split("-")) == 6  # grouped to read
    response.refresh_from_db()
    assert response.resume_token_hash == hash_token(token)
    assert token not in str(SurveyResponse.objects.values().get(pk=response.pk))
    assert AuditEvent.objects.filter(action="consult.survey_saved_for_later").exists()

    elsewhere = Client()  # a new device: no session
    assert elsewhere.get(url(survey_world, "survey_page", 1))["Location"] == url(
        survey_world, "survey_start"
    )
    form = elsewhere.get(url(survey_world, "survey_resume"))
    assert form.status_code == 200 and 'id="resume-form"' in form.content.decode()
    resumed = elsewhere.post(url(survey_world, "survey_resume"), {"code": token})
    assert resumed["Location"] == url(survey_world, "survey_page", 2)
    page = elsewhere.get(url(survey_world, "survey_page", 1)).content.decode()
    assert 'value="4" checked' in page  # the saved Likert answer is there


def test_a_code_typed_by_hand_works_in_any_case_with_spaces_and_look_alikes(survey_world):
    _client, _response, _link, code = _save_for_later(survey_world)
    typed = " ".join(code.lower().split("-")).replace("0", "o").replace("1", "l")

    resumed = Client().post(url(survey_world, "survey_resume"), {"code": typed})

    assert resumed["Location"] == url(survey_world, "survey_page", 2)


def test_a_resume_link_handed_out_before_codes_still_brings_the_answers_back(survey_world):
    _client, response, _link, _code = _save_for_later(survey_world)
    old_token = "Zk3_old-style-token-from-2026-11"  # the longer mixed-case tokens of old links
    SurveyResponse.objects.filter(pk=response.pk).update(resume_token_hash=hash_token(old_token))
    old_link = url(survey_world, "survey_resume") + old_token + "/"

    resumed = Client().get(old_link)
    unknown = Client().get(url(survey_world, "survey_resume") + "not-a-saved-token/")

    assert resumed["Location"] == url(survey_world, "survey_page", 2)
    assert unknown["Location"] == url(survey_world, "survey_resume")


def _gunicorn_access_line(response) -> str:
    """The line `commonground serve`'s gunicorn would write to its access log for a request."""
    from datetime import timedelta

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    environ = dict(response.wsgi_request.META)
    query = environ.get("QUERY_STRING", "")
    environ["RAW_URI"] = environ["PATH_INFO"] + (f"?{query}" if query else "")
    environ.setdefault("SERVER_PROTOCOL", "HTTP/1.1")
    headers = [
        (key[5:].replace("_", "-"), str(value))
        for key, value in environ.items()
        if key.startswith("HTTP_")
    ]
    sent = SimpleNamespace(
        status=f"{response.status_code} X", headers=list(response.items()), sent=10
    )
    config = Config()
    atoms = Logger(config).atoms(sent, headers, environ, timedelta(seconds=0))
    return config.access_log_format % atoms


def test_the_resume_code_never_reaches_a_url_the_server_or_its_access_log_sees(survey_world):
    from commonground.core.management.commands import serve

    # `serve` keeps gunicorn's default access-log format (request line, Referer, agent).
    assert "access-logformat" not in inspect.getsource(serve), (
        "serve sets its own access-log format: compute the line below with it"
    )
    saver, _response, link, code = _save_for_later(survey_world)
    token = link.split("#")[1]
    elsewhere = RecordingClient()
    elsewhere.get(url(survey_world, "survey_resume"))  # what a browser sends for the link
    resumed = elsewhere.post(url(survey_world, "survey_resume"), {"code": token})
    elsewhere.get(resumed["Location"])

    requests = saver.responses + elsewhere.responses
    assert len(requests) == 6
    for response in requests:
        meta = response.wsgi_request.META
        for secret in (token, code):
            assert secret not in meta["PATH_INFO"]
            assert secret not in meta.get("QUERY_STRING", "")
            assert secret not in meta.get("HTTP_REFERER", "")
            assert secret not in response.get("Location", "")
            assert secret not in _gunicorn_access_line(response)
    # The code only ever travelled in a POST body (and in the one page that shows it).
    assert elsewhere.responses[1].wsgi_request.POST["code"] == token


def test_a_wrong_or_replaced_code_shows_a_clear_error_and_resumes_nothing(survey_world):
    _client, _response, first_link, _code = _save_for_later(survey_world)
    newer = Client()
    newer.cookies = _client.cookies
    newer.post(url(survey_world, "survey_page", 2), {"action": "save"})  # replaces the code

    other = Client()
    old = other.post(url(survey_world, "survey_resume"), {"code": first_link.split("#")[1]})
    html = old.content.decode()
    assert old.status_code == 404
    assert "That code does not work" in html and 'class="govuk-error-summary"' in html
    assert other.get(url(survey_world, "survey_page", 1))["Location"] == url(
        survey_world, "survey_start"
    )
    empty = other.post(url(survey_world, "survey_resume"), {"code": ""})
    assert "Enter the code you were given when you saved" in empty.content.decode()


def _complete(client: Client, world: SurveyWorld) -> SurveyResponse:
    response = start(client, world, consent_to_quote="on")
    client.post(url(world, "survey_page", 1), page1(world))
    client.post(url(world, "survey_page", 2), {f"q{world.volunteered.pk}": world.yes})
    client.post(
        url(world, "survey_page", 3),
        {f"q{world.volunteering.pk}": "Ran the food bank stall", f"q{world.hours.pk}": "8"},
    )
    client.post(
        url(world, "survey_page", 4),
        {f"q{world.idea.pk}": "More youth clubs. Call me on 07700 900123."},
    )
    client.post(
        url(world, "survey_page", 5),
        {f"q{world.age.pk}": "25_34", f"q{world.ward.pk}": "E05001347"},
    )
    return response


def send(client: Client, world: SurveyWorld) -> SurveyResponse:
    """A resident answers every page and sends their answers."""
    response = _complete(client, world)
    client.post(url(world, "survey_check"))
    response.refresh_from_db()
    assert response.submitted_at is not None
    return response


def test_check_your_answers_lists_what_was_answered_with_change_links(survey_world):
    client = Client()
    _complete(client, survey_world)

    html = client.get(url(survey_world, "survey_check")).content.decode()

    assert "1. Employment" in html and "2. Young people" in html
    assert "Agree" in html
    assert "25 to 34" in html and "City (Bradford)" in html
    assert url(survey_world, "survey_page", 4) + f"#q{survey_world.idea.pk}" in html


def test_sending_turns_free_text_into_comments_and_records_about_you(survey_world):
    client = Client()
    response = _complete(client, survey_world)

    sent = client.post(url(survey_world, "survey_check"))

    assert sent["Location"] == url(survey_world, "survey_done")
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert response.about_you == {"age_band": "25_34", "ward": "E05001347"}
    assert response.ward.code == "E05001347"
    comments = Comment.objects.filter(response=response).order_by("pk")
    assert [c.text for c in comments] == [
        "Ran the food bank stall",
        "More youth clubs. Call me on 07700 900123.",
    ]
    assert {c.method for c in comments} == {Method.SURVEY}
    assert all(c.consent_to_quote and c.ward_id == response.ward_id for c in comments)
    assert comments[1].question == survey_world.idea
    assert "07700 900123" not in comments[1].text_masked  # masked by the evidence base
    assert AuditEvent.objects.filter(
        action="consult.survey_submitted", object_id=str(response.pk)
    ).exists()
    done = client.get(url(survey_world, "survey_done")).content.decode()
    assert "Your answers have been sent" in done


def test_answers_to_questions_no_longer_asked_are_dropped_on_sending(survey_world):
    client = Client()
    response = _complete(client, survey_world)
    # The resident goes back and says they did not volunteer after all
    client.post(url(survey_world, "survey_page", 2), {f"q{survey_world.volunteered.pk}": "c2"})

    client.post(url(survey_world, "survey_check"))

    assert survey_world.volunteering.pk not in response.answer_values()
    assert not Comment.objects.filter(question=survey_world.volunteering).exists()


def test_sending_with_a_required_answer_missing_points_to_it(survey_world):
    client = Client()
    response = start(client, survey_world)
    client.post(url(survey_world, "survey_page", 1), {"action": "save"})  # nothing answered

    html = client.post(url(survey_world, "survey_check")).content.decode()

    assert "Answer every required question before sending" in html
    assert url(survey_world, "survey_page", 1) + f"#q{survey_world.ranking.pk}" in html
    response.refresh_from_db()
    assert response.submitted_at is None


def test_only_the_respondent_sees_their_answers(survey_world):
    client = Client()
    _complete(client, survey_world)

    stranger = Client()
    assert stranger.get(url(survey_world, "survey_check"))["Location"] == url(
        survey_world, "survey_start"
    )
    assert stranger.get(url(survey_world, "survey_done"))["Location"] == url(
        survey_world, "survey_start"
    )


def test_a_closed_consultation_shows_a_closed_page_and_takes_no_answers(survey_world):
    consultation = survey_world.consultation
    consultation.closes_at = timezone.now() - timedelta(hours=1)
    consultation.status = ConsultationStatus.CLOSED
    consultation.save()
    client = Client()

    page = client.get(url(survey_world, "survey_start"))
    client.post(url(survey_world, "survey_start"), {"consent": "on"})

    assert "This survey is closed" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_unpublished_survey_is_not_open_to_residents(survey_world):
    survey_world.survey.published = False
    survey_world.survey.save()

    html = Client().get(url(survey_world, "survey_start")).content.decode()

    assert "This survey is closed" in html

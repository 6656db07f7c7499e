"""The device's copy of interview notes is deleted only on the server's word: the page the
save redirects to names the copy it received, once; a form sent back with a mistake, or any
other visit, names none, so the device keeps the notes."""

from django.urls import reverse

from commonground.readiness.models import Interview

DRAFT = "0123456789abcdef01234567"


def _post(client, people, assessment, **extra):
    client.force_login(people["interviewer"])
    data = {
        "respondent_role": "youth worker",
        "held_on": "2026-01-20",
        "language": "pl",
        "notes": "Brakuje opieki nad dziećmi.",
        "offline_draft": DRAFT,
    }
    data.update(extra)
    return client.post(reverse("readiness:interview_new", args=[assessment.pk]), data)


def test_the_page_after_saving_names_the_copy_it_saved_once(client, people, assessment):
    response = _post(client, people, assessment)
    interview = Interview.objects.get()
    assert response.status_code == 302 and response.url == interview.get_absolute_url()

    body = client.get(response.url).content.decode()
    key = f"readiness-interview-{assessment.pk}-{people['interviewer'].pk}"
    assert f'data-offline-saved="{key}" data-offline-draft="{DRAFT}"' in body
    assert "readiness/offline-interview.js" in body

    again = client.get(response.url).content.decode()
    assert "data-offline-saved" not in again  # said once: a later visit deletes nothing


def test_a_form_sent_back_with_a_mistake_confirms_nothing(client, people, assessment):
    response = _post(client, people, assessment, held_on="not a date")
    assert response.status_code == 200
    assert not Interview.objects.exists()
    body = response.content.decode()
    assert "data-offline-bound" in body  # the device keeps what the server shows
    assert "readiness_saved_draft" not in client.session


def test_an_id_that_is_not_one_of_ours_is_not_repeated(client, people, assessment):
    response = _post(client, people, assessment, offline_draft='"><script>')
    body = client.get(response.url).content.decode()
    assert Interview.objects.count() == 1
    assert "data-offline-saved" not in body


def test_the_same_copy_sent_twice_is_recorded_once_and_confirmed_again(client, people, assessment):
    """The first answer never reached the device, so it sends the copy again: the server
    finds the interview it already has, records nothing new, and confirms the copy."""
    from commonground.core.models import AuditEvent

    first = _post(client, people, assessment)
    client.get(first.url)  # the confirmation was lost on the way back
    second = _post(client, people, assessment)
    interview = Interview.objects.get()
    assert second.url == first.url == interview.get_absolute_url()
    assert interview.draft_id == DRAFT
    assert AuditEvent.objects.filter(action="readiness.interview_recorded").count() == 1
    body = client.get(second.url).content.decode()
    assert f'data-offline-draft="{DRAFT}"' in body


def test_interviews_typed_without_a_device_copy_are_all_kept(client, people, assessment):
    _post(client, people, assessment, offline_draft="")
    _post(client, people, assessment, offline_draft="")
    assert Interview.objects.count() == 2

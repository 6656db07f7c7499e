"""Walking Open Book's URLs as each role: who sees what, who may press which button, and the
coordinator's safeguarding notes and the volunteer's feedback kept from everyone else."""

import pytest

from commonground.openbook import actions
from commonground.openbook.models import TalkRequest

from .conftest import new_offer, new_request, soon


def _status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def test_each_role_walks_the_urls(cast, client):
    offer = new_offer(cast)
    pending = new_offer(cast, who="marek", approve=False, title="Pending talk")
    request = new_request(cast)
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    detail = f"/open-book/requests/{request.pk}/"
    # public pages
    assert _status(client, None, "/open-book/") == 200
    assert _status(client, None, f"/open-book/talks/{offer.pk}/") == 200
    assert _status(client, None, f"/open-book/talks/{pending.pk}/") == 404
    assert _status(client, None, "/open-book/join/") == 200
    assert _status(client, None, "/open-book/request/") == 302  # to sign in
    # a pending talk: its volunteer and coordinators only
    assert _status(client, cast["marek"], f"/open-book/talks/{pending.pk}/") == 200
    assert _status(client, cast["coordinator"], f"/open-book/talks/{pending.pk}/") == 200
    assert _status(client, cast["amina"], f"/open-book/talks/{pending.pk}/") == 404
    # the request page: the two sides and the coordinator
    for who in ("coordinator", "amina", "requester"):
        assert _status(client, cast[who], detail) == 200, who
    for who in ("marek", "stranger", "board", "teacher"):
        assert _status(client, cast[who], detail) == 403, who
    # the coordinator's desk and figures
    assert _status(client, cast["coordinator"], "/open-book/coordinate/") == 200
    for who in ("amina", "requester", "board", "teacher"):
        assert _status(client, cast[who], "/open-book/coordinate/") == 403, who
        assert _status(client, cast[who], "/open-book/figures/") == 403, who
    # buttons of the other side are refused
    assert (
        _status(client, cast["requester"], f"{detail}respond/", "post", {"answer": "accept"}) == 403
    )
    request.refresh_from_db()
    assert request.volunteer_accepted_at is None
    assert _status(client, cast["amina"], f"/open-book/talks/{pending.pk}/approve/", "post") == 403
    assert _status(client, cast["stranger"], f"{detail}cancel/", "post", {"reason": "x"}) == 403
    assert TalkRequest.objects.get(pk=request.pk).status == "matched"


def test_safeguarding_notes_are_for_the_coordinator_only(cast, client):
    offer = new_offer(cast)
    request = new_request(cast, audience_kind="school", age_group="children")
    actions.save_safeguarding(
        actor=cast["coordinator"],
        request=request,
        notes="Pupil X must not be photographed",
        checklist=[],
    )
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    url = f"/open-book/requests/{request.pk}/"
    client.force_login(cast["coordinator"])
    assert "Pupil X" in client.get(url).content.decode()
    for who in ("amina", "requester"):
        client.force_login(cast[who])
        assert "Pupil X" not in client.get(url).content.decode()
    client.force_login(cast["amina"])
    assert client.post(f"{url}safeguarding/", {"notes": "changed"}).status_code == 403


def test_a_requester_asks_for_a_picked_talk_through_the_form(cast, client):
    offer = new_offer(cast)
    client.force_login(cast["requester"])
    page = client.get(f"/open-book/request/?talk={offer.pk}")
    assert offer.title in page.content.decode()
    data = {
        "talk": offer.pk,
        "organisation_name": "Shipley Library reading group",
        "contact_email": "requester@example.org",
        "audience_kind": "community",
        "audience_size": "0",
        "age_group": "adults",
        "ward": TalkRequest._meta.get_field("ward").related_model.objects.wards().first().pk,
        "format": "in_person",
        "preferred_dates": "Any Friday",
        "wants_to_learn": "Everyday life",
    }
    bad = client.post("/open-book/request/", data)
    assert bad.status_code == 200 and "audience_size" in bad.context["form"].errors
    assert not TalkRequest.objects.exists()
    data["audience_size"] = "12"
    done = client.post("/open-book/request/", data)
    made = TalkRequest.objects.get()
    assert done.url == f"/open-book/requests/{made.pk}/" and made.talk == offer


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_pages_render_in_other_languages(cast, client, language):
    offer = new_offer(cast)
    request = new_request(cast)
    client.force_login(cast["coordinator"])
    for url in (
        "/open-book/",
        f"/open-book/talks/{offer.pk}/",
        f"/open-book/requests/{request.pk}/",
    ):
        page = client.get(f"/{language}{url}")
        assert page.status_code == 200
        assert f'lang="{language}"' in page.content.decode()[:400]

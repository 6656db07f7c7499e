"""A resident's coming events on "Your tasks"; the tools each role gets."""

import pytest

from commonground.involved import actions, waiting


@pytest.mark.django_db
def test_a_residents_places_and_wait_list_show_as_tasks(people, event):
    for name in ("bob", "carol"):
        actions.register(actor=people[name], event=event)
    actions.register(actor=people["alice"], event=event)
    texts = [task.text for task in waiting.tasks(people["alice"])]
    assert texts == [f"You are on the wait list for {event.title}."]
    assert [t.text for t in waiting.tasks(people["bob"])] == [f"You have a place at {event.title}."]


@pytest.mark.django_db
def test_organisers_get_the_publishing_tool_residents_do_not(people):
    assert "Publish an event" in [t.label for t in waiting.tools(people["organiser"])]
    assert [t.label for t in waiting.tools(people["alice"])] == ["Events", "My involvement"]

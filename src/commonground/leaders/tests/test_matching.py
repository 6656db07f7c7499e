"""Mentor matching (pure): never the same organisation, the most shared goals, deterministic."""

from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.leaders.matching import Person, match

GOALS = list("abcdefg")


def test_the_best_total_of_shared_goals_wins():
    people = [Person("p1", "x", frozenset("ab")), Person("p2", "y", frozenset("c"))]
    mentors = [Person("m1", "z", frozenset("ab")), Person("m2", "z", frozenset("c"))]
    pairs, unmatched = match(people, mentors)
    assert {(p.participant, p.mentor, p.shared) for p in pairs} == {
        ("p1", "m1", ("a", "b")),
        ("p2", "m2", ("c",)),
    }
    assert unmatched == []


def test_a_colleague_is_never_the_mentor_even_with_every_goal_shared():
    people = [Person("p1", "council", frozenset("abc"))]
    mentors = [
        Person("m1", "council", frozenset("abc")),
        Person("m2", "police", frozenset("z")),
    ]
    pairs, _unmatched = match(people, mentors)
    assert [(p.mentor, p.score) for p in pairs] == [("m2", 0)]


def test_someone_whose_only_mentors_are_colleagues_is_left_unmatched():
    pairs, unmatched = match(
        [Person("p1", "council", frozenset("a"))], [Person("m1", "council", frozenset("a"), 2)]
    )
    assert pairs == [] and unmatched == ["p1"]


def test_a_mentor_takes_no_more_than_their_capacity():
    people = [Person(f"p{i}", "x", frozenset("a")) for i in range(5)]
    pairs, unmatched = match(people, [Person("m1", "y", frozenset("a"), 2)])
    assert len(pairs) == 2 and len(unmatched) == 3


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.sets(st.sampled_from(GOALS))), min_size=1, max_size=12
    ),
    st.lists(
        st.tuples(st.integers(0, 3), st.sets(st.sampled_from(GOALS)), st.integers(1, 3)),
        min_size=1,
        max_size=8,
    ),
)
def test_no_pair_is_ever_from_the_same_organisation(people, mentors):
    participants = [Person(f"p{i}", f"o{o}", frozenset(g)) for i, (o, g) in enumerate(people)]
    mentor_list = [Person(f"m{i}", f"o{o}", frozenset(g), c) for i, (o, g, c) in enumerate(mentors)]
    pairs, unmatched = match(participants, mentor_list)
    orgs = {p.id: p.organisation for p in participants + mentor_list}
    assert all(orgs[p.participant] != orgs[p.mentor] for p in pairs)
    load = {}
    for p in pairs:
        load[p.mentor] = load.get(p.mentor, 0) + 1
    assert all(load[m.id] <= m.capacity for m in mentor_list if m.id in load)
    assert len(pairs) + len(unmatched) == len(participants)
    assert match(participants, mentor_list) == (pairs, unmatched)  # deterministic

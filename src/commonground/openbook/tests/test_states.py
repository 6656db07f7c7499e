"""The request's state machine, without a database."""

from datetime import date, datetime, timedelta

from commonground.openbook import states


def test_moves_follow_the_diagram():
    assert states.may_move("requested", "matched")
    assert states.may_move("matched", "requested")
    assert states.may_move("matched", "confirmed")
    assert states.may_move("confirmed", "delivered")
    assert not states.may_move("requested", "confirmed")
    assert not states.may_move("requested", "delivered")
    assert not states.may_move("delivered", "cancelled")
    assert not states.may_move("cancelled", "matched")


def test_short_notice_and_quarters():
    now = datetime(2026, 5, 1, 12)
    assert states.short_notice(now + timedelta(hours=47), now)
    assert not states.short_notice(now + timedelta(hours=49), now)
    assert not states.short_notice(None, now)
    assert states.quarter(date(2026, 12, 31)) == "2026-Q4"
    assert states.quarter(date(2027, 1, 1)) == "2027-Q1"

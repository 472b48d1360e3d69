"""The authorization counter (treatment/authorization.py): pure, a table of cases."""

from datetime import date, timedelta

import pytest

from treatment.authorization import Grant, count, covers

D = date(2026, 11, 2)


def days(n, start=D):
    return [start + timedelta(days=i) for i in range(n)]


def counter(grants, sessions, today=D + timedelta(days=20), warn_sessions=5, warn_days=7):
    return count(grants, sessions, today=today, warn_sessions=warn_sessions, warn_days=warn_days)


AUTH = Grant(30, D, D + timedelta(days=60), key="auth")
EXTENSION = Grant(6, D + timedelta(days=61), D + timedelta(days=90), key="ext")


def test_it_counts_approved_used_and_remaining():
    result = counter([AUTH], days(12))
    assert (result.approved, result.used, result.remaining, result.beyond) == (30, 12, 18, 0)
    assert result.ends_on == D + timedelta(days=60)
    assert not result.needs_warning


def test_an_extension_adds_its_sessions_and_moves_the_end():
    result = counter([AUTH, EXTENSION], days(12))
    assert (result.approved, result.remaining) == (36, 24)
    assert result.ends_on == D + timedelta(days=90)
    assert result.current == "ext"


@pytest.mark.parametrize(
    ("used", "low"),
    [(24, False), (25, True), (30, True)],
)
def test_it_runs_low_at_the_setting_or_fewer(used, low):
    assert counter([AUTH], days(used)).running_low is low


def test_it_ends_soon_within_the_setting():
    ends = AUTH.valid_to
    assert not counter([AUTH], [], today=ends - timedelta(days=8)).ending_soon
    assert counter([AUTH], [], today=ends - timedelta(days=7)).ending_soon
    assert counter([AUTH], [], today=ends + timedelta(days=1)).ending_soon


def test_sessions_outside_every_grant_are_beyond():
    result = counter([AUTH], [D - timedelta(days=1), *days(3)])
    assert (result.used, result.beyond) == (3, 1)


def test_sessions_over_the_approved_number_are_beyond():
    small = Grant(2, D, D + timedelta(days=60))
    result = counter([small], days(3))
    assert (result.used, result.remaining, result.beyond) == (2, 0, 1)


def test_the_unused_sessions_of_an_ended_grant_lapse():
    short = Grant(10, D, D + timedelta(days=5))
    result = counter([short, EXTENSION], days(4), today=D + timedelta(days=62))
    assert (result.used, result.lapsed, result.remaining) == (4, 6, 6)


def test_a_session_uses_the_grant_that_ends_first():
    # Both valid on day 0; the short one is used first, so the long one still covers day 20.
    short = Grant(1, D, D + timedelta(days=1))
    long = Grant(1, D, D + timedelta(days=30))
    assert counter([long, short], [D, D + timedelta(days=20)]).beyond == 0


def test_no_grant_no_warning_and_no_end():
    result = counter([], days(2))
    assert not result.has_authorization
    assert not result.needs_warning
    assert result.beyond == 2


def test_covers_says_whether_one_more_session_fits():
    small = Grant(2, D, D + timedelta(days=60))
    assert covers([small], days(1), D + timedelta(days=5))
    assert not covers([small], days(2), D + timedelta(days=5))
    assert not covers([AUTH], [], D + timedelta(days=61))

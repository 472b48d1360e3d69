"""The authorization counter: how many sessions the payer approved, how many of them the course
has used, how many remain, until when, and whether the care team should be warned.

Pure: plain dates and numbers in, a frozen result out (the ORM side is
``treatment/services/courses.py``). A *grant* is an authorization or one of its extensions:
a number of sessions usable between two dates. A session uses a grant valid on its date; taken
in date order, each session uses the valid grant that ends first, which covers as many sessions
as any assignment can. A session no grant covers is *beyond the authorization*.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Grant:
    sessions: int
    valid_from: date
    valid_to: date
    key: object = None  # what the caller needs to find the row again


@dataclass(frozen=True)
class Counter:
    approved: int
    used: int
    remaining: int  # unused sessions of grants that have not ended
    lapsed: int  # unused sessions of grants that ended
    beyond: int  # sessions no grant covers
    ends_on: date | None
    running_low: bool
    ending_soon: bool
    current: object = None  # the key of the grant that ends last

    @property
    def needs_warning(self):
        return self.running_low or self.ending_soon

    @property
    def has_authorization(self):
        return self.ends_on is not None


def _allocate(grants, session_dates):
    """Per grant, how many sessions it covers; and how many sessions nothing covers."""
    left = [grant.sessions for grant in grants]
    beyond = 0
    for day in sorted(session_dates):
        valid = [
            i for i, g in enumerate(grants) if g.valid_from <= day <= g.valid_to and left[i] > 0
        ]
        if not valid:
            beyond += 1
            continue
        first = min(valid, key=lambda i: (grants[i].valid_to, i))
        left[first] -= 1
    return left, beyond


def count(grants, session_dates, *, today, warn_sessions, warn_days):
    """The counter of a course with these grants and sessions on these dates."""
    grants = list(grants)
    left, beyond = _allocate(grants, session_dates)
    approved = sum(grant.sessions for grant in grants)
    remaining = sum(n for n, g in zip(left, grants, strict=True) if g.valid_to >= today)
    ends_on = max((grant.valid_to for grant in grants), default=None)
    current = max(range(len(grants)), key=lambda i: (grants[i].valid_to, i), default=None)
    return Counter(
        approved=approved,
        used=approved - sum(left),
        remaining=remaining,
        lapsed=sum(left) - remaining,
        beyond=beyond,
        ends_on=ends_on,
        running_low=bool(grants) and remaining <= warn_sessions,
        ending_soon=ends_on is not None and (ends_on - today).days <= warn_days,
        current=None if current is None else grants[current].key,
    )


def covers(grants, session_dates, day):
    """Whether one more session on ``day`` would be covered by a grant."""
    _, before = _allocate(list(grants), session_dates)
    _, after = _allocate(list(grants), [*session_dates, day])
    return after == before

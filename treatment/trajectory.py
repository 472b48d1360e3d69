"""A course's PHQ-9 over time: baseline, latest, change, response and remission.

Pure Python (no Django, nothing else of the project), like intake.eligibility: the outcomes
report, the charts and the demo data all read a course through here. The thresholds come from
the clinic's outcome definition (treatment.models.OutcomeDefinition), passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

DEFAULT_RESPONSE_DROP_PERCENT = 50
DEFAULT_REMISSION_BELOW = 5


@dataclass(frozen=True)
class Point:
    taken_on: date
    total: int


@dataclass(frozen=True)
class Thresholds:
    response_drop_percent: int = DEFAULT_RESPONSE_DROP_PERCENT
    remission_below: int = DEFAULT_REMISSION_BELOW

    def response_line(self, baseline: int) -> float:
        """The score at or under which a course counts as a response."""
        return baseline * (100 - self.response_drop_percent) / 100


@dataclass(frozen=True)
class Trajectory:
    points: tuple[Point, ...]
    thresholds: Thresholds

    @property
    def baseline(self) -> int | None:
        return self.points[0].total if self.points else None

    @property
    def latest(self) -> int | None:
        return self.points[-1].total if len(self.points) > 1 else None

    @property
    def change(self) -> int | None:
        """Latest minus baseline: negative when the score went down."""
        if self.latest is None:
            return None
        return self.latest - self.baseline

    @property
    def response(self) -> bool | None:
        """Whether the latest score is down by the response drop from the baseline; None with
        fewer than two check-ins or a baseline of 0."""
        if self.latest is None or not self.baseline:
            return None
        return self.latest <= self.thresholds.response_line(self.baseline)

    @property
    def remission(self) -> bool | None:
        if self.latest is None:
            return None
        return self.latest < self.thresholds.remission_below


def trajectory(points: Iterable[tuple[date, int]], thresholds: Thresholds | None = None):
    """The trajectory of (date, total) pairs, in date order (the first is the baseline)."""
    ordered = tuple(Point(taken_on, total) for taken_on, total in points)
    ordered = tuple(sorted(ordered, key=lambda point: point.taken_on))
    return Trajectory(ordered, thresholds or Thresholds())


def staff_sentence(course: Trajectory) -> str:
    """The trajectory in plain words for staff ("The PHQ-9 went from ..."): scores and their
    change, never a judgement. The patient's words, in their language, are
    treatment.chart_words.patient_sentence."""
    if course.baseline is None:
        return "No PHQ-9 check-in yet."
    if course.latest is None:
        return f"Baseline PHQ-9 {course.baseline}; no later check-in yet."
    opening = f"The PHQ-9 went from {course.baseline} to {course.latest}"
    if course.change == 0:
        return f"The PHQ-9 is {course.latest}, the same as the baseline."
    if course.change > 0:
        return f"{opening}, up by {course.change}."
    if course.latest * 2 < course.baseline:
        return f"{opening}, a drop of more than half."
    if course.latest * 2 == course.baseline:
        return f"{opening}, a drop of half."
    return f"{opening}, a drop of {-course.change}."

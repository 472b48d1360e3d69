"""The PHQ-9 chart of a course as SVG geometry: where each point, line and label goes.

Pure Python (no Django, nothing else of the project but treatment.trajectory), like the
trajectory it draws. templates/treatment/includes/phq9_chart.html turns the geometry into SVG.

The y axis runs from 0 (bottom) to 27 (top), the PHQ-9's range: lower is better. The x axis
places each check-in by its date. Two horizontal lines mark the clinic's outcome definition:
the response line at baseline x (1 - drop%) and the remission line at ``remission_below``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .trajectory import Trajectory

MAX_SCORE = 27
WIDTH = 400
HEIGHT = 260
LEFT = 34  # room for the score labels of the y axis
RIGHT = 16
TOP = 26  # room for the score written over a point at 27
BOTTOM = 34  # room for the dates under the x axis
INSET = 16  # the first and last points sit this far inside the plot, clear of its edges
Y_TICKS = (0, 5, 10, 15, 20, 25)
LABEL_HEIGHT = 16  # one line of 14-unit text, with a little air
MIN_DATE_GAP = 62  # the x distance between two date labels ("Nov. 23" is about 50 wide)
MIN_SCORE_GAP = 24  # the x distance between two score labels over the points


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    taken_on: date
    total: int
    change: int | None  # from the baseline; None for the baseline itself
    score_label: bool  # whether its score is written over it (when there is room)
    date_label: bool  # whether its date is written under the x axis

    @property
    def label_y(self) -> float:
        """The baseline of the score written over the point."""
        return self.y - 10


@dataclass(frozen=True)
class Tick:
    y: float
    score: int


@dataclass(frozen=True)
class Line:
    """A horizontal line across the plot at ``score``, with its label in words."""

    y: float
    score: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int  # the x of the plot's right edge
    top: int
    bottom: int  # the y of the plot's bottom edge (the x axis)
    points: tuple[ChartPoint, ...]
    ticks: tuple[Tick, ...]
    response_line: Line | None
    remission_line: Line

    @property
    def polyline(self) -> str:
        """The SVG ``points`` of the line through the check-ins ("" with fewer than two)."""
        if len(self.points) < 2:
            return ""
        return " ".join(f"{point.x:g},{point.y:g}" for point in self.points)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def date_label_y(self) -> float:
        return self.bottom + 20

    @property
    def tick_label_x(self) -> float:
        return self.left - 6


def score_y(score: float) -> float:
    """The y of a score: 0 at the x axis, 27 at the top of the plot."""
    plot_height = HEIGHT - TOP - BOTTOM
    clamped = min(max(score, 0), MAX_SCORE)
    return round(TOP + (MAX_SCORE - clamped) * plot_height / MAX_SCORE, 1)


def _xs(dates: list[date]) -> list[float]:
    first, last = LEFT + INSET, WIDTH - RIGHT - INSET
    span = (dates[-1] - dates[0]).days
    if span == 0:
        return [round((first + last) / 2, 1)] * len(dates)
    return [round(first + (day - dates[0]).days * (last - first) / span, 1) for day in dates]


def _spaced(xs: list[float], gap: float) -> list[bool]:
    """Which of ``xs`` get a label: the first and the last always, the others when at least
    ``gap`` from the previous label and from the last."""
    shown, previous = [], None
    for index, x in enumerate(xs):
        is_end = index in (0, len(xs) - 1)
        fits = previous is None or (x - previous >= gap and xs[-1] - x >= gap)
        show = is_end or fits
        shown.append(show)
        if show:
            previous = x
    if len(xs) > 1 and xs[-1] - xs[0] < gap:
        shown[-1] = False  # the same place as the first: one label is enough
    return shown


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _line(score: float, label: str) -> Line:
    """The line at ``score``, its label at its left end just under it (the side of the scores
    it marks), or just over it when under would run into the dates of the x axis."""
    y = score_y(score)
    label_y = y + LABEL_HEIGHT - 2
    if label_y > HEIGHT - BOTTOM - 2:
        label_y = y - 4
    return Line(y, score, label, LEFT + 4, label_y)


def _apart(response: Line, remission: Line) -> tuple[Line, Line]:
    """The two lines, the label of the upper one lifted over it when the labels would overlap
    (the lines are close, or the same: a baseline of 10 puts both at 5)."""
    if abs(response.label_y - remission.label_y) >= LABEL_HEIGHT:
        return response, remission
    upper, lower = sorted((response, remission), key=lambda line: line.y)
    upper = replace(upper, label_y=min(upper.y - 4, lower.label_y - LABEL_HEIGHT))
    return (upper, lower) if upper.label == response.label else (lower, upper)


def chart(course: Trajectory) -> Chart | None:
    """The chart of ``course``; None before its first check-in (there is nothing to draw)."""
    if not course.points:
        return None
    dates = [point.taken_on for point in course.points]
    xs = _xs(dates)
    score_labels = _spaced(xs, MIN_SCORE_GAP)
    date_labels = _spaced(xs, MIN_DATE_GAP)
    baseline = course.baseline
    points = tuple(
        ChartPoint(
            x=x,
            y=score_y(point.total),
            taken_on=point.taken_on,
            total=point.total,
            change=None if index == 0 else point.total - baseline,
            score_label=score_labels[index],
            date_label=date_labels[index],
        )
        for index, (point, x) in enumerate(zip(course.points, xs, strict=True))
    )
    thresholds = course.thresholds
    response = None
    if baseline:
        level = thresholds.response_line(baseline)
        drop = thresholds.response_drop_percent
        words = "Half of start" if drop == 50 else f"{drop}% below start"
        response = _line(level, f"{words}: {_number(level)}")
    remission = _line(thresholds.remission_below, f"Under {thresholds.remission_below}")
    if response is not None:
        response, remission = _apart(response, remission)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        points=points,
        ticks=tuple(Tick(score_y(score), score) for score in Y_TICKS),
        response_line=response,
        remission_line=remission,
    )

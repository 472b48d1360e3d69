"""The PHQ-9 chart's geometry: where the points, the line through them, the response and
remission lines and their labels go (treatment/chart.py)."""

import itertools
from datetime import date, timedelta

import pytest
from django.utils import translation

from treatment import chart as geometry
from treatment.chart import chart, score_y
from treatment.chart_words import change_words
from treatment.trajectory import Thresholds, trajectory

START = date(2026, 11, 2)


def _chart(*totals, thresholds=None, days=7):
    points = [(START + timedelta(days=days * week), total) for week, total in enumerate(totals)]
    return chart(trajectory(points, thresholds))


def _inside(drawing, x, y):
    return 0 <= x <= drawing.width and 0 <= y <= drawing.height


def test_no_check_in_draws_no_chart():
    assert chart(trajectory([])) is None


def test_the_y_axis_runs_from_0_at_the_bottom_to_27_at_the_top():
    drawing = _chart(19, 8)
    assert score_y(0) == drawing.bottom == geometry.HEIGHT - geometry.BOTTOM
    assert score_y(27) == drawing.top == geometry.TOP
    assert score_y(8) > score_y(19)  # a lower score is drawn lower
    assert [tick.score for tick in drawing.ticks] == [0, 5, 10, 15, 20, 25]
    assert [tick.y for tick in drawing.ticks] == sorted((t.y for t in drawing.ticks), reverse=True)


def test_points_are_placed_by_date_and_joined_by_the_polyline():
    drawing = _chart(19, 16, 12, 8)
    xs = [point.x for point in drawing.points]
    assert xs[0] == geometry.LEFT + geometry.INSET
    assert xs[-1] == geometry.WIDTH - geometry.RIGHT - geometry.INSET
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    assert max(gaps) - min(gaps) <= 0.2  # a week apart each: evenly spaced (to 0.1 unit)
    assert [point.y for point in drawing.points] == [score_y(s) for s in (19, 16, 12, 8)]
    assert drawing.polyline == " ".join(f"{p.x:g},{p.y:g}" for p in drawing.points)
    assert len(drawing.polyline.split()) == 4


def test_x_follows_the_dates_not_the_order_of_check_ins():
    points = [(START, 19), (START + timedelta(days=3), 17), (START + timedelta(days=30), 9)]
    drawing = chart(trajectory(points))
    first, middle, last = (point.x for point in drawing.points)
    assert middle - first == pytest.approx((last - first) * 3 / 30, abs=0.1)


def test_the_change_from_start_is_described_in_words():
    drawing = _chart(19, 19, 12, 21)
    assert [p.change for p in drawing.points] == [None, 0, -7, 2]
    with translation.override("en"):
        words = [change_words(point) for point in drawing.points]
    assert words == [
        "Starting score",
        "No change",
        "Down 7",
        "Up 2",
    ]


def test_the_response_line_is_the_baseline_less_the_drop():
    drawing = _chart(19, 8)
    assert drawing.response_line.score == 9.5
    assert drawing.response_line.y == score_y(9.5)
    assert drawing.response_line.label == "Half of start: 9.5"
    other = _chart(20, 8, thresholds=Thresholds(response_drop_percent=40))
    assert other.response_line.score == 12
    assert other.response_line.label == "40% below start: 12"


def test_the_remission_line_is_at_remission_below():
    drawing = _chart(19, 8, thresholds=Thresholds(remission_below=6))
    assert drawing.remission_line.y == score_y(6)
    assert drawing.remission_line.label == "Under 6"


def test_line_labels_sit_under_their_line_and_do_not_overlap():
    drawing = _chart(19, 8)
    response, remission = drawing.response_line, drawing.remission_line
    assert response.label_y > response.y
    assert remission.label_y > remission.y
    assert response.label_x == remission.label_x == geometry.LEFT + 4


@pytest.mark.parametrize(
    ("baseline", "remission_below"),
    [(10, 5), (11, 5), (12, 5), (8, 5), (2, 1), (1, 1), (27, 27)],
)
def test_close_lines_keep_their_labels_apart(baseline, remission_below):
    drawing = _chart(baseline, 3, thresholds=Thresholds(remission_below=remission_below))
    response, remission = drawing.response_line, drawing.remission_line
    assert abs(response.label_y - remission.label_y) >= geometry.LABEL_HEIGHT
    for line in (response, remission):
        assert line.label_y - 14 >= 0  # inside the drawing
        assert line.label_y <= drawing.bottom  # never into the dates
    upper, lower = sorted((response, remission), key=lambda line: (line.y, line is remission))
    assert upper.label_y < lower.label_y


def test_a_single_check_in_is_one_point_in_the_middle_and_no_polyline():
    drawing = _chart(19)
    (point,) = drawing.points
    assert point.x == (geometry.LEFT + geometry.WIDTH - geometry.RIGHT) / 2
    assert point.y == score_y(19)
    assert (point.score_label, point.date_label, point.change) == (True, True, None)
    assert drawing.polyline == ""
    assert drawing.response_line.score == 9.5  # where half would be, already


@pytest.mark.parametrize("total", [0, 27])
def test_the_ends_of_the_scale_stay_inside_the_drawing(total):
    drawing = _chart(total, total)
    for point in drawing.points:
        assert point.label_y == point.y - 10
        assert _inside(drawing, point.x, point.label_y - 15)  # the top of the score over it
        assert point.y == (drawing.bottom if total == 0 else drawing.top)
    for line in (drawing.response_line, drawing.remission_line):
        if line is not None:
            assert _inside(drawing, line.label_x, line.label_y - 12)
            assert line.label_y <= drawing.bottom  # never into the dates


def test_a_baseline_of_0_has_no_response_line():
    drawing = _chart(0, 3)
    assert drawing.response_line is None
    assert drawing.remission_line is not None


def test_a_remission_line_at_1_keeps_its_label_above_the_dates():
    drawing = _chart(19, 8, thresholds=Thresholds(remission_below=1))
    assert drawing.remission_line.label_y < drawing.remission_line.y


def test_many_check_ins_fit_and_keep_their_labels_apart():
    totals = [27 - week for week in range(20)]  # twenty weekly check-ins
    drawing = _chart(*totals)
    assert len(drawing.points) == 20
    xs = [point.x for point in drawing.points]
    assert xs == sorted(xs)
    assert all(_inside(drawing, p.x, p.y) for p in drawing.points)
    gaps = {"score_label": geometry.MIN_SCORE_GAP, "date_label": geometry.MIN_DATE_GAP}
    for flag, gap in gaps.items():
        labelled = [p.x for p in drawing.points if getattr(p, flag)]
        assert labelled[0] == xs[0]
        assert labelled[-1] == xs[-1]
        assert all(b - a >= gap for a, b in itertools.pairwise(labelled))
        assert len(labelled) < 20


def test_check_ins_on_one_day_share_one_place_and_one_date_label():
    drawing = _chart(19, 17, days=0)
    assert drawing.points[0].x == drawing.points[1].x
    assert [p.date_label for p in drawing.points] == [True, False]

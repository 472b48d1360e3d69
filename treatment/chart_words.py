"""The patient's words of the PHQ-9 chart, in their language: the sentence over it, the labels
of its two lines and the change column of its table. The geometry stays pure
(treatment.chart, treatment.trajectory); only the words are looked up here. Staff pages are in
the admin, always English, so the same words serve them."""

from dataclasses import replace

from django.utils.translation import gettext


def patient_sentence(course):
    """The chart's sentence for the patient, in their language (staff read
    treatment.trajectory.staff_sentence): scores and their change, never a judgement of the
    treatment or of the patient."""
    if course.baseline is None:
        return gettext("You have no check-in yet. Your first one gives the starting score.")
    values = {"start": course.baseline, "latest": course.latest, "change": abs(course.change or 0)}
    if course.latest is None:
        return (
            gettext("Your starting score was %(start)s. Your next check-in shows the change.")
            % values
        )
    if course.change == 0:
        return gettext("Your score is %(latest)s, the same as at the start.") % values
    if course.change > 0:
        return gettext("Your score went from %(start)s to %(latest)s, up by %(change)s.") % values
    if course.latest * 2 < course.baseline:
        text = gettext("Your score went from %(start)s to %(latest)s, a drop of more than half.")
    elif course.latest * 2 == course.baseline:
        text = gettext("Your score went from %(start)s to %(latest)s, a drop of half.")
    else:
        text = gettext("Your score went from %(start)s to %(latest)s, a drop of %(change)s.")
    return text % values


def change_words(point):
    """The change from the start, for the table: a description, not a verdict."""
    if point.change is None:
        return gettext("Starting score")
    if point.change == 0:
        return gettext("No change")
    if point.change < 0:
        return gettext("Down %(change)s") % {"change": abs(point.change)}
    return gettext("Up %(change)s") % {"change": point.change}


def _number(value):
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def translated(chart, thresholds):
    """``chart`` with the labels of its lines in the reader's language."""
    if chart is None:
        return None
    response = chart.response_line
    if response is not None:
        drop = thresholds.response_drop_percent
        if drop == 50:
            words = gettext("Half of start: %(score)s")
        else:
            words = gettext("%(drop)s%% below start: %(score)s")
        label = words % {"drop": drop, "score": _number(response.score)}
        response = replace(response, label=label)
    below = gettext("Under %(score)s") % {"score": thresholds.remission_below}
    remission = replace(chart.remission_line, label=below)
    return replace(chart, response_line=response, remission_line=remission)

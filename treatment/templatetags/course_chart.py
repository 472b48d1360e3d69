"""``{% course_chart course %}``: the course's PHQ-9 over time, for the patient's page and the
staff course page alike (treatment/includes/phq9_chart.html). A page that shows it links
css/course.css (the chart's key, table and print rules; the SVG draws without it)."""

from django import template

from ..chart import chart
from ..chart_words import change_words, patient_sentence, translated
from ..outcomes import thresholds
from ..trajectory import staff_sentence, trajectory

register = template.Library()


def course_trajectory(course):
    """The course's check-ins against the clinic's outcome definition (one reading of it,
    shared with the outcomes report)."""
    check_ins = course.check_ins.order_by("taken_on", "pk").values_list("taken_on", "total")
    return trajectory(check_ins, thresholds())


def chart_context(course, course_path=None, *, staff=False):
    """The include's context; ``course_path`` when the caller has the trajectory already;
    ``staff``: the sentence in the third person, for the staff's pages."""
    course_path = course_path or course_trajectory(course)
    return {
        "trajectory": course_path,
        "sentence": staff_sentence(course_path) if staff else patient_sentence(course_path),
        "chart": translated(chart(course_path), course_path.thresholds),
        "chart_id": f"phq9-chart-{course.pk}",
    }


@register.filter(name="change_words")
def change_words_filter(point):
    return change_words(point)


@register.inclusion_tag("treatment/includes/phq9_chart.html")
def course_chart(course, staff=False):
    return chart_context(course, staff=staff)

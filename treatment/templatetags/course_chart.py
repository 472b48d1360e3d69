"""``{% course_chart course %}``: the course's PHQ-9 over time, for the patient's page and the
staff course page alike (treatment/includes/phq9_chart.html)."""

from django import template

from ..models import OutcomeDefinition
from ..trajectory import Thresholds, sentence, trajectory

register = template.Library()


def course_trajectory(course):
    rule = OutcomeDefinition.current()
    thresholds = Thresholds(rule.response_drop_percent, rule.remission_below)
    check_ins = course.check_ins.order_by("taken_on", "pk").values_list("taken_on", "total")
    return trajectory(check_ins, thresholds)


@register.inclusion_tag("treatment/includes/phq9_chart.html")
def course_chart(course):
    course_path = course_trajectory(course)
    return {"trajectory": course_path, "sentence": sentence(course_path)}

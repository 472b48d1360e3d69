"""The patient's page of their TMS course: where it stands, the next check-in, the PHQ-9 chart
and who to contact."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, IntegerField, When
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.decorators import patient_required

from ..models import Course
from ..templatetags.course_chart import chart_context, course_trajectory

OPEN_FIRST = Case(
    When(status__in=[Course.Status.PLANNED, Course.Status.ACTIVE], then=0),
    default=1,
    output_field=IntegerField(),
)


def next_check_in(course_path, today):
    """(the date of the next check-in, whether it is due): the last check-in plus
    CHECKIN_INTERVAL_DAYS; due at once before the first one."""
    if not course_path.points:
        return today, True
    due_on = course_path.points[-1].taken_on + timedelta(days=settings.CHECKIN_INTERVAL_DAYS)
    return due_on, due_on <= today


@require_safe
@never_cache
@patient_required
def course_page(request):
    course = (
        Course.objects.for_patient(request.user)
        .select_related("protocol")
        .annotate(sessions_done=Count("sessions"))
        .order_by(OPEN_FIRST, "-start_date", "-pk")
        .first()
    )
    context = {"course": course, "has_tms_course": course is not None}  # the header's link
    if course is not None:
        course_path = course_trajectory(course)
        next_on, due = next_check_in(course_path, timezone.localdate())
        context |= chart_context(course, course_path)
        context |= {"next_check_in": next_on, "check_in_due": due}
    return render(request, "treatment/course.html", context)

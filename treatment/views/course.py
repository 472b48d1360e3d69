"""The patient's page of their TMS course: where it stands, the next check-in, the PHQ-9 chart
and who to contact."""

from django.db.models import Case, Count, IntegerField, When
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.decorators import patient_required

from ..models import Course
from ..services.checkins import schedule
from ..templatetags.course_chart import chart_context, course_trajectory

OPEN_FIRST = Case(
    When(status__in=[Course.Status.PLANNED, Course.Status.ACTIVE], then=0),
    default=1,
    output_field=IntegerField(),
)


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
    context = {"course": course}
    if course is not None:
        course_path = course_trajectory(course)
        context |= chart_context(course, course_path)
        # The check-in's own schedule (the course's start, then every CHECKIN_INTERVAL_DAYS),
        # so the button here and the check-in page agree.
        next_on, due = schedule(course, timezone.localdate())
        context |= {"next_check_in": next_on, "check_in_due": course.is_open and due}
    return render(request, "treatment/course.html", context)

"""The patient's page of their TMS course."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.decorators import patient_required

from ..models import Course


@require_safe
@never_cache
@patient_required
def course_page(request):
    course = Course.objects.for_patient(request.user).select_related("protocol").first()
    return render(request, "treatment/course.html", {"course": course})

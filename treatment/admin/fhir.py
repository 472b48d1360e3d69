"""The course's FHIR download, for the course admin: ``CourseFhirMixin`` adds
``<id>/fhir/`` (name ``treatment_course_fhir``). For staff who may export patient data (the
intake's export permission, as the intake's FHIR download asks); each download is an access
event."""

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from intake.admin.review import EXPORT_PERMISSION, require
from intake.audit import record_access
from intake.models import AccessEvent

from ..fhir import course_bundle_json
from ..models import Course


class CourseFhirMixin:
    """Add to the course admin's bases (before ModelAdmin)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [path("<path:object_id>/fhir/", wrap(self.fhir_view), name="treatment_course_fhir")]
        return own + super().get_urls()

    @admin.display(description="FHIR")
    def fhir_link(self, obj):
        """A read-only field for the change page: the download link."""
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:treatment_course_fhir", args=[obj.pk])
        return format_html('<a href="{}">Download the course as FHIR (JSON)</a>', url)

    @method_decorator(require_GET)
    def fhir_view(self, request, object_id):
        require(request, EXPORT_PERMISSION)
        try:
            course = Course.objects.select_related("intake").get(pk=int(object_id))
        except (ValueError, Course.DoesNotExist):
            raise Http404("No such course.") from None
        body = course_bundle_json(course)
        record_access(
            request, AccessEvent.Action.FHIR, intake=course.intake, detail=f"TMS course {course.pk}"
        )
        response = HttpResponse(body, content_type="application/fhir+json")
        response["Content-Disposition"] = f'attachment; filename="course-{course.pk}.fhir.json"'
        return response

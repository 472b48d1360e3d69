"""The course's print packets for payers: the extension request packet (the authorization, the
PHQ-9 trajectory, the sessions so far and the clinician's attestation). ``CoursePacketsMixin``
goes on the course admin; each print records an access event."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET

from intake.admin.exports import DIAGNOSIS_CATEGORIES
from intake.audit import record_access
from intake.models import AccessEvent

from ..models import Authorization, Course, OutcomeDefinition
from ..outcomes import course_outcome, thresholds

# Reading the course and printing patient data: what the intake's print packet asks too.
PACKET_PERMISSIONS = ("treatment.view_course", "intake.export_intake")


def packet_course(object_id):
    courses = Course.objects.select_related(
        "patient", "intake", "protocol", "clinician", "intake__assigned_to"
    ).prefetch_related(
        Prefetch("authorizations", queryset=Authorization.objects.prefetch_related("extensions")),
        "sessions",
    )
    return get_object_or_404(courses, pk=int(object_id) if str(object_id).isdigit() else -1)


def _change_words(outcome):
    """ "-10 points (50% lower than the baseline)", or None before a second check-in."""
    if outcome.change is None:
        return None
    words = f"{outcome.change:+d} points"
    if outcome.baseline_phq9:
        percent = round(100 * abs(outcome.change) / outcome.baseline_phq9)
        direction = "lower" if outcome.change < 0 else "higher"
        words += f" ({percent}% {direction} than the baseline)" if outcome.change else ""
    return words


def extension_context(course):
    rule = OutcomeDefinition.current()
    outcome = course_outcome(course, thresholds(rule))
    sessions = list(course.sessions.all())
    authorized = outcome.sessions_authorized or 0
    remaining = outcome.authorization_remaining
    return {
        "course": course,
        "outcome": outcome,
        "outcome_rule": rule,
        "sessions": sessions,
        "sessions_done": len(sessions),
        "remaining": None if remaining is None else max(remaining, 0),
        "past_authorization": max(-(remaining or 0), 0),
        "change_words": _change_words(outcome),
        "more_requested": max(course.planned_sessions - authorized, 0),
        "clinician": course.reviewer,
        "diagnosis_category": DIAGNOSIS_CATEGORIES.get(course.intake.diagnosis),
    }


class CoursePacketsMixin:
    """The extension request packet at ``<course>/extension-packet/``."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        packet = path(
            "<path:object_id>/extension-packet/",
            wrap(self.extension_packet_view),
            name="treatment_course_extension_packet",
        )
        return [packet, *super().get_urls()]

    @method_decorator(require_GET)
    def extension_packet_view(self, request, object_id):
        if not all(request.user.has_perm(perm) for perm in PACKET_PERMISSIONS):
            raise PermissionDenied
        course = packet_course(object_id)
        record_access(
            request,
            AccessEvent.Action.PRINT,
            intake=course.intake,
            detail=f"Extension request packet of TMS course {course.pk}",
        )
        context = {
            **self.admin_site.each_context(request),
            **extension_context(course),
            "printed_at": timezone.now(),
        }
        return TemplateResponse(request, "admin/treatment/course/extension_packet.html", context)


__all__ = ["CoursePacketsMixin"]

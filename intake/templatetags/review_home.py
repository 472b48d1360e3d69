"""The reviewer's home (the admin index for clinical reviewers): counts that link to the queue
filtered the same way, and the few most pressing intakes."""

from django import template
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from ..admin.filters import (
    NEEDS_FOLLOWUP,
    WITH_THE_CLINIC,
    is_overdue,
    queue_rank,
    shown_by_default,
)
from ..admin.review import REVIEW_PERMISSION
from ..admin.urgent import URGENT_FILTER
from ..models import Intake, Status

register = template.Library()

PRESSING = 5


def _queue(query):
    return f"{reverse('admin:intake_intake_changelist')}?{query}"


@register.inclusion_tag("admin/intake/reviewer_home.html", takes_context=True)
def reviewer_home(context):
    """For reviewers only: one query for the counts, one for the list."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm(REVIEW_PERMISSION):
        return {"show": False}
    # Open intakes, and closed ones whose urgent alert was raised again after they closed.
    open_intakes = Intake.objects.filter(shown_by_default())
    counts = open_intakes.aggregate(
        mine=Count("pk", filter=Q(assigned_to=user)),
        urgent=Count("pk", filter=NEEDS_FOLLOWUP),
        waiting=Count("pk", filter=Q(status=Status.NEEDS_INFO)),
        overdue=Count("pk", filter=is_overdue()),
    )
    tiles = [
        ("My intakes", "open and assigned to you", counts["mine"], _queue("assigned=me")),
        (
            "Urgent",
            "no risk follow-up recorded yet",
            counts["urgent"],
            _queue(f"{URGENT_FILTER}=needs_followup"),
        ),
        (
            "Waiting on the patient",
            "sent back for more information",
            counts["waiting"],
            _queue(f"status={Status.NEEDS_INFO}"),
        ),
        ("Overdue", "sent and not closed in time", counts["overdue"], _queue("overdue=yes")),
    ]
    pressing = (
        open_intakes.filter(NEEDS_FOLLOWUP | Q(status__in=WITH_THE_CLINIC))
        .select_related("patient", "urgent_alert")
        .only(
            "legal_name",
            "status",
            "urgent",
            "submitted_at",
            "patient_wrote_last",
            "patient__email",
            "patient__full_name",
            "urgent_alert__acknowledged_at",
            "urgent_alert__followup_at",
        )
        .annotate(queue_rank=queue_rank())
        .order_by("queue_rank", "-urgent", F("submitted_at").asc(nulls_last=True), "pk")[:PRESSING]
    )
    return {
        "show": True,
        "tiles": tiles,
        "pressing": [(intake, _why(intake)) for intake in pressing],
        "queue_url": _queue(""),
    }


def _why(intake):
    """Why an intake is pressing, in a few words."""
    reasons = []
    if intake.urgent:
        alert = getattr(intake, "urgent_alert", None)
        acknowledged = alert is not None and alert.acknowledged_at is not None
        reasons.append("urgent, not acknowledged" if not acknowledged else "urgent, no follow-up")
    if intake.submitted_at:
        days = (timezone.now() - intake.submitted_at).days
        reasons.append(
            "sent today" if days < 1 else f"sent {days} day{'s' if days != 1 else ''} ago"
        )
    if intake.patient_wrote_last:
        reasons.append("the patient wrote")
    return "; ".join(reasons)

"""The count of unacknowledged urgent intakes, on every admin page a reviewer opens."""

from django import template
from django.urls import reverse

from ..admin.review import REVIEW_PERMISSION
from ..admin.urgent import URGENT_FILTER
from ..services.urgent import unacknowledged_intakes

register = template.Library()


@register.inclusion_tag("admin/intake/urgent_count.html", takes_context=True)
def urgent_count(context):
    """For reviewers (clinical reviewers and superusers) only: one COUNT query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not (user.is_active and user.is_staff and user.has_perm(REVIEW_PERMISSION)):
        return {"show": False}
    url = reverse("admin:intake_intake_changelist") + f"?{URGENT_FILTER}=unacknowledged"
    return {"show": True, "count": unacknowledged_intakes().count(), "url": url}

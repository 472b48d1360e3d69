"""The queue's one-line banner while the stored evaluations are being updated in the background
(intake/services/reevaluation.py)."""

from django import template
from django.urls import reverse

from ..admin.reevaluations import VIEW_PERMISSION
from ..services.reevaluation import current_reevaluation

register = template.Library()


@register.inclusion_tag("admin/intake/reevaluation_banner.html", takes_context=True)
def reevaluation_banner(context):
    """ "Updating notes: 1,200 of 10,000" while a job waits or runs (1 query), else nothing."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm(VIEW_PERMISSION):
        return {"job": None}
    job = current_reevaluation()
    url = reverse("admin:intake_reevaluation_change", args=[job.pk]) if job else ""
    return {"job": job, "url": url}

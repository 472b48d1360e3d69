"""What intake adds to education's article pages (education calls it through the
EDUCATION_ARTICLE_PANELS setting, so education never imports intake)."""

from django.template.loader import render_to_string

from portal.decorators import is_staff_account

from .models import Intake
from .services.evaluation import NOTES_SHOWN_STATUSES, patient_evaluation


def article_panel(request, article):
    """ "How this relates to your intake": the signed-in patient's notes that link to this
    article, or None (anyone else, no sent intake, or no note links here)."""
    user = request.user
    if not user.is_authenticated or is_staff_account(user):
        return None
    intake = (
        Intake.objects.for_patient(user)
        .filter(status__in=NOTES_SHOWN_STATUSES)
        .select_related("patient")
        .first()
    )
    result = patient_evaluation(intake)
    if result is None:
        return None
    notes = result.notes_linking_to(article)
    if not notes:
        return None
    return render_to_string("intake/includes/article_panel.html", {"notes": notes}, request)

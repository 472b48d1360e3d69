"""``{% consent_pages intake %}``: the patient's links to the records release, the parent or
guardian page (under 18) and the TMS consent, each with where it stands."""

from django import template

from portal.models import PolicyText
from portal.policies import current_text, latest_agreement

from ..guardian import is_minor
from ..models import Guardian

register = template.Library()


@register.inclusion_tag("intake/includes/consent_pages.html", takes_context=True)
def consent_pages(context, intake):
    """On the review page (an editable intake) one query, the count of doctors listed; on the
    sent intake's page, where the consent matters next, whether it is signed."""
    patient = context["request"].user
    editable = intake is None or intake.is_editable
    minor = is_minor(intake, patient=patient)
    result = {"editable": editable, "minor": minor}
    if editable:
        result["release_count"] = intake.release_requests.count() if intake is not None else 0
    else:
        consent = current_text(PolicyText.Kind.TMS_CONSENT)
        signed = latest_agreement(patient, PolicyText.Kind.TMS_CONSENT)
        current = bool(signed and consent and signed.version == consent.version)
        result["consent_signed"] = signed if current else None
    if minor and intake is not None:
        result["guardian"] = Guardian.objects.filter(intake=intake).first()
    return result

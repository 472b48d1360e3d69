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
    patient = context["request"].user
    editable = intake is None or intake.is_editable
    consent = current_text(PolicyText.Kind.TMS_CONSENT)
    signed = latest_agreement(patient, PolicyText.Kind.TMS_CONSENT)
    minor = is_minor(intake, patient=patient)
    return {
        "editable": editable,
        "release_available": current_text(PolicyText.Kind.RECORDS_RELEASE) is not None,
        "release_count": intake.release_requests.count() if intake is not None else 0,
        "minor": minor,
        "guardian": Guardian.objects.filter(intake=intake).first() if minor and intake else None,
        "consent": consent,
        "consent_signed": signed
        if signed and consent and signed.version == consent.version
        else None,
    }

"""Whether an intake needs a parent or guardian: the patient is under 18 (ADULT_AGE) on the
date of birth the intake gives (else the account's). The youngest age allowed at all is the
``PATIENT_MINIMUM_AGE`` setting (portal/fields.py)."""

from django.utils import timezone

from portal.fields import ADULT_AGE, age_on


def is_minor(intake=None, *, patient=None):
    patient = patient or (intake.patient if intake is not None else None)
    born = (intake.date_of_birth if intake is not None else None) or (
        patient.date_of_birth if patient is not None else None
    )
    return born is not None and age_on(born, timezone.localdate()) < ADULT_AGE


def guardian_missing(intake):
    """A minor's intake without its guardian's consent (it cannot be sent)."""
    from .models import Guardian

    return is_minor(intake) and not Guardian.objects.filter(intake=intake).exists()

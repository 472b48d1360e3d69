"""The form validator for patient wording: the finder of decision words
(``intake.eligibility.wording``) as a Django ``ValidationError``."""

from django.core.exceptions import ValidationError

from .eligibility.wording import find_decision_words


def check_patient_wording(text: str, *, field: str | None = None) -> None:
    """Raise ``ValidationError`` (code ``forbidden_word``) if patient wording reads as a
    decision; with ``field``, the error belongs to that form field."""
    found = find_decision_words(text)
    if not found:
        return
    error = ValidationError(
        "Patients must not read “%(word)s”: say what we looked at and what looks in place or "
        "needs a closer look, and that the care team decides with the patient.",
        code="forbidden_word",
        params={"word": found[0]},
    )
    raise ValidationError({field: error}) if field else error

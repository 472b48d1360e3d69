"""The form validator for patient wording: the finder of decision words
(``intake.eligibility.wording``) as a Django ``ValidationError``."""

from django.core.exceptions import ValidationError

from .eligibility.wording import find_decision_words, placeholders


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


def check_spanish_wording(english: str, spanish: str, *, field: str, label: str) -> None:
    """Raise ``ValidationError`` on ``field`` if a Spanish wording (``label`` names it for staff)
    uses other placeholders than its English one, or reads as a decision. Empty: the English
    is shown, nothing to check."""
    if not (spanish or "").strip():
        return
    errors = []
    wanted, used = placeholders(english or ""), placeholders(spanish)
    if wanted != used:
        errors.append(
            ValidationError(
                "The %(label)s must use exactly the placeholders of the English: %(wanted)s "
                "(it uses %(used)s).",
                code="placeholders_differ",
                params={
                    "label": label,
                    "wanted": ", ".join(sorted(wanted)) or "none",
                    "used": ", ".join(sorted(used)) or "none",
                },
            )
        )
    found = find_decision_words(spanish)
    if found:
        errors.append(
            ValidationError(
                "The %(label)s must not say “%(word)s”: say what we looked at, what “parece "
                "estar en orden” or “necesita una revisión más detallada”, and that “el equipo "
                "de atención decide” with the patient.",
                code="forbidden_word",
                params={"label": label, "word": found[0]},
            )
        )
    if errors:
        raise ValidationError({field: errors})

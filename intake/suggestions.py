"""Where the medication field's suggestions come from: the medication catalogue staff edit in
the admin (the same names the eligibility rules recognise)."""

from .models import Medication, MedicationAlias


def medication_suggestions():
    """Names offered while typing (a <datalist>); a suggestion, never a limit. Every generic,
    brand and other name of the catalogue, in alphabetical order (2 queries)."""
    names = set(Medication.objects.values_list("generic_name", flat=True))
    names.update(MedicationAlias.objects.values_list("name", flat=True))
    return sorted(names, key=str.casefold)

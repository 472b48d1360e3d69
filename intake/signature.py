"""The typed signature rule: the name must match the account's, ignoring case and spacing."""


def normalise_name(name):
    return " ".join((name or "").split()).casefold()


def signature_matches(typed, expected):
    expected = normalise_name(expected)
    return bool(expected) and normalise_name(typed) == expected


def expected_signature(patient, intake=None):
    """The name a patient signs with: the account's full name (the intake's legal name when the
    account has none, as for accounts made before names were asked)."""
    return patient.get_full_name() or (intake.legal_name if intake is not None else "")


def staff_signature(user):
    """The name a reviewer countersigns with: the staff account's full name, else its email."""
    return user.get_full_name() or user.email


def countersignature_matches(typed, expected):
    """A countersignature matches the account's name without regard to capitals or spaces
    ("rita  REVIEWER" and "RitaReviewer" both match "Rita Reviewer")."""

    def squashed(name):
        return "".join((name or "").split()).casefold()

    return bool(squashed(expected)) and squashed(typed) == squashed(expected)

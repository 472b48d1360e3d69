"""Checks of identifiers staff type in: the clinic's NPI and tax id."""

import re

from django.core.exceptions import ValidationError

# The NPI's check digit is the Luhn check digit of the nine first digits with the prefix
# 80840 (the health-industry issuer prefix), as the CMS "NPI check digit" standard says.
NPI_PREFIX = "80840"


def luhn_check_digit(digits):
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2 == 0:  # the digit next to the check digit is doubled, and so on
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return (10 - total % 10) % 10


def npi_is_valid(value):
    return (
        len(value) == 10
        and value.isascii()
        and value.isdigit()
        and luhn_check_digit(NPI_PREFIX + value[:9]) == int(value[9])
    )


def validate_npi(value):
    if not (len(value) == 10 and value.isascii() and value.isdigit()):
        raise ValidationError("An NPI is 10 digits, with no spaces or dashes.", code="npi_format")
    if not npi_is_valid(value):
        raise ValidationError(
            "This is not a valid NPI: its last digit does not match the others. "
            "Check it against the NPI registry.",
            code="npi_check_digit",
        )


def validate_tax_id(value):
    if not re.fullmatch(r"\d{2}-\d{7}", value):
        raise ValidationError(
            "Write the tax id (EIN) as 2 digits, a dash and 7 digits, like 12-3456789.",
            code="tax_id_format",
        )

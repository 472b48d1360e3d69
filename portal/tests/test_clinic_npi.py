"""The clinic's NPI and tax id (portal/validators.py): 10 digits with the NPI check digit, and
a plain message, nothing saved, when one is wrong."""

import pytest
from django.urls import reverse

from portal.models import Clinic
from portal.validators import npi_is_valid

pytestmark = pytest.mark.django_db
CHANGE = reverse("admin:portal_clinic_change", args=[1])


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1234567893", True),  # the example of the CMS check-digit standard
        ("1245319599", True),
        ("1234567890", False),  # one digit off
        ("123456789", False),
        ("12345678933", False),
        ("12345678a3", False),
        ("\uff11234567893", False),  # a full-width digit is no ASCII digit
    ],
)
def test_npi_check_digit(value, valid):
    assert npi_is_valid(value) is valid


def _form(**changes):
    return {
        "name": "Lakeside TMS",
        "phone": "",
        "text_line": "",
        "hours": "",
        "address": "",
        "website": "",
        "urgent_response": "",
        "npi": "",
        "tax_id": "",
        "sessions_requested": "36",
        **changes,
    }


def test_the_admin_saves_a_valid_npi_and_tax_id(admin_client):
    Clinic(name="Lakeside TMS").save()
    response = admin_client.post(CHANGE, _form(npi="1234567893", tax_id="12-3456789"))
    errors = response.context["adminform"].form.errors if response.status_code == 200 else {}
    assert response.status_code == 302, errors
    clinic = Clinic.objects.get()
    assert (clinic.npi, clinic.tax_id) == ("1234567893", "12-3456789")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"npi": "1234567890"}, "its last digit does not match the others"),
        ({"npi": "12345-7893"}, "An NPI is 10 digits, with no spaces or dashes."),
        ({"tax_id": "123456789"}, "like 12-3456789"),
        ({"sessions_requested": "0"}, "greater than or equal to 1"),
    ],
)
def test_a_wrong_value_gets_a_plain_message_and_nothing_is_saved(admin_client, changes, message):
    Clinic(name="Lakeside TMS").save()
    response = admin_client.post(CHANGE, _form(phone="(555) 010-2000", **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    clinic = Clinic.objects.get()
    assert (clinic.phone, clinic.npi, clinic.tax_id) == ("", "", "")

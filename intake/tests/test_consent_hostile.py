"""Hostile input on the records release, parent or guardian and TMS consent forms: never a
500, and a refused form writes nothing (no rows, no signature). The strategies are the
project's own (portal/tests/test_hostile_input.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from intake.models import Guardian, Intake, ReleaseRequest
from portal.models import PolicyAgreement
from portal.tests.test_hostile_input import assert_answered, fuzz, mutated, signed_in

pytestmark = pytest.mark.django_db

RELEASE = {
    "rows-TOTAL_FORMS": "1",
    "rows-INITIAL_FORMS": "0",
    "rows-MIN_NUM_FORMS": "0",
    "rows-MAX_NUM_FORMS": "6",
    "rows-0-id": "",
    "rows-0-kind": "prescriber",
    "rows-0-name": "Dr. Ana Lee",
    "rows-0-practice": "Elm Street Clinic",
    "rows-0-phone": "555-201-3344",
    "rows-0-city": "Springfield",
    "version": "1",
    "agree": "on",
    "signed_name": "Alice Example",
}
CONSENT = {"version": "1", "agree": "on", "signed_name": "Alice Example"}
GUARDIAN = {
    "name": "Maria Example",
    "relationship": "Mother",
    "phone": "555-201-9999",
    "email": "maria@example.com",
    "agree": "on",
    "signed_name": "Maria Example",
}


def written(patient):
    return (
        list(ReleaseRequest.objects.values_list("name", "phone", "city")),
        list(Guardian.objects.values_list("name", "signed_name")),
        PolicyAgreement.objects.filter(user=patient).count(),
    )


@fuzz
@given(data=mutated(RELEASE))
def test_the_release_form_answers_any_input_and_a_refusal_writes_nothing(patient, data):
    client = signed_in(patient)
    before = written(patient)
    response = client.post(reverse("intake:release"), data)
    assert_answered(response)
    if response.status_code != 302:
        assert written(patient) == before


@fuzz
@given(
    total=st.sampled_from(["0", "1", "7", "1001", "-1", "x", "", "1e9"]),
    row_id=st.sampled_from(["", "1", "-1", "999999999", "x", "1.5"]),
)
def test_the_release_rows_survive_forged_counts_and_ids(patient, other_patient, total, row_id):
    """Another patient's row id never reaches their row: only this intake's rows are updated."""
    other, _ = Intake.objects.get_or_create(patient=other_patient)
    theirs, _ = ReleaseRequest.objects.get_or_create(intake=other, name="Dr. Their Own")
    client = signed_in(patient)
    data = {
        **RELEASE,
        "rows-TOTAL_FORMS": total,
        "rows-0-id": str(theirs.pk) if row_id == "1" else row_id,
    }
    assert_answered(client.post(reverse("intake:release"), data))
    theirs.refresh_from_db()
    assert (theirs.intake_id, theirs.name) == (other.pk, "Dr. Their Own")
    assert ReleaseRequest.objects.exclude(intake=other).count() <= 6


@fuzz
@given(data=mutated(CONSENT))
def test_the_consent_form_answers_any_input(patient, data):
    client = signed_in(patient)
    before = written(patient)
    response = client.post(reverse("intake:tms_consent"), data)
    assert_answered(response)
    if response.status_code != 302:
        assert written(patient) == before


@fuzz
@given(data=mutated(GUARDIAN))
def test_the_guardian_form_answers_any_input(patient, data):
    from django.conf import settings

    today = timezone.localdate()
    born = today.replace(year=today.year - 16) - datetime.timedelta(days=3)
    Intake.objects.get_or_create(patient=patient, defaults={"date_of_birth": born})
    client = signed_in(patient)
    before = written(patient)
    old, settings.PATIENT_MINIMUM_AGE = settings.PATIENT_MINIMUM_AGE, 15
    try:
        response = client.post(reverse("intake:guardian"), data)
    finally:
        settings.PATIENT_MINIMUM_AGE = old
    assert_answered(response)
    if response.status_code != 302:
        assert written(patient) == before

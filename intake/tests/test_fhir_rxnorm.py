"""The intake's FHIR medications: the catalogue's RxNorm code where it knows one (by generic or
brand name), the daily dose in UCUM mg/d and the weeks taken as a duration."""

import pytest
from fhir.resources.R4B.bundle import Bundle

from intake.fhir import RXNORM, intake_bundle_json
from intake.models import Medication
from intake.setup import files

from .factories import submitted_intake

pytestmark = pytest.mark.django_db


def _statements(intake):
    bundle = Bundle.model_validate_json(intake_bundle_json(intake))
    return [
        e.resource for e in bundle.entry if e.resource.get_resource_type() == "MedicationStatement"
    ]


def test_a_catalogue_medicine_carries_its_rxnorm_code_by_generic_or_brand_name():
    intake = submitted_intake(trials=3)  # sertraline, Wellbutrin XL, escitalopram
    sertraline, wellbutrin, escitalopram = _statements(intake)
    coding = sertraline.medicationCodeableConcept.coding[0]
    assert (coding.system, coding.code, coding.display) == (RXNORM, "36437", "sertraline")
    assert sertraline.medicationCodeableConcept.text == "sertraline"
    # the brand name the patient typed, coded as its ingredient
    assert wellbutrin.medicationCodeableConcept.coding[0].code == "42347"
    assert wellbutrin.medicationCodeableConcept.text == "Wellbutrin XL"
    assert escitalopram.medicationCodeableConcept.coding[0].code == "321988"


def test_the_daily_dose_is_a_rate_in_ucum_and_the_weeks_a_duration():
    (statement,) = _statements(submitted_intake(trials=1))
    rate = statement.dosage[0].doseAndRate[0].rateQuantity
    assert (rate.value, rate.system, rate.code) == (150, "http://unitsofmeasure.org", "mg/d")
    weeks = statement.dosage[0].timing.repeat.boundsDuration
    assert (weeks.value, weeks.code) == (8, "wk")


def test_a_medicine_without_a_code_is_sent_as_text_only():
    Medication.objects.filter(generic_name="sertraline").update(rxnorm="")
    (statement,) = _statements(submitted_intake(trials=1))
    assert statement.medicationCodeableConcept.coding is None
    assert statement.medicationCodeableConcept.text == "sertraline"


def test_the_catalogue_file_codes_are_digits_and_each_code_is_one_medicine():
    codes = [row["rxnorm"] for row in files.medications() if row["rxnorm"]]
    assert all(code.isdigit() for code in codes)
    assert len(codes) == len(set(codes))
    loaded = dict(Medication.objects.values_list("generic_name", "rxnorm"))
    assert loaded["sertraline"] == "36437"
    assert loaded["lithium"] == ""  # not sourced: left empty rather than guessed

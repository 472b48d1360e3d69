"""The admin-editable eligibility data: database constraints and model checks."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from intake.eligibility import NOTE_KEYS
from intake.models import (
    CriteriaProfile,
    InsurancePlanMapping,
    Medication,
    MedicationAlias,
    NoteText,
    StepHelp,
)
from intake.setup import files

pytestmark = pytest.mark.django_db


def _refused(model, values):
    """The row is refused by the database itself (not only by a form)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**values)


def _profile(**values):
    return {
        "key": "test-profile",
        "name": "Test profile",
        "min_failed_trials": 2,
        "min_trial_weeks": 6,
        **values,
    }


# --- medications ----------------------------------------------------------------------------


def test_generic_names_are_unique_whatever_the_capitals():
    _refused(Medication, {"generic_name": "SERTRALINE", "drug_class": "SSRI"})


def test_brand_names_are_unique_across_medications_whatever_the_capitals():
    sertraline = Medication.objects.get(generic_name="sertraline")
    assert sertraline.aliases.filter(name="Zoloft").exists()
    escitalopram = Medication.objects.get(generic_name="escitalopram")
    _refused(MedicationAlias, {"medication": escitalopram, "name": "zoloft"})


def test_a_brand_name_cannot_be_another_medications_generic_name():
    alias = MedicationAlias(
        medication=Medication.objects.get(generic_name="sertraline"), name="  Escitalopram "
    )
    with pytest.raises(ValidationError) as error:
        alias.full_clean()
    assert "already the generic name of escitalopram" in str(error.value)


def test_a_generic_name_cannot_be_another_medications_brand_name():
    medication = Medication(generic_name="lexapro", drug_class="SSRI")
    with pytest.raises(ValidationError) as error:
        medication.full_clean()
    assert "already another name of escitalopram" in str(error.value)


@pytest.mark.parametrize(
    "values",
    [
        {"drug_class": "vitamin"},
        {"min_adequate_daily_mg": Decimal("0")},
        {"min_adequate_daily_mg": Decimal("-5")},
        {"min_adequate_daily_mg": Decimal("100"), "usual_max_daily_mg": Decimal("50")},
        {"generic_name": ""},
    ],
)
def test_the_database_refuses_a_medication_that_breaks_a_rule(values):
    _refused(Medication, {"generic_name": "newdrug", "drug_class": "SSRI", **values})


def test_a_medication_without_a_dose_threshold_is_allowed():
    medication = Medication.objects.get(generic_name="lithium")
    assert medication.min_adequate_daily_mg is None
    assert medication.to_pure().min_adequate_daily_mg is None


# --- profiles -------------------------------------------------------------------------------


def test_only_one_profile_can_be_the_default():
    assert CriteriaProfile.objects.default().get().key == files.default_profile_key()
    _refused(CriteriaProfile, _profile(is_default=True))


@pytest.mark.parametrize(
    "values",
    [
        {"min_age": 121},
        {"min_phq9_total": 28},
        {"min_failed_trials": 11},
        {"min_classes": 11},
        {"min_augmentation_failures": 11},
        {"min_trial_weeks": 53},
        {"min_psychotherapy_weeks": 53},
        {"psychotherapy_required": True, "min_psychotherapy_weeks": None},
        {"key": "fda-label"},
    ],
)
def test_the_database_refuses_a_profile_out_of_range(values):
    _refused(CriteriaProfile, _profile(**values))


def test_a_profile_becomes_the_rules_profile_with_every_parameter():
    profile = CriteriaProfile.objects.get(key="strict-4-trials").to_pure()
    assert profile.min_augmentation_failures == 2
    assert profile.min_phq9_total == 21  # "PHQ-9 > 20" in its source
    assert profile.psychotherapy_required
    assert profile.min_psychotherapy_weeks == 6


def test_plan_names_are_unique_whatever_the_capitals():
    profile = CriteriaProfile.objects.get(key="fda-label")
    InsurancePlanMapping.objects.create(plan_name="Medicare Part B", profile=profile)
    _refused(InsurancePlanMapping, {"plan_name": "MEDICARE PART B", "profile": profile})


def test_a_profile_in_use_by_a_plan_cannot_be_deleted():
    from django.db.models import ProtectedError

    profile = CriteriaProfile.objects.get(key="fda-label")
    InsurancePlanMapping.objects.create(plan_name="Medicare Part B", profile=profile)
    with pytest.raises(ProtectedError):
        profile.delete()


# --- texts ----------------------------------------------------------------------------------


def test_note_codes_are_unique():
    _refused(NoteText, {"code": "info.schedule", "patient_text": "Again."})


def test_a_note_text_for_a_note_the_rules_never_show_is_refused():
    with pytest.raises(ValidationError) as error:
        NoteText(code="criterion.made_up", patient_text="Hello.").full_clean()
    assert "never show" in str(error.value)


def test_a_why_we_ask_line_for_an_unknown_step_is_refused():
    with pytest.raises(ValidationError):
        StepHelp(step="nowhere", text="Because.").full_clean()


# --- what load_clinic_setup loads ------------------------------------------------------------


def test_every_note_the_rules_can_show_has_a_seeded_text():
    seeded = set(NoteText.objects.values_list("code", flat=True))
    assert set(NOTE_KEYS) <= seeded
    assert NoteText.objects.filter(patient_text="").count() == 0


def test_the_setup_loads_the_catalogue_profiles_and_step_lines():
    assert Medication.objects.count() == len(files.medications())
    venlafaxine = Medication.objects.get(generic_name="venlafaxine")
    assert venlafaxine.min_adequate_daily_mg == 150  # not 75: documented as too low
    assert {a.name for a in venlafaxine.aliases.all()} >= {"Effexor", "Effexor XR"}
    for brand in (
        "Zoloft",
        "Lexapro",
        "Prozac",
        "Wellbutrin",
        "Effexor",
        "Cymbalta",
        "Remeron",
        "Abilify",
        "Trintellix",
    ):
        assert MedicationAlias.objects.filter(name=brand).exists(), brand
    assert set(CriteriaProfile.objects.values_list("key", flat=True)) == {
        p["key"] for p in files.profiles()
    }
    assert all(p.psychotherapy_weeks_unconfirmed for p in CriteriaProfile.objects.all())
    assert set(StepHelp.objects.values_list("step", flat=True)) == set(files.step_help())


def test_seeded_texts_never_use_the_forbidden_words():
    from intake.eligibility.wording import find_decision_words

    for text in NoteText.objects.values_list("patient_text", flat=True):
        assert not find_decision_words(text), text
    for text in StepHelp.objects.values_list("text", flat=True):
        assert not find_decision_words(text), text

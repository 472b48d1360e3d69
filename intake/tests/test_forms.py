"""Validation per field: plain words, with error codes."""

import datetime

import pytest
from django.utils import timezone

from intake.forms import (
    AboutYouForm,
    ConsentForm,
    DepressionForm,
    OtherTreatmentsForm,
    Phq9Form,
    SafetyForm,
    TrialFormSet,
)
from intake.models import Intake

from .factories import management, step_data, trial_row

pytestmark = pytest.mark.django_db


def _codes(form, field):
    return {e.code for e in form.errors.as_data().get(field, [])}


def _about(patient, **overrides):
    data = step_data("about-you", **overrides)
    return AboutYouForm(data, instance=Intake(patient=patient), patient=patient)


def _dob(born):
    return {
        "date_of_birth_0": str(born.month),
        "date_of_birth_1": str(born.day),
        "date_of_birth_2": str(born.year),
    }


def test_valid_about_you(patient):
    form = _about(patient)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(1980, 3, 27)


@pytest.mark.parametrize(
    ("minimum", "years_ago", "days", "code"),
    [
        (18, 17, 300, "too_young"),
        (18, 18, 1, None),
        (15, 14, 0, "too_young"),
        (15, 15, 1, None),
        (18, 120, 0, None),
        (18, 121, 1, "too_old"),
    ],
)
def test_date_of_birth_age_limits(patient, settings, minimum, years_ago, days, code):
    """The youngest age is the clinic's PATIENT_MINIMUM_AGE (18; 15 treating adolescents)."""
    settings.PATIENT_MINIMUM_AGE = minimum
    today = timezone.localdate()
    born = today.replace(year=today.year - years_ago) - datetime.timedelta(days=days)
    form = _about(patient, **_dob(born))
    if code is None:
        assert form.is_valid(), form.errors
    else:
        assert code in _codes(form, "date_of_birth")


def test_date_of_birth_in_the_future(patient):
    born = timezone.localdate() + datetime.timedelta(days=3)
    form = _about(patient, **_dob(born))
    assert "future" in _codes(form, "date_of_birth")


@pytest.mark.parametrize("phone", ["call me", "12", "1234567890123456789", "555-1234<"])
def test_phone_must_be_a_phone_number(patient, phone):
    form = _about(patient, phone=phone)
    assert "phone_invalid" in _codes(form, "phone")
    assert "7 to 15 digits" in form.errors["phone"][0]


def test_required_answers_are_asked_for_in_plain_words(patient):
    form = _about(patient, legal_name="", contact_method="")
    assert "required" in _codes(form, "legal_name")
    assert form.errors["contact_method"] == ["Please answer this question."]


def test_saving_for_later_needs_no_answer_but_still_checks_what_was_typed(patient):
    data = {"phone": "", "legal_name": "", "contact_method": ""}
    form = AboutYouForm(data, instance=Intake(patient=patient), patient=patient, complete=False)
    assert form.is_valid(), form.errors
    form = AboutYouForm(
        {"phone": "nope"}, instance=Intake(patient=patient), patient=patient, complete=False
    )
    assert "phone_invalid" in _codes(form, "phone")


def test_text_length_limit_has_a_clear_message(patient):
    form = _about(patient, interpreter_language="x" * 61)
    assert form.errors["interpreter_language"] == [
        "Please keep this to 60 characters or fewer (it has 61)."
    ]


def _depression(patient, complete=True, **overrides):
    intake = Intake(patient=patient, date_of_birth=datetime.date(1980, 3, 27))
    data = step_data("depression", **overrides)
    return DepressionForm(data, instance=intake, patient=patient, intake=intake, complete=complete)


def test_episode_start_cannot_be_in_the_future(patient):
    next_year = timezone.localdate().year + 1
    form = _depression(patient, episode_start_year=str(next_year))
    assert "date_in_future" in _codes(form, "episode_start_year")
    assert "in the future" in form.errors["episode_start_year"][0]


def test_episode_start_this_month_is_fine_but_next_month_is_not(patient):
    today = timezone.localdate()
    form = _depression(
        patient, episode_start_month=str(today.month), episode_start_year=str(today.year)
    )
    assert form.is_valid(), form.errors
    if today.month < 12:
        form = _depression(
            patient, episode_start_month=str(today.month + 1), episode_start_year=str(today.year)
        )
        assert "date_in_future" in _codes(form, "episode_start_year")


@pytest.mark.parametrize(
    ("year", "code"),
    [("1899", "year_too_early"), ("1975", "before_birth"), ("twenty", "invalid")],
)
def test_episode_start_year_must_make_sense(patient, year, code):
    form = _depression(patient, episode_start_year=year)
    assert code in _codes(form, "episode_start_year")


def test_a_month_needs_a_year(patient):
    form = _depression(patient, complete=False, episode_start_year="")
    assert "year_missing" in _codes(form, "episode_start_year")


def test_unknown_choice_is_refused(patient):
    form = _depression(patient, diagnosis="schizophrenia")
    assert form.errors["diagnosis"] == ["Please choose one of the answers."]


def test_phq9_needs_every_answer_from_0_to_3(patient):
    data = step_data("phq9", phq9_4="4", phq9_9="")
    form = Phq9Form(data, instance=Intake(patient=patient))
    assert not form.is_valid()
    assert form.errors["phq9_4"] == ["Please choose one of the answers."]
    assert form.errors["phq9_9"] == ["Please choose one answer."]


def _trials(rows, complete=True, **extra):
    data = {**management(len(rows))}
    for index, row in enumerate(rows):
        data.update(trial_row(index, **row))
    data.update(extra)
    return TrialFormSet(data, complete=complete)


@pytest.mark.parametrize(
    ("dose", "code"),
    [
        ("a lot", "dose_not_a_number"),
        ("1e400", "dose_too_high"),
        ("NaN", "dose_not_a_number"),
        ("-50", "dose_negative"),
        ("2001", "dose_too_high"),
        ("150000", "dose_too_high"),
    ],
)
def test_dose_must_be_a_sane_number_of_mg(dose, code):
    formset = _trials([{"daily_dose_mg": dose}])
    assert not formset.is_valid()
    assert code in _codes(formset.forms[0], "daily_dose_mg")


@pytest.mark.parametrize(
    ("typed", "stored"), [("150", "150.00"), ("37.5", "37.50"), ("150 mg", "150.00"), ("", None)]
)
def test_dose_is_read_as_typed(typed, stored):
    formset = _trials([{"daily_dose_mg": typed}])
    assert formset.is_valid(), formset.errors
    dose = formset.rows()[0]["daily_dose_mg"]
    assert (None if dose is None else str(dose)) == stored


@pytest.mark.parametrize(
    ("weeks", "code"),
    [
        ("521", "weeks_too_many"),
        ("-1", "negative"),
        ("six", "not_a_number"),
        ("2.5", "not_a_number"),
    ],
)
def test_weeks_are_0_to_520(weeks, code):
    formset = _trials([{"weeks": weeks}])
    assert code in _codes(formset.forms[0], "weeks")


def test_520_weeks_and_0_weeks_are_accepted():
    assert _trials([{"weeks": "520"}, {"weeks": "0"}]).is_valid()


def test_trial_start_cannot_be_in_the_future():
    formset = _trials([{"start_year": str(timezone.localdate().year + 1)}])
    assert "date_in_future" in _codes(formset.forms[0], "start_year")


def test_a_row_needs_a_medicine_name_unless_it_is_blank():
    formset = _trials([{"medication": "", "daily_dose_mg": "100"}])
    assert "required" in _codes(formset.forms[0], "medication")
    blank = dict.fromkeys(("medication", "daily_dose_mg", "weeks"), "")
    blank.update(current_episode="", augmentation="", outcome="")
    formset = _trials([{"medication": "Zoloft"}, blank])
    assert formset.is_valid(), formset.errors
    assert [row["medication"] for row in formset.rows()] == ["Zoloft"]


def test_a_result_is_needed_to_continue_but_not_to_save_for_later():
    assert "required" in _codes(_trials([{"outcome": ""}]).forms[0], "outcome")
    assert _trials([{"outcome": ""}], complete=False).is_valid()


def test_other_treatments_follow_up_questions_are_needed_after_yes(patient):
    form = OtherTreatmentsForm(
        step_data("other-treatments", therapy_kind="", therapy_outcome="", ect_had="yes"),
        instance=Intake(patient=patient),
    )
    assert not form.is_valid()
    assert set(form.errors) == {"therapy_kind", "therapy_outcome", "ect_outcome"}


def test_answers_that_no_longer_apply_are_cleared(patient):
    form = OtherTreatmentsForm(
        step_data("other-treatments", therapy_had="no", tms_had="no", tms_improvement_pct="40"),
        instance=Intake(patient=patient),
    )
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["therapy_kind"] == ""
    assert answers["therapy_weeks"] is None
    assert answers["tms_improvement_pct"] is None


@pytest.mark.parametrize(("weeks", "valid"), [("520", True), ("521", False)])
def test_therapy_weeks_stop_at_the_same_ten_years_as_a_trial(patient, weeks, valid):
    form = OtherTreatmentsForm(
        step_data("other-treatments", therapy_had="yes", therapy_weeks=weeks),
        instance=Intake(patient=patient),
    )
    assert form.is_valid() is valid, form.errors
    assert ("weeks_too_many" in _codes(form, "therapy_weeks")) is not valid


@pytest.mark.parametrize(("pct", "code"), [("101", "percent_too_high"), ("-5", "negative")])
def test_tms_improvement_is_a_percentage(patient, pct, code):
    form = OtherTreatmentsForm(
        step_data("other-treatments", tms_had="yes", tms_improvement_pct=pct),
        instance=Intake(patient=patient),
    )
    assert code in _codes(form, "tms_improvement_pct")


def test_tms_improvement_accepts_a_percent_sign(patient):
    form = OtherTreatmentsForm(
        step_data("other-treatments", tms_had="yes", tms_improvement_pct="60%"),
        instance=Intake(patient=patient),
    )
    assert form.is_valid(), form.errors
    assert form.answers()["tms_improvement_pct"] == 60


def test_every_safety_question_needs_yes_or_no():
    form = SafetyForm({"seizure": "yes", "seizure_details": "Once, in 2010"})
    assert not form.is_valid()
    assert "seizure" not in form.errors
    assert form.errors["pregnancy"] == ["Please answer yes or no."]
    assert len(form.errors) == 13


def test_safety_details_are_kept_only_for_yes():
    data = step_data("safety", seizure="yes", seizure_details="Once", fainting_details="stale")
    form = SafetyForm(data)
    assert form.is_valid(), form.errors
    safety = form.safety()
    assert safety["seizure"] == ("yes", "Once")
    assert safety["fainting"] == ("no", "stale")  # the service drops details of a "no"


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("Alice Example", True),
        ("  alice   EXAMPLE ", True),
        ("Alice", False),
        ("Alice Exampl", False),
        ("Bob Example", False),
    ],
)
def test_signature_must_match_the_account_name(patient, typed, ok):
    intake = Intake(patient=patient)
    form = ConsentForm(
        step_data("consent", signed_name=typed), instance=intake, patient=patient, intake=intake
    )
    assert form.is_valid() is ok
    if not ok:
        assert "signature_mismatch" in _codes(form, "signed_name")


def test_consent_boxes_must_be_ticked(patient):
    intake = Intake(patient=patient)
    form = ConsentForm(
        step_data("consent", consent_true="", consent_contact=""),
        instance=intake,
        patient=patient,
        intake=intake,
    )
    assert form.errors["consent_true"] == ["Please tick this box to confirm your answers."]
    assert "consent_contact" in form.errors

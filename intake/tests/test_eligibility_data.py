"""The loader: the rules fed from the database, in a fixed number of queries, with the same
results as the pure rules on the seed data; staff edits change the next evaluation."""

import pytest
from hypothesis import HealthCheck, assume, given, settings

from education.models import Article
from intake.eligibility import FALLBACK_TEXT, NOTE_KEYS, evaluate
from intake.eligibility.case_json import CaseError, case_to_dict, parse_case
from intake.models import (
    CriteriaProfile,
    InsurancePlanMapping,
    Medication,
    MedicationAlias,
    NoteText,
)
from intake.services.evaluation import (
    ProfileError,
    evaluate_case_dict,
    evaluate_intake,
    load_catalogue,
    load_note_texts,
    resolve_profile,
    why_we_ask,
)
from intake.setup.files import build_catalogue, build_note_texts, build_profiles, note_texts
from intake.tests.strategies import cases, profiles

from .factories import make_intake
from .notes_helpers import import_seed_articles

pytestmark = pytest.mark.django_db

CONTRACT_CASE = {
    "age": 42,
    "phq9": [3, 3, 2, 2, 1, 2, 2, 1, 0],
    "diagnosis": "mdd_recurrent",
    "psychosis": False,
    "substance_use_90d": False,
    "trials": [
        {"medication": "sertraline", "daily_dose_mg": 150, "weeks": 8, "outcome": "no_change",
         "current_episode": True, "augmentation": False},
        {"medication": "Wellbutrin XL", "daily_dose_mg": 300, "weeks": 6, "outcome": "partial"},
    ],
    "psychotherapy": [{"kind": "cbt", "weeks": 12, "outcome": "no_change"}],
    "ect": {"had": False},
    "prior_tms": {"had": False, "improvement_pct": None},
    "safety_yes": ["seizure"],
}  # fmt: skip


def _note(result, code):
    return next(note for note in result.evaluation.notes if note.code == code)


# --- loading --------------------------------------------------------------------------------


def test_the_catalogue_from_the_database_is_the_seed_catalogue():
    loaded = {m.generic_name: m for m in load_catalogue()}
    seeded = {m.generic_name: m for m in build_catalogue()}
    assert loaded.keys() == seeded.keys()
    for name, medication in seeded.items():
        assert loaded[name].drug_class == medication.drug_class
        assert loaded[name].min_adequate_daily_mg == medication.min_adequate_daily_mg
        assert loaded[name].usual_max_daily_mg == medication.usual_max_daily_mg
        assert loaded[name].is_augmentation_agent == medication.is_augmentation_agent
        assert set(loaded[name].aliases) == set(medication.aliases)


def test_the_profiles_and_texts_from_the_database_are_the_seed_ones():
    seeded = build_profiles()
    for profile in CriteriaProfile.objects.all():
        assert profile.to_pure() == seeded[profile.key]
    assert load_note_texts() == build_note_texts()


def test_the_loaded_note_texts_match_the_data_file_exactly():
    """What `load_clinic_setup` wrote is the data file's wording and links, as they stand."""
    for code, row in note_texts().items():
        text = NoteText.objects.get(code=code)
        assert (text.patient_text, text.staff_text, text.article_slugs) == (
            row["patient_text"],
            row["staff_text"],
            row["article_slugs"],
        ), code


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=cases)
def test_any_valid_case_evaluates_from_the_database_as_the_pure_rules_do(case):
    """The database path and the pure rules agree on every case (so the web pages, the admin and
    evaluate_case say what the tested rules say)."""
    # The case JSON has no partly answered PHQ-9 (nine answers or null): such cases are skipped.
    assume(case.phq9 is None or None not in case.phq9)
    data = case_to_dict(case)
    result = evaluate_case_dict(data)
    expected = evaluate(
        parse_case(data),  # as the case JSON carries it (names stripped of spaces)
        build_profiles()["typical-2-classes"],
        build_catalogue(),
        build_note_texts(),
        published_articles=set(),  # no articles imported in this test
    )
    assert result.evaluation == expected
    assert {note.key for note in result.evaluation.notes} <= set(NOTE_KEYS)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=cases, profile=profiles)
def test_every_note_any_case_can_get_has_its_seeded_text_in_the_database(case, profile):
    texts = load_note_texts()
    evaluation = evaluate(case, profile, load_catalogue(), texts)
    for note in evaluation.notes:
        assert note.key in texts, note.key
        assert note.text != FALLBACK_TEXT.patient_template
        typed = "".join(trial.medication for trial in case.trials or ())
        if "{" not in typed:  # every placeholder filled in
            assert "{" not in note.text, note.text


def test_evaluation_runs_a_fixed_number_of_queries(django_assert_num_queries):
    import_seed_articles()
    many = {**CONTRACT_CASE, "trials": CONTRACT_CASE["trials"] * 10}
    # default profile, medications, aliases, note texts, articles
    with django_assert_num_queries(5):
        evaluate_case_dict(CONTRACT_CASE)
    with django_assert_num_queries(5):
        evaluate_case_dict(many)


def test_evaluating_an_intake_runs_a_fixed_number_of_queries(patient, django_assert_num_queries):
    intake = make_intake(patient, insurance_plan="Some plan")
    # trials, safety answers, plan mapping, default profile, medications, aliases, texts
    # (no article slugs resolve: none imported, but the query still runs)
    with django_assert_num_queries(8):
        evaluate_intake(intake)


# --- profiles -------------------------------------------------------------------------------


def test_without_a_profile_key_the_clinic_default_is_used():
    assert resolve_profile().key == "typical-2-classes"
    assert evaluate_case_dict(CONTRACT_CASE).evaluation.profile == "typical-2-classes"


def test_an_insurance_plan_mapped_by_staff_picks_its_profile():
    InsurancePlanMapping.objects.create(
        plan_name="Medicare Part B", profile=CriteriaProfile.objects.get(key="fda-label")
    )
    assert resolve_profile(plan_name="  medicare   PART b ").key == "fda-label"
    assert resolve_profile(plan_name="Another plan").key == "typical-2-classes"
    assert resolve_profile(plan_name="").key == "typical-2-classes"


def test_the_patients_insurance_answer_picks_the_profile(patient):
    InsurancePlanMapping.objects.create(
        plan_name="BCBS Michigan", profile=CriteriaProfile.objects.get(key="strict-4-trials")
    )
    intake = make_intake(patient, insurance_plan="bcbs michigan")
    result = evaluate_intake(intake)
    assert result.evaluation.profile == "strict-4-trials"
    assert result.evaluation.criteria["augmentation"] == "unmet"


def test_an_unknown_profile_key_is_a_clear_error():
    with pytest.raises(ProfileError, match=r"no criteria profile 'nope'.*fda-label"):
        evaluate_case_dict(CONTRACT_CASE, "nope")


def test_with_no_default_the_first_profile_is_used_and_with_none_a_clear_error():
    CriteriaProfile.objects.update(is_default=False)
    assert resolve_profile().key == "fda-label"
    CriteriaProfile.objects.all().delete()
    with pytest.raises(ProfileError, match="No criteria profile"):
        resolve_profile()


def test_a_case_that_breaks_the_contract_is_a_case_error():
    with pytest.raises(CaseError, match="phq9"):
        evaluate_case_dict({**CONTRACT_CASE, "phq9": [1, 2]})


# --- staff edits change the next evaluation -------------------------------------------------


def test_a_staff_change_of_a_minimum_dose_changes_the_next_evaluation():
    case = {**CONTRACT_CASE, "trials": [{"medication": "Zoloft", "daily_dose_mg": 100,
                                          "weeks": 8, "outcome": "no_change"}]}  # fmt: skip
    assert evaluate_case_dict(case).evaluation.adequate_failed_trials == 1
    Medication.objects.filter(generic_name="sertraline").update(min_adequate_daily_mg=150)
    result = evaluate_case_dict(case)
    assert result.evaluation.adequate_failed_trials == 0
    assert "look for at least 150 mg a day" in _note(result, "trial.low_dose").text


def test_a_brand_name_added_by_staff_is_recognised_next_time():
    case = {**CONTRACT_CASE, "trials": [{"medication": "Zolof", "daily_dose_mg": 100,
                                          "weeks": 8, "outcome": "no_change"}]}  # fmt: skip
    assert evaluate_case_dict(case).evaluation.trials[0].status == "uncertain"
    MedicationAlias.objects.create(
        medication=Medication.objects.get(generic_name="sertraline"), name="Zolof"
    )
    assert evaluate_case_dict(case).evaluation.trials[0].status == "counted"


def test_a_staff_change_of_a_profile_parameter_changes_the_next_evaluation():
    assert evaluate_case_dict(CONTRACT_CASE).evaluation.criteria["severity"] == "met"
    CriteriaProfile.objects.filter(key="typical-2-classes").update(min_phq9_total=20)
    assert evaluate_case_dict(CONTRACT_CASE).evaluation.criteria["severity"] == "unmet"


def test_a_staff_change_of_a_notes_wording_and_links_changes_the_next_evaluation():
    import_seed_articles()
    NoteText.objects.filter(code="criterion.failed_trials.met").update(
        patient_text="{counted} medicines did not help enough; {required} are asked for.",
        article_slugs=["mixed-results"],
    )
    note = _note(evaluate_case_dict(CONTRACT_CASE), "criterion.failed_trials")
    assert note.text == "2 medicines did not help enough; 2 are asked for."
    assert note.articles == ("mixed-results",)


# --- article links --------------------------------------------------------------------------


def test_links_to_articles_that_are_not_imported_yet_are_left_out():
    note = _note(evaluate_case_dict(CONTRACT_CASE), "criterion.failed_trials")
    assert note.articles == ()


def test_links_resolve_to_the_published_articles_in_order():
    import_seed_articles()
    result = evaluate_case_dict(CONTRACT_CASE)
    linked = next(n for n in result.notes if n.note.code == "criterion.failed_trials")
    assert [a.title for a in linked.articles] == [
        "What counts as a full medicine trial",
        "One medicine or two",
    ]
    assert [link.text for link in linked.links] == [
        "How doctors count a medicine trial",
        "Why some rules ask for one medicine and others for two or more",
    ]
    assert linked.links[0].url.endswith("/what-counts-as-a-full-medicine-trial/")


def test_an_unpublished_article_is_left_out_never_a_broken_link():
    import_seed_articles()
    Article.objects.filter(slug="what-counts-as-a-full-medicine-trial").update(
        status=Article.Status.DRAFT
    )
    result = evaluate_case_dict(CONTRACT_CASE)
    note = _note(result, "criterion.failed_trials")
    assert note.articles == ("one-medicine-or-two",)
    assert "what-counts-as-a-full-medicine-trial" not in result.articles


def test_why_we_ask_lines_carry_their_published_articles(django_assert_num_queries):
    assert why_we_ask("antidepressants").articles == ()
    import_seed_articles()
    with django_assert_num_queries(2):
        line = why_we_ask("antidepressants")
    assert "medicines have not helped enough" in line.text
    assert [a.slug for a in line.articles] == [
        "what-counts-as-a-full-medicine-trial",
        "one-medicine-or-two",
        "tms-and-medicines",
    ]
    assert line.links[0].text == "How doctors count a medicine trial"
    assert why_we_ask("nowhere") is None


def test_a_clashing_name_in_the_database_is_left_out_not_a_crash():
    # Only possible by writing around the admin's checks.
    MedicationAlias.objects.create(
        medication=Medication.objects.get(generic_name="citalopram"), name="Sertraline "
    )
    catalogue = load_catalogue()
    assert catalogue.lookup("sertraline").generic_name == "sertraline"
    assert catalogue.lookup("Celexa").generic_name == "citalopram"

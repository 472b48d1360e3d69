"""The eligibility rules, checked against docs/clinical-facts.md ("facts §N").

Pure tests: no database. The set-up data files (catalogue, profiles, note texts; intake/setup/)
are what `load_clinic_setup` loads, so these tests also check the files.
"""

import itertools
import json
import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from intake.eligibility import (
    CRITERIA,
    CRITERION_VALUES,
    LEVELS,
    NOTE_KEYS,
    NOTE_PARAMS,
    NOTE_SPECS,
    SAFETY_CAUTION,
    SAFETY_KEYS,
    SAFETY_STOP,
    Case,
    Catalogue,
    Ect,
    Medication,
    NoteText,
    PriorTms,
    Profile,
    Psychotherapy,
    Trial,
    evaluate,
    phq9_severity,
    phq9_total,
    render,
    template_fields,
)
from intake.eligibility.wording import find_decision_words
from intake.setup import files
from intake.tests.strategies import cases, profiles

CATALOGUE = files.build_catalogue()
PROFILES = files.build_profiles()
TEXTS = files.build_note_texts()

# A typical adult case that meets every part of "typical-2-classes" except the trials, which each
# test supplies: PHQ-9 16 (moderately severe), 12 weeks of CBT without change, no exclusions.
BASE = Case(
    age=42,
    phq9=(3, 3, 2, 2, 1, 2, 2, 1, 0),
    diagnosis="mdd_recurrent",
    psychosis=False,
    substance_use_90d=False,
    trials=(),
    psychotherapy=(Psychotherapy("cbt", 12, "no_change"),),
    ect=Ect(had=False),
    prior_tms=PriorTms(had=False),
    safety_yes=(),
)
SERTRALINE = Trial("sertraline", 150, 8, "no_change")
BUPROPION = Trial("Wellbutrin XL", 300, 6, "partial")
ARIPIPRAZOLE = Trial("aripiprazole", 5, 6, "no_change")
QUETIAPINE = Trial("Seroquel XR", 150, 6, "no_change")


def run(profile="typical-2-classes", **changes):
    case = Case(**{**BASE.__dict__, **changes})
    return evaluate(case, PROFILES[profile], CATALOGUE, TEXTS)


def keys(evaluation):
    return [note.key for note in evaluation.notes]


def trial_reasons(evaluation):
    return [(t.status, t.reason) for t in evaluation.trials]


# --- the table: one row per rule, plus combinations and edge values ---------------------------
# (id, profile, case changes, expected evaluation fields, note keys that must be present)
TABLE = [
    ("contract example", "typical-2-classes", {"trials": (SERTRALINE, BUPROPION)},
     {"adequate_failed_trials": 2, "failed_classes": ["NDRI", "SSRI"], "phq9_total": 16,
      "severity": "moderately_severe", "criteria": {"age": "met", "severity": "met",
      "failed_trials": "met", "classes": "met", "augmentation": "not_required",
      "psychotherapy": "met", "exclusions": "met"}},
     ["criterion.failed_trials.met", "criterion.classes.met", "trial.counted"]),
    ("dose exactly at the catalogue minimum counts", "fda-label",
     {"trials": (Trial("sertraline", 50, 4, "no_change"),)},
     {"adequate_failed_trials": 1, "criteria": {"failed_trials": "met"}}, ["trial.counted"]),
    ("dose just below the minimum does not count", "fda-label",
     {"trials": (Trial("sertraline", 25, 8, "no_change"),)},
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unmet"}},
     ["trial.low_dose", "criterion.failed_trials.unmet"]),
    ("weeks exactly at the profile minimum count", "typical-2-classes",
     {"trials": (Trial("sertraline", 100, 6, "no_change"), Trial("bupropion", 300, 6, "worse"))},
     {"adequate_failed_trials": 2}, ["trial.counted"]),
    ("5.9 weeks is short of 6", "typical-2-classes",
     {"trials": (Trial("sertraline", 100, 5.9, "no_change"),)},
     {"adequate_failed_trials": 0}, ["trial.too_short"]),
    ("fda-label needs only 4 weeks", "fda-label",
     {"trials": (Trial("escitalopram", 10, 4, "partial"),)},
     {"adequate_failed_trials": 1, "criteria": {"failed_trials": "met", "classes": "not_required",
      "severity": "not_required", "psychotherapy": "not_required", "exclusions": "met"}},
     ["criterion.failed_trials.met", "phq9.score"]),
    ("low dose and too short", "typical-2-classes",
     {"trials": (Trial("citalopram", 10, 2, "no_change"),)},
     {"adequate_failed_trials": 0}, ["trial.low_dose_short"]),
    ("brand names resolve; one class only", "typical-2-classes",
     {"trials": (Trial("Zoloft", 100, 8, "no_change"), Trial("LEXAPRO", 20, 8, "worse"))},
     {"adequate_failed_trials": 2, "failed_classes": ["SSRI"],
      "criteria": {"failed_trials": "met", "classes": "unmet"}},
     ["criterion.classes.unmet"]),
    ("brand with odd spacing and case", "fda-label",
     {"trials": (Trial("  wellbutrin   xl ", 300, 6, "no_change"),)},
     {"adequate_failed_trials": 1, "failed_classes": ["NDRI"]}, ["trial.counted"]),
    ("same medication twice (generic and brand) counts once", "typical-2-classes",
     {"trials": (Trial("sertraline", 100, 8, "no_change"), Trial("Zoloft", 200, 10, "worse"))},
     {"adequate_failed_trials": 1, "criteria": {"failed_trials": "unmet"}},
     ["trial.duplicate"]),
    ("unknown drug is never guessed: uncertain", "typical-2-classes",
     {"trials": (SERTRALINE, Trial("Zolofft", 100, 8, "no_change"))},
     {"adequate_failed_trials": 1,
      "criteria": {"failed_trials": "unknown", "classes": "unknown"}},
     ["trial.unknown_medication", "criterion.failed_trials.unknown"]),
    ("unknown drug cannot make up two missing trials", "typical-2-classes",
     {"trials": (Trial("mystery pill", 10, 8, "no_change"),)},
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unmet"}},
     ["trial.unknown_medication"]),
    ("missing dose: adequacy uncertain", "fda-label",
     {"trials": (Trial("sertraline", None, 8, "no_change"),)},
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unknown"}},
     ["trial.missing_details", "criterion.failed_trials.unknown"]),
    ("missing weeks: adequacy uncertain", "fda-label",
     {"trials": (Trial("sertraline", 100, None, "no_change"),)},
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unknown"}},
     ["trial.missing_details"]),
    ("response is not a failure", "fda-label",
     {"trials": (Trial("sertraline", 100, 8, "response"),)},
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unmet"}}, ["trial.response"]),
    ("ongoing is not a failure", "fda-label",
     {"trials": (Trial("sertraline", 100, 8, "ongoing"),)},
     {"adequate_failed_trials": 0}, ["trial.ongoing"]),
    ("worse is a failure", "fda-label", {"trials": (Trial("sertraline", 100, 8, "worse"),)},
     {"adequate_failed_trials": 1}, ["trial.counted"]),
    ("partial is a failure", "fda-label", {"trials": (Trial("sertraline", 100, 8, "partial"),)},
     {"adequate_failed_trials": 1}, ["trial.counted"]),
    ("unknown outcome on an adequate trial: uncertain", "fda-label",
     {"trials": (Trial("sertraline", 100, 8, "unknown"),)},
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unknown"}},
     ["trial.outcome_unknown"]),
    ("intolerance counts where the profile says", "typical-2-classes",
     {"trials": (SERTRALINE, Trial("bupropion", 150, 1, "side_effects"))},
     {"adequate_failed_trials": 1, "intolerances": 1, "failed_classes": ["NDRI", "SSRI"],
      "criteria": {"failed_trials": "met", "classes": "met"}},
     ["trial.intolerance_counted"]),
    ("intolerance does not count under fda-label", "fda-label",
     {"trials": (Trial("sertraline", 25, 1, "side_effects"),)},
     {"adequate_failed_trials": 0, "intolerances": 1, "failed_classes": [],
      "criteria": {"failed_trials": "unmet"}},
     ["trial.intolerance_not_counted"]),
    ("augmentation agent counts toward augmentation only", "strict-4-trials",
     {"trials": (SERTRALINE, BUPROPION, ARIPIPRAZOLE)},
     {"adequate_failed_trials": 2, "augmentation_failures": 1,
      "criteria": {"augmentation": "unmet", "failed_trials": "met"}},
     ["trial.counted_augmentation", "criterion.augmentation.unmet"]),
    ("an antidepressant marked add-on is augmentation", "strict-4-trials",
     {"trials": (SERTRALINE, Trial("mirtazapine", 30, 8, "no_change", augmentation=True))},
     {"adequate_failed_trials": 1, "augmentation_failures": 1}, ["trial.counted_augmentation"]),
    ("strict-4-trials all met", "strict-4-trials",
     {"phq9": (3, 3, 3, 3, 3, 2, 2, 2, 0),
      "trials": (SERTRALINE, BUPROPION, ARIPIPRAZOLE, QUETIAPINE)},
     {"phq9_total": 21, "severity": "severe", "augmentation_failures": 2,
      "criteria": dict.fromkeys(CRITERIA, "met")},
     ["criterion.augmentation.met", "criterion.severity.met"]),
    ("strict-4-trials: PHQ-9 of 20 is not above 20", "strict-4-trials",
     {"phq9": (3, 3, 3, 3, 2, 2, 2, 2, 0),
      "trials": (SERTRALINE, BUPROPION, ARIPIPRAZOLE, QUETIAPINE)},
     {"phq9_total": 20, "severity": "severe", "criteria": {"severity": "unmet"}},
     ["criterion.severity.unmet"]),
    ("lithium is judged by blood level: uncertain", "strict-4-trials",
     {"trials": (SERTRALINE, BUPROPION, ARIPIPRAZOLE, Trial("Lithobid", 900, 8, "no_change"))},
     {"augmentation_failures": 1, "criteria": {"augmentation": "unknown"}},
     ["trial.no_dose_threshold", "criterion.augmentation.unknown"]),
    ("venlafaxine 75 mg is too low (ATRQ example)", "fda-label",
     {"trials": (Trial("Effexor XR", 75, 7, "no_change"),)},
     {"adequate_failed_trials": 0}, ["trial.low_dose"]),
    ("venlafaxine 150 mg counts", "fda-label",
     {"trials": (Trial("venlafaxine", 150, 7, "no_change"),)},
     {"adequate_failed_trials": 1, "failed_classes": ["SNRI"]}, ["trial.counted"]),
    ("hypnotic-dose trazodone does not count", "fda-label",
     {"trials": (Trial("trazodone", 50, 12, "no_change"),)},
     {"adequate_failed_trials": 0}, ["trial.low_dose"]),
    ("dose above the usual maximum is flagged, still counted", "fda-label",
     {"trials": (Trial("sertraline", 2000, 8, "no_change"),)},
     {"adequate_failed_trials": 1}, ["trial.counted", "trial.dose_above_max"]),
    ("prior-episode trial is not counted when this episode was treated", "fda-label",
     {"trials": (Trial("sertraline", 100, 8, "no_change", current_episode=False),
                 Trial("escitalopram", 5, 8, "no_change"))},
     {"adequate_failed_trials": 0}, ["trial.prior_episode", "trial.low_dose"]),
    ("only prior-episode trials: a clinician decides", "fda-label",
     {"trials": (Trial("sertraline", 100, 8, "no_change", current_episode=False),)},
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unknown"}},
     ["trial.prior_episode_only"]),
    ("episode not sure: uncertain", "fda-label",
     {"trials": (Trial("sertraline", 100, 8, "no_change", current_episode=None),)},
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unknown"}},
     ["trial.episode_unsure"]),
    ("trials not answered: unknown", "typical-2-classes", {"trials": None},
     {"criteria": {"failed_trials": "unknown", "classes": "unknown"}},
     ["criterion.failed_trials.unknown"]),
    ("PHQ-9 exactly 15 meets typical", "typical-2-classes",
     {"phq9": (3, 3, 3, 3, 3, 0, 0, 0, 0)},
     {"phq9_total": 15, "severity": "moderately_severe", "criteria": {"severity": "met"}},
     ["criterion.severity.met"]),
    ("PHQ-9 14 is short of 15", "typical-2-classes", {"phq9": (3, 3, 3, 3, 2, 0, 0, 0, 0)},
     {"phq9_total": 14, "severity": "moderate", "criteria": {"severity": "unmet"}},
     ["criterion.severity.unmet"]),
    ("PHQ-9 19 is short of strict 20", "strict-4-trials", {"phq9": (3, 3, 3, 3, 3, 3, 1, 0, 0)},
     {"phq9_total": 19, "criteria": {"severity": "unmet"}}, []),
    ("PHQ-9 not answered", "typical-2-classes", {"phq9": None},
     {"phq9_total": None, "severity": None, "criteria": {"severity": "unknown"}},
     ["criterion.severity.unknown"]),
    ("PHQ-9 not answered, fda-label", "fda-label", {"phq9": None}, {}, ["phq9.missing"]),
    ("age 17 under an adult profile", "typical-2-classes", {"age": 17},
     {"criteria": {"age": "unmet"}}, ["criterion.age.unmet"]),
    ("age exactly 18", "typical-2-classes", {"age": 18}, {"criteria": {"age": "met"}}, []),
    ("age missing", "typical-2-classes", {"age": None}, {"criteria": {"age": "unknown"}},
     ["criterion.age.unknown"]),
    ("bipolar excluded by typical", "typical-2-classes", {"diagnosis": "bipolar"},
     {"criteria": {"exclusions": "unmet"}}, ["criterion.exclusions.unmet"]),
    ("bipolar under fda-label: the labels are for major depression only", "fda-label",
     {"diagnosis": "bipolar"}, {"criteria": {"exclusions": "unmet"}},
     ["criterion.exclusions.unmet"]),
    ("fda-label: no exclusion applies", "fda-label", {},
     {"criteria": {"exclusions": "met"}}, ["criterion.exclusions.met"]),
    ("fda-label: diagnosis not sure", "fda-label", {"diagnosis": "not_sure"},
     {"criteria": {"exclusions": "unknown"}},
     ["criterion.exclusions.unknown", "diagnosis.not_sure"]),
    ("substance use excluded", "typical-2-classes", {"substance_use_90d": True},
     {"criteria": {"exclusions": "unmet"}}, []),
    ("psychosis not answered", "typical-2-classes", {"psychosis": None},
     {"criteria": {"exclusions": "unknown"}}, ["criterion.exclusions.unknown"]),
    ("diagnosis not sure", "typical-2-classes", {"diagnosis": "not_sure"},
     {"criteria": {"exclusions": "unknown"}},
     ["diagnosis.not_sure", "criterion.exclusions.unknown"]),
    ("no psychotherapy", "typical-2-classes", {"psychotherapy": ()},
     {"criteria": {"psychotherapy": "unmet"}}, ["criterion.psychotherapy.unmet"]),
    ("psychotherapy too short", "typical-2-classes",
     {"psychotherapy": (Psychotherapy("cbt", 5, "no_change"),)},
     {"criteria": {"psychotherapy": "unmet"}}, []),
    ("psychotherapy exactly 6 weeks", "typical-2-classes",
     {"psychotherapy": (Psychotherapy("ipt", 6, "partial"),)},
     {"criteria": {"psychotherapy": "met"}}, []),
    ("psychotherapy that helped", "typical-2-classes",
     {"psychotherapy": (Psychotherapy("cbt", 20, "response"),)},
     {"criteria": {"psychotherapy": "unmet"}}, []),
    ("psychotherapy weeks missing", "typical-2-classes",
     {"psychotherapy": (Psychotherapy("cbt", None, "no_change"),)},
     {"criteria": {"psychotherapy": "unknown"}}, ["criterion.psychotherapy.unknown"]),
    ("prior TMS above 50%: retreatment note", "typical-2-classes",
     {"prior_tms": PriorTms(had=True, improvement_pct=60)}, {}, ["prior_tms.response"]),
    ("prior TMS exactly 50% is not above 50", "typical-2-classes",
     {"prior_tms": PriorTms(had=True, improvement_pct=50)}, {}, ["prior_tms.had"]),
    ("prior ECT", "typical-2-classes", {"ect": Ect(had=True)}, {}, ["prior_ect"]),
    ("safety answers not given", "typical-2-classes", {"safety_yes": None}, {},
     ["safety.unanswered"]),
    ("unknown add-on drug: uncertain augmentation", "strict-4-trials",
     {"trials": (ARIPIPRAZOLE, Trial("newpiprazole", 2, 8, "no_change", augmentation=True))},
     {"augmentation_failures": 1, "criteria": {"augmentation": "unknown"}},
     ["trial.unknown_medication"]),
    ("add-on stopped for side effects is not an intolerance", "strict-4-trials",
     {"trials": (Trial("Abilify", 2, 1, "side_effects"),)},
     {"intolerances": 0, "augmentation_failures": 0}, ["trial.augmentation_side_effects"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("profile", "changes", "expected", "present"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_rule_table(profile, changes, expected, present):
    evaluation = run(profile, **changes)
    data = evaluation.as_dict()
    for name, value in expected.items():
        if name == "criteria":
            assert {k: data["criteria"][k] for k in value} == value
        else:
            assert data[name] == value, name
    for key in present:
        assert key in keys(evaluation)


def test_the_table_shows_every_criterion_met_unmet_and_unknown():
    """The table is the rules' specification: each criterion the evaluation reports is shown
    met, unmet and unknown (an answer missing or unsure) by at least one of its rows."""
    checked = {}
    for _, _, _, expected, _ in TABLE:
        for criterion, outcome in expected.get("criteria", {}).items():
            checked.setdefault(criterion, set()).add(outcome)
    missing = {
        criterion: {"met", "unmet", "unknown"} - checked.get(criterion, set())
        for criterion in run().as_dict()["criteria"]
    }
    assert not any(missing.values()), missing


def test_the_output_has_exactly_the_contract_keys():
    data = run(trials=(SERTRALINE, BUPROPION)).as_dict()
    assert list(data) == [
        "profile",
        "phq9_total",
        "severity",
        "adequate_failed_trials",
        "failed_classes",
        "augmentation_failures",
        "intolerances",
        "criteria",
        "notes",
    ]
    assert list(data["criteria"]) == list(CRITERIA)
    assert set(data["notes"][0]) == {"code", "level", "params", "text", "articles"}
    json.dumps(data)  # serialisable as it stands


def test_criterion_notes_use_the_contract_code_and_the_level_of_their_value():
    evaluation = run(trials=(SERTRALINE, BUPROPION))
    note = next(n for n in evaluation.notes if n.code == "criterion.failed_trials")
    assert note.as_dict() == {
        "code": "criterion.failed_trials",
        "level": "met",
        "params": {"counted": 2, "required": 2, "uncertain": 0},
        "text": note.text,
        "articles": ["what-counts-as-a-full-medicine-trial", "one-medicine-or-two"],
    }
    assert note.key == "criterion.failed_trials.met"


def test_the_trial_breakdown_says_why_each_trial_did_or_did_not_count():
    evaluation = run(
        "fda-label",
        trials=(Trial("Zoloft", 25, 8, "no_change"), Trial("sertraline", 100, 8, "no_change")),
    )
    first, second = evaluation.trials
    assert (first.status, first.reason, first.generic_name) == (
        "not_counted",
        "trial.low_dose",
        "sertraline",
    )
    assert (second.status, second.counts_toward, second.min_dose_mg) == (
        "counted",
        "failed_trials",
        50,
    )
    texts = [n.text for n in evaluation.notes if n.key == "trial.low_dose"]
    assert texts == [
        "You took Zoloft (sertraline) at 25 mg a day. The rules we used look for at least 50 mg "
        "a day, the dose that usually works. Your care team will go over it with you."
    ]
    trials = evaluation.as_dict(include_trials=True)["trials"]
    assert trials[0]["reason"] == "trial.low_dose"
    assert trials[1]["status"] == "counted"


def test_a_duplicate_that_is_uncertain_still_counts_once():
    evaluation = run("fda-label", trials=(Trial("sertraline", None, 8, "no_change"), SERTRALINE))
    assert trial_reasons(evaluation) == [
        ("duplicate", "trial.duplicate"),
        ("counted", "trial.counted"),
    ]
    assert evaluation.criteria["failed_trials"] == "met"


def test_a_drug_both_failed_and_stopped_for_side_effects_counts_once_for_the_criterion():
    evaluation = run(
        trials=(SERTRALINE, Trial("Zoloft", 200, 2, "side_effects")),
    )
    assert evaluation.adequate_failed_trials == 1
    assert evaluation.intolerances == 1
    assert evaluation.criteria["failed_trials"] == "unmet"


def test_item_9_gives_an_urgent_note_first_whatever_else():
    evaluation = run(
        phq9=(0, 0, 0, 0, 0, 0, 0, 0, 1),
        safety_yes=("pacemaker", "seizure"),
        diagnosis="bipolar",
    )
    assert [n.level for n in evaluation.notes][:3] == ["urgent", "stop", "caution"]
    urgent = evaluation.notes[0]
    assert urgent.key == "urgent.item9"
    assert "988" in urgent.text
    assert urgent.params == {"item9_score": 1}


def test_item_9_counts_even_when_other_answers_are_missing():
    evaluation = run(phq9=(None, 1, 2, 3, 0, 0, 0, 0, 2))
    assert evaluation.notes[0].key == "urgent.item9"
    assert (evaluation.phq9_total, evaluation.severity) == (None, None)
    assert evaluation.criteria["severity"] == "unknown"


@pytest.mark.parametrize("phq9", [(0,) * 8, (0,) * 10, (0,) * 8 + (4,), (0,) * 8 + (-1,)])
def test_a_case_refuses_a_phq9_that_is_not_nine_answers(phq9):
    with pytest.raises(ValueError, match="nine answers"):
        Case(phq9=phq9)


@pytest.mark.parametrize(
    "item",
    ["cochlear_implant", "metal_in_head", "implanted_stimulator", "pacemaker", "medication_pump"],
)
def test_implants_are_a_stop_a_clinician_must_review(item):
    note = next(n for n in run(safety_yes=(item,)).notes if n.code == f"safety.{item}")
    assert note.level == "stop"
    assert "a clinician must review this before any treatment" in note.text.lower()


def test_every_safety_item_is_either_a_stop_or_a_caution():
    assert sorted(SAFETY_KEYS) == sorted(SAFETY_STOP + SAFETY_CAUTION)
    assert not set(SAFETY_STOP) & set(SAFETY_CAUTION)


@pytest.mark.parametrize(
    "item",
    sorted(
        set(SAFETY_KEYS)
        - {
            "cochlear_implant",
            "metal_in_head",
            "implanted_stimulator",
            "pacemaker",
            "medication_pump",
        }
    ),
)
def test_other_safety_answers_are_a_caution(item):
    note = next(n for n in run(safety_yes=(item,)).notes if n.code == f"safety.{item}")
    assert note.level == "caution"


def test_schedule_how_it_works_and_care_team_notes_are_always_shown():
    for evaluation in (run(), run("fda-label", phq9=None, trials=None, safety_yes=None)):
        info = [n for n in evaluation.notes if n.level == "info"]
        assert [n.key for n in info][-3:] == [
            "info.schedule",
            "info.how_it_works",
            "info.care_team",
        ]
        assert info[-2].articles == ("brain-connectivity", "dual-mechanism")
        assert info[-3].articles == ("a-usual-course", "what-happens-at-a-session")


def test_seeded_links_follow_the_issue_examples():
    trials = ("what-counts-as-a-full-medicine-trial", "one-medicine-or-two")
    assert TEXTS["criterion.failed_trials.met"].article_slugs == trials
    assert TEXTS["criterion.failed_trials.unmet"].article_slugs == trials
    assert TEXTS["safety.metal_in_head"].article_slugs == ("metal-in-or-near-the-head",)
    assert TEXTS["safety.pregnancy"].article_slugs == ("tms-and-pregnancy",)
    assert TEXTS["trial.low_dose"].article_slugs == ("what-counts-as-a-full-medicine-trial",)
    assert TEXTS["criterion.severity.met"].article_slugs == ("what-the-score-means",)
    assert TEXTS["prior_ect"].article_slugs == ("tms-and-ect",)


def test_unpublished_articles_are_left_out():
    evaluation = evaluate(
        BASE, PROFILES["typical-2-classes"], CATALOGUE, TEXTS, published_articles={"rtms"}
    )
    how = next(n for n in evaluation.notes if n.key == "info.how_it_works")
    assert how.articles == ()
    evaluation = evaluate(
        Case(**{**BASE.__dict__, "ect": Ect(had=True)}),
        PROFILES["typical-2-classes"],
        CATALOGUE,
        TEXTS,
        published_articles={"tms-and-ect"},
    )
    assert next(n for n in evaluation.notes if n.key == "prior_ect").articles == ("tms-and-ect",)


def test_a_missing_note_text_falls_back_instead_of_crashing():
    evaluation = evaluate(BASE, PROFILES["fda-label"], CATALOGUE, {})
    assert all(
        n.text == "Your care team will go over this part of your answers with you."
        for n in evaluation.notes
    )


def test_staff_wording_is_used_for_staff_and_falls_back_to_the_patient_wording():
    texts = {
        **TEXTS,
        "trial.counted": NoteText("Patient {medication}", "Staff {generic} {dose}", ()),
        "trial.low_dose": NoteText("Only patient {medication}", "", ()),
    }
    evaluation = evaluate(
        Case(**{**BASE.__dict__, "trials": (SERTRALINE, Trial("Zoloft", 10, 8, "worse"))}),
        PROFILES["fda-label"],
        CATALOGUE,
        texts,
    )
    staff = evaluation.as_dict(audience="staff")["notes"]
    patient = evaluation.as_dict()["notes"]
    assert {"Staff sertraline 150", "Only patient Zoloft (sertraline)"} <= {
        n["text"] for n in staff
    }
    assert "Patient Sertraline" in {n["text"] for n in patient}


def test_the_profile_parameters_are_what_the_rules_use():
    custom = Profile(
        key="custom",
        name="custom",
        min_age=None,
        min_failed_trials=3,
        min_classes=0,
        min_trial_weeks=8,
        intolerance_counts=False,
        min_augmentation_failures=0,
        psychotherapy_required=False,
        min_psychotherapy_weeks=None,
        min_phq9_total=None,
        exclude_psychosis=False,
        exclude_bipolar=False,
        exclude_substance_use=False,
    )
    evaluation = evaluate(
        Case(**{**BASE.__dict__, "trials": (SERTRALINE, BUPROPION)}), custom, CATALOGUE, TEXTS
    )
    # bupropion at 6 weeks is short of this profile's 8
    assert evaluation.adequate_failed_trials == 1
    assert evaluation.criteria == {
        "age": "not_required",
        "severity": "not_required",
        "failed_trials": "unmet",
        "classes": "not_required",
        "augmentation": "not_required",
        "psychotherapy": "not_required",
        "exclusions": "not_required",
    }


def test_a_staff_edited_dose_changes_the_next_evaluation():
    catalogue = Catalogue([Medication("sertraline", "SSRI", 200, 200, aliases=("Zoloft",))])
    evaluation = evaluate(
        Case(**{**BASE.__dict__, "trials": (SERTRALINE,)}), PROFILES["fda-label"], catalogue, TEXTS
    )
    assert evaluation.trials[0].reason == "trial.low_dose"


def test_a_catalogue_refuses_one_alias_for_two_medications():
    with pytest.raises(ValueError, match="both"):
        Catalogue(
            [Medication("a", "SSRI", 1, aliases=("x",)), Medication("b", "SSRI", 1, aliases=("X",))]
        )


# --- safe rendering ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{medication} {dose} mg", "Sertraline 25 mg"),
        ("{missing_name} stays", "{missing_name} stays"),
        ("{medication.__class__} no attributes", "{medication.__class__} no attributes"),
        ("{medication[0]} no indexing", "{medication[0]} no indexing"),
        ("unbalanced { brace", "unbalanced { brace"),
        ("{weeks:d} bad spec for a float", "{weeks:d} bad spec for a float"),
        ("{{literal}} braces", "{literal} braces"),
        ("{dose:>5}|", "   25|"),
        ("improvement {pct}", "improvement not given"),
    ],
)
def test_rendering_never_crashes(template, expected):
    params = {"medication": "Sertraline", "dose": 25, "weeks": 5.5, "pct": None}
    assert render(template, params) == expected


def test_numbers_read_as_people_write_them():
    evaluation = run(
        "typical-2-classes", trials=(Trial("sertraline", 150.0, 5.8999999, "no_change"),)
    )
    note = next(n for n in evaluation.notes if n.key == "trial.too_short")
    assert note.text.startswith("You took Sertraline for 5.9 weeks.")
    assert note.params["weeks"] == 5.9


def test_the_rules_modules_import_no_django():
    code = (
        "import sys, intake.eligibility, intake.eligibility.case_json, "
        "intake.eligibility.vocabulary, intake.eligibility.wording, intake.setup.files, "
        "intake.bench_eligibility; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- seed data -------------------------------------------------------------------------------


def test_every_note_code_has_a_seeded_text_and_nothing_else_is_seeded():
    assert set(TEXTS) == set(NOTE_KEYS)


def test_every_note_code_can_be_emitted():
    emitted = set()
    for _, profile, changes, _, _ in TABLE:
        emitted |= set(keys(run(profile, **changes)))
    emitted |= set(keys(run(safety_yes=SAFETY_KEYS, phq9=(1,) * 9)))
    emitted |= set(keys(run("fda-label", psychosis=True, substance_use_90d=True)))
    # flag.bipolar: a profile that does not exclude bipolar disorder (none of the seeded ones)
    lenient = replace(PROFILES["typical-2-classes"], exclude_bipolar=False)
    emitted |= set(keys(evaluate(replace(BASE, diagnosis="bipolar"), lenient, CATALOGUE, TEXTS)))
    assert emitted == set(NOTE_KEYS)


def test_seeded_templates_use_only_the_params_their_note_has():
    for key, text in TEXTS.items():
        used = template_fields(text.patient_template) | template_fields(text.staff_template)
        assert used <= set(NOTE_PARAMS[key]), key


def test_seeded_patient_wording_never_gives_a_verdict():
    for key, text in TEXTS.items():
        assert not find_decision_words(text.patient_template), key
    for step, row in files.step_help().items():
        assert not find_decision_words(row["text"]), step


def _step_links(step):
    return files.link_pairs(files.step_help()[step]["article_slugs"])


def test_seeded_links_point_at_articles_of_the_bundled_documents():
    from intake.tests.test_note_links import bundled_slugs

    for key, text in TEXTS.items():
        assert text.article_slugs, key
        assert set(text.article_slugs) <= bundled_slugs(), key
    assert set(files.step_help()) == {
        "about-you",
        "depression",
        "phq9",
        "antidepressants",
        "other-treatments",
        "safety",
        "consent",
        "review",
    }
    for step in files.step_help():
        assert _step_links(step), step
        assert {slug for slug, _ in _step_links(step)} <= bundled_slugs(), step
    slugs = [slug for slug, _ in _step_links("antidepressants")]
    assert slugs == [
        "what-counts-as-a-full-medicine-trial",
        "one-medicine-or-two",
        "tms-and-medicines",
    ]


@pytest.mark.parametrize(
    ("name", "generic"),
    [("Zoloft", "sertraline"), ("lexapro", "escitalopram"), ("PROZAC", "fluoxetine"),
     ("Wellbutrin", "bupropion"), ("Wellbutrin XL", "bupropion"), ("wellbutrin sr", "bupropion"),
     ("Effexor", "venlafaxine"), ("Effexor XR", "venlafaxine"), ("Cymbalta", "duloxetine"),
     ("Remeron", "mirtazapine"), ("Abilify", "aripiprazole"), ("Trintellix", "vortioxetine"),
     ("Paxil", "paroxetine"), ("Celexa", "citalopram"), ("Pristiq", "desvenlafaxine"),
     ("Fetzima", "levomilnacipran"), ("Viibryd", "vilazodone"), ("Rexulti", "brexpiprazole"),
     ("Seroquel", "quetiapine"), ("Lithobid", "lithium"), ("Nardil", "phenelzine")],
)  # fmt: skip
def test_common_brand_names_are_aliases(name, generic):
    assert CATALOGUE.lookup(name).generic_name == generic


def test_unknown_names_are_not_guessed():
    assert CATALOGUE.lookup("Zolof") is None
    assert CATALOGUE.lookup("sertraline 50mg") is None


def test_catalogue_follows_section_3d():
    expected = {
        "citalopram": 20,
        "escitalopram": 10,
        "fluoxetine": 20,
        "sertraline": 50,
        "venlafaxine": 150,
        "desvenlafaxine": 50,
        "duloxetine": 60,
        "bupropion": 300,
        "mirtazapine": 15,
        "trazodone": 200,
        "vortioxetine": 20,
        "amitriptyline": 150,
        "nortriptyline": 50,
        "phenelzine": 15,
        "tranylcypromine": 30,
        "aripiprazole": 5,
        "quetiapine": 150,
        "lithium": None,
    }
    for generic, dose in expected.items():
        assert CATALOGUE.lookup(generic).min_adequate_daily_mg == dose, generic
    for row in files.medications():
        # Every dose has its source, named in words (staff read it; never a section number).
        assert row["source"].strip()
        assert "§" not in row["source"]
        if row["min_adequate_daily_mg"] is not None:
            assert row["min_adequate_daily_mg"] <= row["usual_max_daily_mg"]
    augmenters = {m.generic_name for m in CATALOGUE if m.is_augmentation_agent}
    assert {"aripiprazole", "quetiapine", "brexpiprazole", "cariprazine", "lithium"} <= augmenters
    classes = {m.drug_class for m in CATALOGUE}
    assert {"SSRI", "SNRI", "NDRI", "NaSSA", "serotonin modulator", "TCA", "MAOI"} <= classes


def test_profiles_are_the_three_examples_of_the_issue():
    fda, typical, strict = (
        PROFILES[k] for k in ("fda-label", "typical-2-classes", "strict-4-trials")
    )
    assert (fda.min_failed_trials, fda.min_trial_weeks, fda.min_age) == (1, 4, 18)
    assert (typical.min_failed_trials, typical.min_classes, typical.min_trial_weeks) == (2, 2, 6)
    assert typical.intolerance_counts
    assert typical.psychotherapy_required
    assert typical.min_phq9_total == 15
    assert typical.exclude_psychosis
    assert typical.exclude_bipolar
    assert typical.exclude_substance_use
    assert (strict.min_failed_trials, strict.min_classes, strict.min_augmentation_failures) == (
        2,
        2,
        2,
    )
    assert (strict.min_trial_weeks, strict.min_phq9_total, strict.psychotherapy_required) == (
        6,
        21,
        True,
    )
    for row in files.profiles():
        assert "check against the payer's current policy" in row["source"]
        assert "§" not in row["source"]
        assert row["unconfirmed_reason"]  # each seeded profile says what is unconfirmed
        assert row["effective_date"]
        assert row["min_psychotherapy_weeks"] == 6
    assert [row["key"] for row in files.profiles() if row["is_default"]] == ["typical-2-classes"]


# --- PHQ-9 over every answer combination -------------------------------------------------------

# Bands from facts §4 written out score by score: 0-4, 5-9, 10-14, 15-19, 20-27.
BAND_BY_SCORE = (
    ["minimal"] * 5 + ["mild"] * 5 + ["moderate"] * 5 + ["moderately_severe"] * 5 + ["severe"] * 8
)


def test_phq9_scoring_over_all_4_to_the_9_answer_combinations():
    seen = 0
    for answers in itertools.product(range(4), repeat=9):
        expected_total = sum(value * answers.count(value) for value in (1, 2, 3))
        total = phq9_total(answers)
        assert total == expected_total
        assert phq9_severity(total) == BAND_BY_SCORE[expected_total]
        seen += 1
    assert seen == 4**9
    assert len(BAND_BY_SCORE) == 28


# --- properties (hypothesis) --------------------------------------------------------------------

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(case=cases, profile=profiles)
def test_property_valid_cases_evaluate_with_seeded_clean_sorted_notes(case, profile):
    evaluation = evaluate(case, profile, CATALOGUE, TEXTS)
    data = evaluation.as_dict(include_trials=True)
    json.dumps(data)

    levels = [LEVELS.index(note.level) for note in evaluation.notes]
    assert levels == sorted(levels)
    for note in evaluation.notes:
        assert note.key in TEXTS  # every emitted code has a seeded text
        assert NOTE_SPECS[note.key][0] == note.level
        assert set(note.params) <= set(NOTE_PARAMS[note.key])
        assert not find_decision_words(note.text), note.text
    assert set(data["criteria"]) == set(CRITERIA)
    assert set(data["criteria"].values()) <= set(CRITERION_VALUES)
    assert data["failed_classes"] == sorted(data["failed_classes"])
    assert len(evaluation.trials) == len(case.trials or ())
    counted = {
        t.generic_name
        for t in evaluation.trials
        if t.status == "counted" and t.counts_toward == "failed_trials"
    }
    assert evaluation.adequate_failed_trials == len(counted)

    item9 = case.phq9 is not None and bool(case.phq9[8])
    assert (evaluation.notes[0].key == "urgent.item9") == item9
    assert sum(note.level == "urgent" for note in evaluation.notes) == int(item9)


@PROPERTY_SETTINGS
@given(case=cases)
def test_property_unknown_medications_are_never_counted(case):
    evaluation = evaluate(case, PROFILES["typical-2-classes"], CATALOGUE, TEXTS)
    for trial in evaluation.trials:
        if trial.generic_name is None:
            assert trial.status in ("uncertain", "not_counted", "duplicate")

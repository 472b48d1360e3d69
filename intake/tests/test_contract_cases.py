"""Cases in the JSON form of docs/contract.md, each with the answer that docs/contract.md and
docs/clinical-facts.md give.

Every case runs twice: through the pure rules with the set-up data files, and through
``manage.py evaluate_case`` on the database they were loaded into, so the loaded rows give the
same answers.
"""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from intake.eligibility import LEVELS, evaluate
from intake.eligibility.case_json import parse_case
from intake.setup import files

CATALOGUE = files.build_catalogue()
PROFILES = files.build_profiles()
TEXTS = files.build_note_texts()

# The example case of docs/contract.md.
EXAMPLE = {
    "age": 42,
    "phq9": [3, 3, 2, 2, 1, 2, 2, 1, 0],
    "diagnosis": "mdd_recurrent",
    "psychosis": False,
    "substance_use_90d": False,
    "trials": [
        {"medication": "sertraline", "daily_dose_mg": 150, "weeks": 8,
         "outcome": "no_change", "current_episode": True, "augmentation": False},
        {"medication": "Wellbutrin XL", "daily_dose_mg": 300, "weeks": 6, "outcome": "partial"},
    ],
    "psychotherapy": [{"kind": "cbt", "weeks": 12, "outcome": "no_change"}],
    "ect": {"had": False},
    "prior_tms": {"had": False, "improvement_pct": None},
    "safety_yes": [],
}  # fmt: skip


def case(**changes):
    data = copy.deepcopy(EXAMPLE)
    data.update(changes)
    return data


def phq9_of(total):
    """Nine answers adding up to ``total``, item 9 at 0."""
    items = []
    for _ in range(8):
        items.append(min(3, total))
        total -= items[-1]
    assert total == 0
    return [*items, 0]


LEXAPRO_SIDE_EFFECTS = {"medication": "Lexapro", "daily_dose_mg": 10, "weeks": 3,
                        "outcome": "side_effects"}  # fmt: skip
SERTRALINE = EXAMPLE["trials"][0]
ARIPIPRAZOLE = {"medication": "aripiprazole", "daily_dose_mg": 5, "weeks": 6,
                "outcome": "no_change"}  # fmt: skip
QUETIAPINE = {"medication": "Seroquel XR", "daily_dose_mg": 150, "weeks": 6,
              "outcome": "no_change"}  # fmt: skip

# (name, profile, case, expected values: top-level keys, "criteria" as a partial dict,
#  "codes": note codes that must be present, "absent": note codes that must not be,
#  "counted": the failed_trials criterion's count)
CASES = [
    ("the documented example", "typical-2-classes", case(),
     {"phq9_total": 16, "severity": "moderately_severe", "adequate_failed_trials": 2,
      "failed_classes": ["NDRI", "SSRI"], "augmentation_failures": 0, "intolerances": 0,
      "criteria": {"age": "met", "severity": "met", "failed_trials": "met", "classes": "met",
                   "augmentation": "not_required", "psychotherapy": "met",
                   "exclusions": "met"}}),
    # severity bands: cut-points 5, 10, 15, 20 (contract; facts §4)
    *[
        (f"PHQ-9 {total} is {band}", "fda-label", case(phq9=phq9_of(total)),
         {"phq9_total": total, "severity": band})
        for total, band in ((0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"),
                            (10, "moderate"), (14, "moderate"), (15, "moderately_severe"),
                            (19, "moderately_severe"), (20, "severe"), (24, "severe"))
    ],
    ("typical: PHQ-9 14 is below 15", "typical-2-classes", case(phq9=phq9_of(14)),
     {"criteria": {"severity": "unmet"}}),
    ("typical: PHQ-9 15 (Centene)", "typical-2-classes", case(phq9=phq9_of(15)),
     {"criteria": {"severity": "met"}}),
    ("strict: PHQ-9 20 is not above 20 (New Directions: > 20)", "strict-4-trials",
     case(phq9=phq9_of(20)), {"criteria": {"severity": "unmet"}}),
    ("strict: PHQ-9 21 is above 20", "strict-4-trials", case(phq9=phq9_of(21)),
     {"criteria": {"severity": "met"}}),
    ("PHQ-9 missing: severity unknown", "typical-2-classes", case(phq9=None),
     {"phq9_total": None, "criteria": {"severity": "unknown"}}),
    # item 9: same-day clinician review, first (facts §4, §7(b)5)
    ("PHQ-9 item 9 above 0 is urgent, listed first", "typical-2-classes",
     case(phq9=[3, 3, 2, 2, 1, 2, 2, 1, 1]), {"codes": ["urgent.item9"], "first": "urgent"}),
    # diagnosis and exclusions
    ("diagnosis not sure: bipolar never ruled out (typical)", "typical-2-classes",
     case(diagnosis="not_sure"),
     {"criteria": {"exclusions": "unknown"}, "codes": ["criterion.exclusions"]}),
    ("diagnosis not sure: bipolar never ruled out (fda-label)", "fda-label",
     case(diagnosis="not_sure"), {"criteria": {"exclusions": "unknown"}}),
    ("diagnosis not sure: bipolar never ruled out (strict)", "strict-4-trials",
     case(diagnosis="not_sure"), {"criteria": {"exclusions": "unknown"}}),
    ("diagnosis missing: unknown", "typical-2-classes", case(diagnosis=None),
     {"criteria": {"exclusions": "unknown"}}),
    ("bipolar excludes (typical, Centene)", "typical-2-classes", case(diagnosis="bipolar"),
     {"criteria": {"exclusions": "unmet"}}),
    ("bipolar excludes (fda-label: the labels are for major depression)", "fda-label",
     case(diagnosis="bipolar"), {"criteria": {"exclusions": "unmet"}}),
    ("fda-label: no exclusion applies, met", "fda-label", case(diagnosis="mdd_single"),
     {"criteria": {"exclusions": "met"}}),
    ("fda-label: substance use is flagged, not excluded", "fda-label",
     case(substance_use_90d=True),
     {"criteria": {"exclusions": "met"}, "codes": ["flag.substance_use"]}),
    ("typical: substance use in 90 days excludes (Aetna)", "typical-2-classes",
     case(substance_use_90d=True), {"criteria": {"exclusions": "unmet"}}),
    ("typical: current psychosis excludes", "typical-2-classes", case(psychosis=True),
     {"criteria": {"exclusions": "unmet"}}),
    ("typical: psychosis not answered is unknown", "typical-2-classes", case(psychosis=None),
     {"criteria": {"exclusions": "unknown"}}),
    # age (facts §7(b)6)
    ("age 17: adult rules", "typical-2-classes", case(age=17), {"criteria": {"age": "unmet"}}),
    ("age 18", "typical-2-classes", case(age=18), {"criteria": {"age": "met"}}),
    ("age missing", "typical-2-classes", case(age=None), {"criteria": {"age": "unknown"}}),
    # trials: adequacy (contract; facts §3, §7(a))
    ("Lexapro 10 mg 3 weeks stopped for side effects (typical counts intolerance)",
     "typical-2-classes", case(trials=[LEXAPRO_SIDE_EFFECTS]),
     {"adequate_failed_trials": 0, "intolerances": 1, "failed_classes": ["SSRI"], "counted": 1,
      "criteria": {"failed_trials": "unmet"}, "codes": ["trial.intolerance_counted"]}),
    ("Lexapro stopped for side effects (fda-label does not count intolerance)", "fda-label",
     case(trials=[LEXAPRO_SIDE_EFFECTS]),
     {"adequate_failed_trials": 0, "intolerances": 1, "failed_classes": [], "counted": 0,
      "criteria": {"failed_trials": "unmet"}, "codes": ["trial.intolerance_not_counted"]}),
    ("sertraline and Lexapro intolerance: two toward the rule", "typical-2-classes",
     case(trials=[SERTRALINE, LEXAPRO_SIDE_EFFECTS]),
     {"adequate_failed_trials": 1, "intolerances": 1, "counted": 2,
      "criteria": {"failed_trials": "met", "classes": "unmet"}}),
    ("venlafaxine 75 mg for 7 weeks is too low (ATRQ example)", "fda-label",
     case(trials=[{"medication": "venlafaxine", "daily_dose_mg": 75, "weeks": 7,
                   "outcome": "no_change"}]),
     {"adequate_failed_trials": 0, "codes": ["trial.low_dose"]}),
    ("citalopram for one month is too short under 6 weeks", "typical-2-classes",
     case(trials=[{"medication": "citalopram", "daily_dose_mg": 20, "weeks": 4,
                   "outcome": "no_change"}]),
     {"adequate_failed_trials": 0, "codes": ["trial.too_short"]}),
    ("fda-label: 4 weeks at the minimum dose counts", "fda-label",
     case(trials=[{"medication": "escitalopram", "daily_dose_mg": 10, "weeks": 4,
                   "outcome": "partial"}]),
     {"adequate_failed_trials": 1, "criteria": {"failed_trials": "met"}}),
    ("hypnotic-dose trazodone does not count", "typical-2-classes",
     case(trials=[{"medication": "trazodone", "daily_dose_mg": 50, "weeks": 12,
                   "outcome": "no_change"}]),
     {"adequate_failed_trials": 0, "codes": ["trial.low_dose"]}),
    ("a medicine that helped (50% or more) is not a failure", "typical-2-classes",
     case(trials=[{**SERTRALINE, "outcome": "response"}]),
     {"adequate_failed_trials": 0, "codes": ["trial.response"]}),
    ("a medicine still being taken is not counted yet", "typical-2-classes",
     case(trials=[{**SERTRALINE, "outcome": "ongoing"}]),
     {"adequate_failed_trials": 0, "codes": ["trial.ongoing"]}),
    ("worse counts as failed", "typical-2-classes",
     case(trials=[{**SERTRALINE, "outcome": "worse"}]), {"adequate_failed_trials": 1}),
    ("outcome unknown: a clinician checks", "typical-2-classes",
     case(trials=[SERTRALINE, {**EXAMPLE["trials"][1], "outcome": "unknown"}]),
     {"adequate_failed_trials": 1, "criteria": {"failed_trials": "unknown"},
      "codes": ["trial.outcome_unknown"]}),
    ("the same medicine twice, generic and brand, counts once", "typical-2-classes",
     case(trials=[SERTRALINE, {**SERTRALINE, "medication": "ZOLOFT"}]),
     {"adequate_failed_trials": 1, "codes": ["trial.duplicate"]}),
    ("an unknown name is kept, never guessed", "typical-2-classes",
     case(trials=[SERTRALINE, {**SERTRALINE, "medication": "Zolofft"}]),
     {"adequate_failed_trials": 1, "criteria": {"failed_trials": "unknown"},
      "codes": ["trial.unknown_medication"]}),
    ("a missing dose: adequacy uncertain", "typical-2-classes",
     case(trials=[SERTRALINE, {**EXAMPLE["trials"][1], "daily_dose_mg": None}]),
     {"adequate_failed_trials": 1, "criteria": {"failed_trials": "unknown"},
      "codes": ["trial.missing_details"]}),
    ("a prior-episode trial does not count when this episode was treated",
     "typical-2-classes", case(trials=[SERTRALINE, {**EXAMPLE["trials"][1],
                                                    "current_episode": False}]),
     {"adequate_failed_trials": 1, "codes": ["trial.prior_episode"]}),
    ("only prior-episode trials: a clinician decides (EVMS)", "fda-label",
     case(trials=[{**SERTRALINE, "current_episode": False}]),
     {"adequate_failed_trials": 0, "criteria": {"failed_trials": "unknown"},
      "codes": ["trial.prior_episode_only"]}),
    ("two SSRIs are one class", "typical-2-classes",
     case(trials=[SERTRALINE, {"medication": "Lexapro", "daily_dose_mg": 20, "weeks": 8,
                               "outcome": "worse"}]),
     {"adequate_failed_trials": 2, "failed_classes": ["SSRI"],
      "criteria": {"failed_trials": "met", "classes": "unmet"}}),
    # augmentation (facts §7(a)8)
    ("an augmentation agent is counted apart", "typical-2-classes",
     case(trials=[SERTRALINE, ARIPIPRAZOLE]),
     {"adequate_failed_trials": 1, "augmentation_failures": 1}),
    ("an antidepressant marked add-on is augmentation", "typical-2-classes",
     case(trials=[SERTRALINE, {"medication": "mirtazapine", "daily_dose_mg": 30, "weeks": 8,
                               "outcome": "no_change", "augmentation": True}]),
     {"adequate_failed_trials": 1, "augmentation_failures": 1}),
    ("strict: two antidepressants and two add-ons", "strict-4-trials",
     case(phq9=phq9_of(22), trials=[*EXAMPLE["trials"], ARIPIPRAZOLE, QUETIAPINE]),
     {"augmentation_failures": 2, "criteria": {"failed_trials": "met", "classes": "met",
                                               "augmentation": "met", "severity": "met"}}),
    ("strict: one add-on is not two", "strict-4-trials",
     case(trials=[*EXAMPLE["trials"], ARIPIPRAZOLE]),
     {"augmentation_failures": 1, "criteria": {"augmentation": "unmet"}}),
    ("lithium is judged by blood level: uncertain", "strict-4-trials",
     case(trials=[*EXAMPLE["trials"], ARIPIPRAZOLE,
                  {"medication": "Lithobid", "daily_dose_mg": 900, "weeks": 8,
                   "outcome": "no_change"}]),
     {"augmentation_failures": 1, "criteria": {"augmentation": "unknown"}}),
    # psychotherapy (facts §7(b)3)
    ("no talk therapy", "typical-2-classes", case(psychotherapy=[]),
     {"criteria": {"psychotherapy": "unmet"}}),
    ("talk therapy not answered", "typical-2-classes", case(psychotherapy=None),
     {"criteria": {"psychotherapy": "unknown"}}),
    ("talk therapy that helped", "typical-2-classes",
     case(psychotherapy=[{"kind": "cbt", "weeks": 12, "outcome": "response"}]),
     {"criteria": {"psychotherapy": "unmet"}}),
    ("fda-label: no talk therapy rule", "fda-label", case(psychotherapy=[]),
     {"criteria": {"psychotherapy": "not_required"}}),
    # safety: a "yes" means a clinician reviews; it never changes a criterion (facts §5, §7(b)7)
    ("seizure: clinician review, criteria unchanged", "typical-2-classes",
     case(safety_yes=["seizure"]),
     {"codes": ["safety.seizure"], "criteria": {"exclusions": "met", "failed_trials": "met"}}),
    ("metal in the head: a clinician must review first", "typical-2-classes",
     case(safety_yes=["metal_in_head"]), {"codes": ["safety.metal_in_head"], "first": "stop"}),
    ("safety not answered", "typical-2-classes", case(safety_yes=None),
     {"codes": ["safety.unanswered"]}),
    # retreatment (facts §2b, §7(b)10)
    ("prior TMS 60% better", "typical-2-classes",
     case(prior_tms={"had": True, "improvement_pct": 60}), {"codes": ["prior_tms.response"]}),
    ("prior TMS exactly 50% is not above 50", "typical-2-classes",
     case(prior_tms={"had": True, "improvement_pct": 50}), {"codes": ["prior_tms.had"]}),
]  # fmt: skip

IDS = [name for name, *_ in CASES]


def check(result, expected):
    """``result``: the evaluation JSON (a dict)."""
    for key, value in expected.items():
        if key == "criteria":
            assert {k: result["criteria"][k] for k in value} == value
        elif key == "codes":
            codes = [note["code"] for note in result["notes"]]
            assert set(value) <= set(codes), codes
        elif key == "first":
            assert result["notes"][0]["level"] == value
        elif key == "counted":
            note = next(n for n in result["notes"] if n["code"] == "criterion.failed_trials")
            assert note["params"]["counted"] == value
        else:
            assert result[key] == value, key
    assert set(result["criteria"]) == {
        "age", "severity", "failed_trials", "classes", "augmentation", "psychotherapy",
        "exclusions",
    }  # fmt: skip
    levels = [LEVELS.index(note["level"]) for note in result["notes"]]
    assert levels == sorted(levels)


@pytest.mark.parametrize(("name", "profile", "data", "expected"), CASES, ids=IDS)
def test_the_pure_rules_give_the_contracts_answer(name, profile, data, expected):
    evaluation = evaluate(parse_case(data), PROFILES[profile], CATALOGUE, TEXTS)
    check(evaluation.as_dict(), expected)


@pytest.mark.django_db
def test_evaluate_case_gives_the_contracts_answer_for_every_case(tmp_path):
    for name, profile, data, expected in CASES:
        path = tmp_path / "case.json"
        path.write_text(json.dumps(data))
        out = StringIO()
        call_command("evaluate_case", str(path), "--profile", profile, stdout=out)
        try:
            check(json.loads(out.getvalue()), expected)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from error


# --- bad input: exit 2 with a plain message, never a traceback ---------------------------------

DEEP = '{"phq9": ' + "[" * 1000 + "]" * 1000 + "}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        DEEP,
        "[" * 100_000 + "]" * 100_000,
        '{"phq9": [1, 2, 3]}',
        '{"diagnosis": "unsure"}',
        '{"trials": [{"medication": "sertraline", "daily_dose_mg": -5}]}',
        '{"colour": "blue"}',
        '{"age": "42"}',
    ],
    ids=[
        "1000 nested brackets",
        "100000 nested brackets",
        "short phq9",
        "unknown diagnosis",
        "negative dose",
        "unknown key",
        "age as text",
    ],
)
def test_a_bad_case_is_a_plain_error_with_exit_status_2(tmp_path, text):
    path = tmp_path / "case.json"
    path.write_text(text)
    with pytest.raises(CommandError) as raised:
        call_command("evaluate_case", str(path), stdout=StringIO())
    assert raised.value.returncode == 2
    assert "Traceback" not in str(raised.value)


@pytest.mark.django_db
def test_a_deeply_nested_case_file_exits_2_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "deep.json"
    path.write_text(DEEP)
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "evaluate_case", str(path)])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nests brackets too deeply" in captured.err
    assert "Traceback" not in captured.err

"""The case JSON of docs/contract.md: good input parses, bad input is one plain message."""

import json

import pytest
from hypothesis import assume, given, settings

from intake.eligibility import Case, Ect, PriorTms, Psychotherapy, Trial
from intake.eligibility.case_json import CaseError, case_to_dict, parse_case, parse_case_json
from intake.tests.strategies import cases

CONTRACT_EXAMPLE = """
{
  "age": 42,
  "phq9": [3, 3, 2, 2, 1, 2, 2, 1, 0],
  "diagnosis": "mdd_recurrent",
  "psychosis": false,
  "substance_use_90d": false,
  "trials": [
    {"medication": "sertraline", "daily_dose_mg": 150, "weeks": 8,
     "outcome": "no_change", "current_episode": true, "augmentation": false},
    {"medication": "Wellbutrin XL", "daily_dose_mg": 300, "weeks": 6, "outcome": "partial"}
  ],
  "psychotherapy": [{"kind": "cbt", "weeks": 12, "outcome": "no_change"}],
  "ect": {"had": false},
  "prior_tms": {"had": false, "improvement_pct": null},
  "safety_yes": ["seizure"]
}
"""


def test_the_contract_example_parses():
    assert parse_case_json(CONTRACT_EXAMPLE) == Case(
        age=42,
        phq9=(3, 3, 2, 2, 1, 2, 2, 1, 0),
        diagnosis="mdd_recurrent",
        psychosis=False,
        substance_use_90d=False,
        trials=(
            Trial("sertraline", 150, 8, "no_change", True, False),
            Trial("Wellbutrin XL", 300, 6, "partial", True, False),
        ),
        psychotherapy=(Psychotherapy("cbt", 12, "no_change"),),
        ect=Ect(had=False),
        prior_tms=PriorTms(had=False, improvement_pct=None),
        safety_yes=("seizure",),
    )


def test_defaults_follow_the_contract():
    case = parse_case({"trials": [{"medication": "Zoloft"}]})
    assert case.trials == (Trial("Zoloft", None, None, "unknown", True, False),)
    # keys left out are "not answered", never a guessed value
    assert (case.age, case.phq9, case.psychotherapy, case.safety_yes) == (None, None, None, None)


def test_an_empty_object_is_a_case_with_nothing_answered():
    assert parse_case({}) == Case(trials=None, psychotherapy=None, safety_yes=None)


def test_explicit_nulls_are_accepted_where_an_answer_may_be_missing():
    case = parse_case(
        {
            "age": None,
            "phq9": None,
            "psychosis": None,
            "trials": [{"medication": "x", "current_episode": None, "weeks": None}],
            "prior_tms": {"had": True, "improvement_pct": None},
        }
    )
    assert case.trials[0].current_episode is None
    assert case.prior_tms == PriorTms(had=True)


def test_unknown_medication_names_are_kept_as_written():
    case = parse_case({"trials": [{"medication": "  Zolofft  ", "outcome": "worse"}]})
    assert case.trials[0].medication == "Zolofft"


def test_fractional_numbers_are_kept():
    case = parse_case({"trials": [{"medication": "venlafaxine", "daily_dose_mg": 37.5,
                                   "weeks": 5.5}]})  # fmt: skip
    assert (case.trials[0].daily_dose_mg, case.trials[0].weeks) == (37.5, 5.5)


def test_duplicate_safety_answers_are_folded():
    assert parse_case({"safety_yes": ["seizure", "seizure", "pacemaker"]}).safety_yes == (
        "seizure",
        "pacemaker",
    )


def _with(**changes):
    data = json.loads(CONTRACT_EXAMPLE)
    data.update(changes)
    return data


def _trial(**changes):
    return _with(trials=[{"medication": "sertraline", "daily_dose_mg": 150}, changes])


BAD = [
    ("not an object", [1, 2], "the case must be a JSON object ({...})"),
    ("unknown top-level key", _with(name="Alice"),
     "the case has an unknown key 'name'; the known keys are age, phq9, diagnosis, psychosis, "
     "substance_use_90d, trials, psychotherapy, ect, prior_tms, safety_yes"),
    ("age as text", _with(age="42"), "age must be a whole number from 0 to 120"),
    ("age negative", _with(age=-1), "age must be a whole number from 0 to 120"),
    ("age absurd", _with(age=300), "age must be a whole number from 0 to 120"),
    ("age fractional", _with(age=42.5), "age must be a whole number from 0 to 120"),
    ("age as bool", _with(age=True), "age must be a whole number from 0 to 120"),
    ("phq9 eight answers", _with(phq9=[0] * 8),
     "phq9 must be a list of nine answers, each 0, 1, 2 or 3"),
    ("phq9 ten answers", _with(phq9=[0] * 10),
     "phq9 must be a list of nine answers, each 0, 1, 2 or 3"),
    ("phq9 as text", _with(phq9="000000000"),
     "phq9 must be a list of nine answers, each 0, 1, 2 or 3"),
    ("phq9 answer 4", _with(phq9=[0, 0, 0, 4, 0, 0, 0, 0, 0]), "phq9[3] must be 0, 1, 2 or 3"),
    ("phq9 answer negative", _with(phq9=[0, 0, 0, 0, 0, 0, 0, 0, -1]),
     "phq9[8] must be 0, 1, 2 or 3"),
    ("phq9 answer null", _with(phq9=[0, None, 0, 0, 0, 0, 0, 0, 0]),
     "phq9[1] must be 0, 1, 2 or 3"),
    ("phq9 answer bool", _with(phq9=[True, 0, 0, 0, 0, 0, 0, 0, 0]),
     "phq9[0] must be 0, 1, 2 or 3"),
    ("unknown diagnosis", _with(diagnosis="mdd"),
     "diagnosis must be one of: mdd_single, mdd_recurrent, bipolar, not_sure"),
    ("bool as string", _with(psychosis="false"),
     "psychosis must be true, false or null (without quotes)"),
    ("bool as number", _with(substance_use_90d=0),
     "substance_use_90d must be true, false or null"),
    ("trials not a list", _with(trials={"medication": "x"}),
     "trials must be a list ([...]) or null"),
    ("trial not an object", _with(trials=["sertraline"]), "trials[0] must be an object ({...})"),
    ("trial without medication", _trial(weeks=6), "trials[1].medication is missing"),
    ("empty medication", _trial(medication="  "),
     "trials[1].medication must be a name in text, not empty"),
    ("negative dose", _trial(medication="x", daily_dose_mg=-5),
     "trials[1].daily_dose_mg must be a number of 0 or more"),
    ("dose as text", _trial(medication="x", daily_dose_mg="150"),
     "trials[1].daily_dose_mg must be a number of 0 or more"),
    ("absurd dose", _trial(medication="x", daily_dose_mg=50000),
     "trials[1].daily_dose_mg must be at most 5000 mg a day"),
    ("weeks out of range", _trial(medication="x", weeks=1000),
     "trials[1].weeks must be at most 520 weeks"),
    ("negative weeks", _trial(medication="x", weeks=-1),
     "trials[1].weeks must be a number of 0 or more"),
    ("unknown outcome", _trial(medication="x", outcome="better"),
     "trials[1].outcome must be one of: response, partial, no_change, worse, side_effects, "
     "ongoing, unknown"),
    ("unknown trial key", _trial(medication="x", dose=5),
     "trials[1] has an unknown key 'dose'; the known keys are medication, daily_dose_mg, weeks, "
     "outcome, current_episode, augmentation"),
    ("augmentation as string", _trial(medication="x", augmentation="yes"),
     "trials[1].augmentation must be true or false (without quotes)"),
    ("augmentation null", _trial(medication="x", augmentation=None),
     "trials[1].augmentation must be true or false"),
    ("current_episode as string", _trial(medication="x", current_episode="true"),
     "trials[1].current_episode must be true, false or null (without quotes)"),
    ("psychotherapy unknown key", _with(psychotherapy=[{"kind": "cbt", "months": 3}]),
     "psychotherapy[0] has an unknown key 'months'; the known keys are kind, weeks, outcome"),
    ("psychotherapy bad outcome", _with(psychotherapy=[{"kind": "cbt", "outcome": "ok"}]),
     "psychotherapy[0].outcome must be one of: response, partial, no_change, worse, "
     "side_effects, ongoing, unknown"),
    ("ect not an object", _with(ect=False), "ect must be an object ({...})"),
    ("ect unknown key", _with(ect={"had": True, "sessions": 12}),
     "ect has an unknown key 'sessions'; the known keys are had"),
    ("prior TMS over 100%", _with(prior_tms={"had": True, "improvement_pct": 150}),
     "prior_tms.improvement_pct must be at most 100 (percent)"),
    ("unknown safety key", _with(safety_yes=["seizure", "tattoo"]),
     "safety_yes[1] must be one of the safety items: seizure, fainting, head_injury, "
     "hearing_problem, cochlear_implant, metal_in_head, implanted_stimulator, pacemaker, "
     "medication_pump, pregnancy, seizure_threshold_meds, brain_condition, prior_tms_problem, "
     "prior_mri_problem"),
    ("safety not a list", _with(safety_yes="seizure"), "safety_yes must be a list ([...]) or null"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "message"), [row[1:] for row in BAD], ids=[r[0] for r in BAD])
def test_bad_input_is_one_plain_message(data, message):
    with pytest.raises(CaseError) as caught:
        parse_case(data)
    assert str(caught.value) == message


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


def test_the_error_names_the_field_path():
    with pytest.raises(CaseError) as caught:
        parse_case(_trial(medication="x", daily_dose_mg=-5))
    assert caught.value.path == "trials[1].daily_dose_mg"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "the file is not valid JSON (line 1, column 2: Expecting property name enclosed "
              "in double quotes)"),
        ("", "the file is not valid JSON (line 1, column 1: Expecting value)"),
        ('{"age": NaN}', "the file has NaN, which is not a number JSON allows"),
        ('{"trials": [{"medication": "x", "weeks": 1e999}]}',
         "trials[0].weeks must be a finite number"),
        (b"\xff\xfe", "the file is not valid JSON (line 1, column 1: Expecting value)"),
    ],
)  # fmt: skip
def test_text_that_is_not_json_is_one_plain_message(text, message):
    with pytest.raises(CaseError) as caught:
        parse_case_json(text)
    assert str(caught.value) == message


def test_a_case_error_is_a_value_error():
    assert issubclass(CaseError, ValueError)


def test_case_to_dict_writes_the_contract_form():
    case = parse_case_json(CONTRACT_EXAMPLE)
    data = case_to_dict(case)
    assert data["trials"][1] == {
        "medication": "Wellbutrin XL",
        "daily_dose_mg": 300,
        "weeks": 6,
        "outcome": "partial",
        "current_episode": True,
        "augmentation": False,
    }
    assert parse_case(json.loads(json.dumps(data))) == case


@settings(max_examples=300, deadline=None, database=None)
@given(case=cases)
def test_property_case_to_dict_round_trips(case):
    # The case JSON has no unanswered PHQ-9 items: all nine, or null (docs/contract.md).
    assume(case.phq9 is None or None not in case.phq9)
    # Names are kept stripped by the parser, as the form would store them.
    case = Case(
        **{
            **case.__dict__,
            "trials": None
            if case.trials is None
            else tuple(Trial(**{**t.__dict__, "medication": t.medication.strip()})
                       for t in case.trials),
        }
    )  # fmt: skip
    assert parse_case(json.loads(json.dumps(case_to_dict(case)))) == case

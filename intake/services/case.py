"""An intake as the case JSON that the eligibility rules read (docs/contract.md). Only the
documented keys are written (the rules refuse unknown keys); a number the patient did not give is
None (null), never guessed."""

from django.utils import timezone

from portal.fields import age_on

from ..eligibility.vocabulary import SAFETY_KEYS
from ..models import PHQ9_FIELDS


def _number(value):
    """A Decimal dose as a JSON number: 150 rather than 150.00, 37.5 kept."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _or_none(value):
    return value if value not in (None, "") else None


# Lists a batch loads with Prefetch(to_attr=...) (intake/services/reevaluation.py): read as they
# are, with no queryset made per intake, which cost a batch a fifth of its CPU time.
LOADED_TRIALS, LOADED_SAFETY_ANSWERS = "loaded_trials", "loaded_safety_answers"


def case_from_intake(intake, *, on=None):
    """The case JSON of ``intake`` (a dict). ``on``: the day the age is computed for (today)."""
    on = on or timezone.localdate()
    born = intake.date_of_birth or intake.patient.date_of_birth
    answers = [getattr(intake, field) for field in PHQ9_FIELDS]
    trials = getattr(intake, LOADED_TRIALS, None)
    safety_answers = getattr(intake, LOADED_SAFETY_ANSWERS, None)
    if trials is None:
        trials = intake.trials.all()
    if safety_answers is None:
        safety_answers = intake.safety_answers.all()
    safety = {a.key: a.answer for a in safety_answers}
    return {
        "age": age_on(born, on) if born else None,
        # Nine answers, or null while the questionnaire is unfinished.
        "phq9": answers if all(a is not None for a in answers) else None,
        "diagnosis": _diagnosis(intake),
        # Payers exclude active or current psychosis (docs/clinical-facts.md: L34522 "active
        # psychosis", L37086 "current psychotic symptoms"); a past episode is for staff to weigh.
        "psychosis": _yes_no(intake.psychosis, yes=("current",)),
        "substance_use_90d": _yes_no(intake.substance_use_90d),
        "trials": [_trial(t) for t in trials],
        "psychotherapy": _psychotherapy(intake),
        "ect": {"had": intake.ect_had == "yes"} if intake.ect_had else {"had": None},
        "prior_tms": {
            "had": _yes_no(intake.tms_had),
            "improvement_pct": intake.tms_improvement_pct if intake.tms_had == "yes" else None,
        },
        "safety_yes": [key for key in SAFETY_KEYS if safety.get(key) == "yes"],
    }


def _diagnosis(intake):
    """The diagnosis, where an answer that leaves bipolar disorder open is "not_sure".

    Periods of unusually high mood ("yes", or "Not sure") are a sign a clinician must check for
    bipolar disorder, so a major-depression diagnosis is then not taken as ruling it out: the
    bipolar exclusion stays unknown, never met on an unsure answer (docs/contract.md)."""
    diagnosis = _or_none(intake.diagnosis)
    if diagnosis in ("mdd_single", "mdd_recurrent") and intake.high_mood in ("yes", "not_sure"):
        return "not_sure"
    return diagnosis


def _yes_no(value, *, yes=("yes",)):
    if value in (None, ""):
        return None
    return value in yes


def _trial(trial):
    case = {
        "medication": trial.medication,
        "daily_dose_mg": _number(trial.daily_dose_mg),
        "weeks": trial.weeks,
        "outcome": trial.outcome or "unknown",
        "augmentation": trial.augmentation == "yes",
    }
    # "Not sure" is null, which the rules treat as "adequacy uncertain" for a clinician to
    # check; leaving the key out would apply the documented default (true) and count it.
    if trial.current_episode:
        case["current_episode"] = {"yes": True, "no": False}.get(trial.current_episode)
    return case


def _psychotherapy(intake):
    if intake.therapy_had != "yes":
        return []
    return [
        {
            "kind": intake.therapy_kind or "not_sure",
            "weeks": intake.therapy_weeks,
            "outcome": intake.therapy_outcome or "unknown",
        }
    ]

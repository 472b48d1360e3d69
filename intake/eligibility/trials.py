"""The trial-by-trial assessment: what each antidepressant or add-on trial counts toward, and
the tally the criteria read. Numbers and rules from docs/clinical-facts.md ("facts §N")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .types import Medication, Trial, TrialResult, normalize_name
from .vocabulary import (
    COUNTED,
    DUPLICATE,
    FAILED_OUTCOMES,
    NOT_COUNTED,
    OUTCOME_STAFF_WORDS,
    OUTCOME_WORDS,
    UNCERTAIN,
)
from .wording import plain_number


@dataclass(frozen=True)
class Tally:
    failed: frozenset[str]  # generic names of counted adequate failed antidepressants
    intolerant: frozenset[str]  # antidepressants stopped for side effects
    augmentation: frozenset[str]
    classes: tuple[str, ...]  # the evaluation JSON's failed_classes
    failed_trials: int  # what the failed_trials criterion counts
    uncertain_failed: int  # distinct uncertain trials that could add to it
    possible_classes: int  # classes if every uncertain trial turned out to count
    uncertain_augmentation: int


def _pool(kind: str, outcome: str) -> str | None:
    """What a trial could count toward, judged by its outcome alone."""
    if outcome == "side_effects":
        return None if kind == "augmentation" else "intolerance"
    if outcome in FAILED_OUTCOMES or outcome == "unknown":
        return "augmentation" if kind == "augmentation" else "failed_trials"
    return None


def _classify(trial, med, kind, profile, any_current):
    """(status, counts_toward, reason) for one trial, before duplicates are folded.

    The episode (facts §1 design notes, §3a, §7(a)6): ``current_episode`` true counts;
    false is not counted (most rules count the current episode only), except that when no
    trial at all is in the current episode it is "uncertain", since the FDA-label reading lets
    the prior episode count then; null (the patient is not sure) is "uncertain". Uncertain
    trials are never counted: a clinician confirms them (facts §7(a)10).
    """
    outcome = trial.outcome
    if outcome == "response":
        return NOT_COUNTED, None, "trial.response"
    if outcome == "ongoing":
        return NOT_COUNTED, None, "trial.ongoing"
    pool = _pool(kind, outcome)
    if trial.current_episode is False:
        # Most rules count trials in the current episode only (facts §7(a)6). The FDA-label
        # reading lets an earlier episode count when the current one is untreated (facts §1,
        # EVMS FAQ [S]): then a clinician must decide, so it is uncertain, never counted.
        # A trial whose episode the patient is not sure of (None) counts as "maybe current".
        if any_current or pool is None:
            return NOT_COUNTED, None, "trial.prior_episode"
        return UNCERTAIN, pool, "trial.prior_episode_only"
    if med is None:
        return (
            (UNCERTAIN, pool, "trial.unknown_medication")
            if pool
            else (NOT_COUNTED, None, "trial.augmentation_side_effects")
        )
    if outcome == "side_effects":
        if kind == "augmentation":
            return NOT_COUNTED, None, "trial.augmentation_side_effects"
        if trial.current_episode is None:
            return UNCERTAIN, pool, "trial.episode_unsure"
        # Intolerance counts whatever the dose and weeks (docs/contract.md: "intolerances").
        reason = (
            "trial.intolerance_counted"
            if profile.intolerance_counts
            else "trial.intolerance_not_counted"
        )
        return COUNTED, pool, reason
    min_dose = med.min_adequate_daily_mg
    low = (
        trial.daily_dose_mg is not None and min_dose is not None and trial.daily_dose_mg < min_dose
    )
    short = trial.weeks is not None and trial.weeks < profile.min_trial_weeks
    if low and short:
        return NOT_COUNTED, None, "trial.low_dose_short"
    if low:
        return NOT_COUNTED, None, "trial.low_dose"
    if short:
        return NOT_COUNTED, None, "trial.too_short"
    if min_dose is None:
        return UNCERTAIN, pool, "trial.no_dose_threshold"
    if trial.daily_dose_mg is None or trial.weeks is None:
        return UNCERTAIN, pool, "trial.missing_details"
    if trial.current_episode is None:
        return UNCERTAIN, pool, "trial.episode_unsure"
    if outcome == "unknown":
        return UNCERTAIN, pool, "trial.outcome_unknown"
    reason = "trial.counted_augmentation" if kind == "augmentation" else "trial.counted"
    return COUNTED, pool, reason


def assess_trials(trials, profile, catalogue):
    any_current = any(trial.current_episode is not False for trial in trials)
    results, keys, meds = [], [], []
    for index, trial in enumerate(trials):
        med = catalogue.lookup(trial.medication)
        kind = (
            "augmentation"
            if trial.augmentation or (med and med.is_augmentation_agent)
            else "antidepressant"
        )
        status, toward, reason = _classify(trial, med, kind, profile, any_current)
        above_max = bool(
            med
            and med.usual_max_daily_mg is not None
            and trial.daily_dose_mg is not None
            and trial.daily_dose_mg > med.usual_max_daily_mg
        )
        results.append(
            TrialResult(
                index=index,
                medication=trial.medication,
                generic_name=med.generic_name if med else None,
                drug_class=med.drug_class if med else None,
                kind=kind,
                daily_dose_mg=trial.daily_dose_mg,
                min_dose_mg=med.min_adequate_daily_mg if med else None,
                weeks=trial.weeks,
                min_weeks=profile.min_trial_weeks,
                outcome=trial.outcome,
                current_episode=trial.current_episode,
                status=status,
                counts_toward=toward,
                reason=reason,
                above_usual_max=above_max,
            )
        )
        keys.append(med.generic_name if med else normalize_name(trial.medication))
        meds.append(med)

    # The same medication twice counts once (by generic name), within each pool.
    counted: dict[str, set[str]] = {
        "failed_trials": set(),
        "intolerance": set(),
        "augmentation": set(),
    }
    for i, result in enumerate(results):
        if result.status == COUNTED:
            if keys[i] in counted[result.counts_toward]:
                results[i] = _duplicate(result)
            else:
                counted[result.counts_toward].add(keys[i])
    for i, result in enumerate(results):
        if result.status == UNCERTAIN and keys[i] in counted[result.counts_toward]:
            results[i] = _duplicate(result)

    failed, intolerant = counted["failed_trials"], counted["intolerance"]
    counts_for_failed = failed | intolerant if profile.intolerance_counts else set(failed)
    class_of = {keys[i]: meds[i].drug_class for i in range(len(results)) if meds[i]}
    classes = sorted({class_of[key] for key in counts_for_failed})

    pools_for_failed = (
        {"failed_trials", "intolerance"} if profile.intolerance_counts else {"failed_trials"}
    )
    uncertain_failed: set[str] = set()
    uncertain_aug: set[str] = set()
    possible_classes = set(classes)
    unknown_classes = set()
    for i, result in enumerate(results):
        if result.status != UNCERTAIN:
            continue
        if result.counts_toward == "augmentation":
            uncertain_aug.add(keys[i])
        elif result.counts_toward in pools_for_failed and keys[i] not in counts_for_failed:
            uncertain_failed.add(keys[i])
            if meds[i]:
                possible_classes.add(meds[i].drug_class)
            else:  # an unknown medication could be of any class
                unknown_classes.add(keys[i])
    tally = Tally(
        failed=frozenset(failed),
        intolerant=frozenset(intolerant),
        augmentation=frozenset(counted["augmentation"]),
        classes=tuple(classes),
        failed_trials=len(counts_for_failed),
        uncertain_failed=len(uncertain_failed),
        possible_classes=len(possible_classes) + len(unknown_classes),
        uncertain_augmentation=len(uncertain_aug),
    )
    return tuple(results), tally


def _duplicate(result: TrialResult) -> TrialResult:
    return TrialResult(**{**result.as_dict(), "status": DUPLICATE, "reason": "trial.duplicate"})


# --- the params of a trial's note -------------------------------------------------------------


def _display_name(trial: Trial, med: Medication | None) -> str:
    if med is None:
        return trial.medication.strip()
    if normalize_name(trial.medication) == normalize_name(med.generic_name):
        return med.generic_name[:1].upper() + med.generic_name[1:]
    return f"{trial.medication.strip()} ({med.generic_name})"


def trial_params(result: TrialResult, trial: Trial, med: Medication | None) -> dict[str, Any]:
    missing = [
        name
        for name, value in (("dose", trial.daily_dose_mg), ("weeks", trial.weeks))
        if value is None
    ]
    return {
        "number": result.index + 1,
        "medication": _display_name(trial, med),
        "generic": med.generic_name if med else "",
        "drug_class": med.drug_class if med else "",
        "dose": plain_number(trial.daily_dose_mg),
        "min_dose": plain_number(med.min_adequate_daily_mg) if med else None,
        "max_dose": plain_number(med.usual_max_daily_mg) if med else None,
        "weeks": plain_number(trial.weeks),
        "min_weeks": plain_number(result.min_weeks),
        "outcome": trial.outcome,
        "outcome_words": OUTCOME_WORDS.get(trial.outcome, trial.outcome),
        "outcome_staff": OUTCOME_STAFF_WORDS.get(trial.outcome, trial.outcome),
        "missing": " and ".join(missing),
    }

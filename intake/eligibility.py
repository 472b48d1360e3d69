"""Eligibility notes: one case evaluated against one criteria profile and a medication catalogue.

A pure module: plain dataclasses in, plain dataclasses out, no ORM, no I/O. The admin-editable
data (catalogue, profiles, note texts) is loaded elsewhere and handed in, so the same code path
serves the web pages and ``manage.py evaluate_case``.

Every number and rule is from docs/clinical-facts.md (cited as "facts §N").
The output shape is the evaluation JSON of docs/contract.md.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from intake.eligibility_types import (
    COUNTED,
    CRITERIA,
    CRITERION_LEVEL,
    CRITERION_VALUES,
    DIAGNOSES,
    DUPLICATE,
    FAILED_OUTCOMES,
    FALLBACK_TEXT,
    LEVELS,
    NOT_COUNTED,
    NOT_GIVEN,
    OUTCOME_STAFF_WORDS,
    OUTCOME_WORDS,
    OUTCOMES,
    SAFETY_CAUTION,
    SAFETY_ITEMS,
    SAFETY_STOP,
    SEVERITY_BANDS,
    SEVERITY_WORDS,
    UNCERTAIN,
    Case,
    Catalogue,
    Ect,
    Evaluation,
    Medication,
    Note,
    NoteText,
    PriorTms,
    Profile,
    Psychotherapy,
    Trial,
    TrialResult,
    normalize_name,
    render,
    template_fields,
)

__all__ = [
    "COUNTED",
    "CRITERIA",
    "CRITERION_LEVEL",
    "CRITERION_VALUES",
    "DIAGNOSES",
    "DUPLICATE",
    "FAILED_OUTCOMES",
    "FALLBACK_TEXT",
    "LEVELS",
    "NOTE_KEYS",
    "NOTE_PARAMS",
    "NOTE_SPECS",
    "NOT_COUNTED",
    "NOT_GIVEN",
    "OUTCOMES",
    "OUTCOME_STAFF_WORDS",
    "OUTCOME_WORDS",
    "SAFETY_CAUTION",
    "SAFETY_ITEMS",
    "SAFETY_STOP",
    "SEVERITY_BANDS",
    "SEVERITY_WORDS",
    "UNCERTAIN",
    "Case",
    "Catalogue",
    "Ect",
    "Evaluation",
    "Medication",
    "Note",
    "NoteText",
    "PriorTms",
    "Profile",
    "Psychotherapy",
    "Trial",
    "TrialResult",
    "evaluate",
    "normalize_name",
    "phq9_severity",
    "phq9_total",
    "plural",
    "render",
    "template_fields",
]

# --- scoring --------------------------------------------------------------------------------


def phq9_total(items: Iterable[int]) -> int:
    return sum(items)


def phq9_severity(total: int) -> str:
    """PHQ-9 band, cut-points 5, 10, 15, 20 (facts §4, Kroenke 2001)."""
    for floor, band in SEVERITY_BANDS:
        if total >= floor:
            return band
    return "minimal"


def _num(value: float | None) -> float | int | None:
    """A number as people write it: 150.0 -> 150, 37.5 stays, 5.8999999 -> 5.9."""
    if isinstance(value, float):
        value = round(value, 2)
        if value.is_integer():
            return int(value)
    return value


def plural(count: int, one: str, many: str) -> str:
    """ "1 medicine", "2 medicines", "0 medicines" (the pure rules cannot use Django's
    ngettext; pages use ngettext for their own sentences)."""
    return f"{count} {one if count == 1 else many}"


def _join(words: Iterable[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# --- the note codes this module can emit ----------------------------------------------------
# key -> (level, params). The key is what a NoteText is looked up by; for criteria it is
# "criterion.<name>.<met|unmet|unknown>" while the note's contract "code" is "criterion.<name>".

_TRIAL_PARAMS = (
    "number",
    "medication",
    "generic",
    "drug_class",
    "dose",
    "min_dose",
    "max_dose",
    "weeks",
    "min_weeks",
    "outcome",
    "outcome_words",
    "outcome_staff",
    "missing",
)
_CRITERION_PARAMS = {
    "age": ("age", "min_age"),
    "severity": ("total", "severity", "severity_words", "required"),
    "failed_trials": (
        "counted",
        "required",
        "uncertain",
        "counted_words",
        "required_words",
        "uncertain_words",
        "full_trials",
        "side_effects",
        "breakdown",
    ),
    "classes": (
        "counted",
        "required",
        "classes",
        "uncertain",
        "counted_words",
        "required_words",
    ),
    "augmentation": (
        "counted",
        "required",
        "uncertain",
        "counted_words",
        "required_words",
        "uncertain_words",
    ),
    "psychotherapy": ("min_weeks",),
    "exclusions": ("conditions", "missing", "checked"),
}

NOTE_SPECS: dict[str, tuple[str, tuple[str, ...]]] = {
    "urgent.item9": ("urgent", ("item9_score",)),
    "safety.unanswered": ("caution", ()),
    **{f"safety.{key}": ("stop", ()) for key in SAFETY_STOP},
    **{f"safety.{key}": ("caution", ()) for key in SAFETY_CAUTION},
    **{
        f"criterion.{name}.{value}": (CRITERION_LEVEL[value], params)
        for name, params in _CRITERION_PARAMS.items()
        for value in ("met", "unmet", "unknown")
    },
    "flag.psychosis": ("caution", ()),
    "flag.bipolar": ("caution", ()),
    "flag.substance_use": ("caution", ()),
    "diagnosis.not_sure": ("caution", ()),
    "phq9.score": ("info", ("total", "severity", "severity_words")),
    "phq9.missing": ("caution", ()),
    # per trial: why it did or did not count
    "trial.counted": ("info", _TRIAL_PARAMS),
    "trial.counted_augmentation": ("info", _TRIAL_PARAMS),
    "trial.intolerance_counted": ("info", _TRIAL_PARAMS),
    "trial.intolerance_not_counted": ("info", _TRIAL_PARAMS),
    "trial.augmentation_side_effects": ("info", _TRIAL_PARAMS),
    "trial.duplicate": ("info", _TRIAL_PARAMS),
    "trial.response": ("info", _TRIAL_PARAMS),
    "trial.ongoing": ("info", _TRIAL_PARAMS),
    "trial.low_dose": ("info", _TRIAL_PARAMS),
    "trial.too_short": ("info", _TRIAL_PARAMS),
    "trial.low_dose_short": ("info", _TRIAL_PARAMS),
    "trial.prior_episode": ("info", _TRIAL_PARAMS),
    "trial.prior_episode_only": ("caution", _TRIAL_PARAMS),
    "trial.unknown_medication": ("caution", _TRIAL_PARAMS),
    "trial.no_dose_threshold": ("caution", _TRIAL_PARAMS),
    "trial.missing_details": ("caution", _TRIAL_PARAMS),
    "trial.episode_unsure": ("caution", _TRIAL_PARAMS),
    "trial.outcome_unknown": ("caution", _TRIAL_PARAMS),
    "trial.dose_above_max": ("caution", _TRIAL_PARAMS),
    "prior_tms.response": ("info", ("improvement_pct",)),
    "prior_tms.had": ("info", ("improvement_pct",)),
    "prior_ect": ("info", ()),
    "info.schedule": ("info", ()),
    "info.how_it_works": ("info", ()),
    "info.care_team": ("info", ()),
}
NOTE_KEYS = tuple(NOTE_SPECS)
NOTE_PARAMS = {key: params for key, (_, params) in NOTE_SPECS.items()}


# --- the trial-by-trial assessment ----------------------------------------------------------


@dataclass(frozen=True)
class _Tally:
    failed: frozenset[str]  # generic names of counted adequate failed antidepressants
    intolerant: frozenset[str]  # antidepressants stopped for side effects
    augmentation: frozenset[str]
    classes: tuple[str, ...]  # failed_classes (contract)
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
        # Intolerance counts whatever the dose and weeks (contract: "intolerances").
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


def _assess_trials(trials, profile, catalogue):
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
    tally = _Tally(
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


# --- criteria -------------------------------------------------------------------------------


def _count_criterion(counted: int, required: int, uncertain: int, answered: bool) -> str:
    if required <= 0:
        return "not_required"
    if counted >= required:
        return "met"
    if not answered or counted + uncertain >= required:
        return "unknown"
    return "unmet"


def _psychotherapy(case: Case, profile: Profile) -> str:
    if not profile.psychotherapy_required:
        return "not_required"
    if case.psychotherapy is None:
        return "unknown"
    min_weeks = profile.min_psychotherapy_weeks or 0
    uncertain = False
    for course in case.psychotherapy:
        if course.outcome in ("response", "ongoing"):
            continue
        long_enough = None if course.weeks is None else course.weeks >= min_weeks
        if long_enough is False:
            continue
        if long_enough and course.outcome in FAILED_OUTCOMES:
            return "met"
        uncertain = True  # weeks or outcome missing, or stopped for side effects
    return "unknown" if uncertain else "unmet"


_EXCLUSION_WORDS = {
    "psychosis": "psychosis",
    "bipolar": "bipolar disorder",
    "substance_use": "alcohol or drug use in the last 90 days",
}


def _bipolar_answer(diagnosis: str | None) -> bool | None:
    """True: bipolar disorder; False: a major-depression diagnosis; None: missing or unsure."""
    if diagnosis is None or diagnosis == "not_sure":
        return None
    return diagnosis == "bipolar"


def _exclusions(case: Case, profile: Profile) -> tuple[str, dict[str, str]]:
    answers = {
        "psychosis": (profile.exclude_psychosis, case.psychosis),
        # "not_sure" never rules bipolar disorder out (contract): it is unknown, like a
        # missing answer, for a clinician to check.
        "bipolar": (profile.exclude_bipolar, _bipolar_answer(case.diagnosis)),
        "substance_use": (profile.exclude_substance_use, case.substance_use_90d),
    }
    checked = {name: answer for name, (excluded, answer) in answers.items() if excluded}
    applies = [name for name, answer in checked.items() if answer is True]
    missing = [name for name, answer in checked.items() if answer is None]
    if not checked:
        value = "not_required"
    elif applies:
        value = "unmet"
    else:
        value = "unknown" if missing else "met"
    return value, {
        "conditions": _join(_EXCLUSION_WORDS[name] for name in applies),
        "missing": _join(_EXCLUSION_WORDS[name] for name in missing),
        "checked": _join(_EXCLUSION_WORDS[name] for name in checked),
    }


def _criteria(case, profile, tally, total, severity):
    """Each criterion's value and the params of its note."""
    answered_trials = case.trials is not None
    criteria: dict[str, str] = {}
    params: dict[str, dict[str, Any]] = {}
    if profile.min_age is None:
        criteria["age"] = "not_required"
    elif case.age is None:
        criteria["age"] = "unknown"
    else:
        criteria["age"] = "met" if case.age >= profile.min_age else "unmet"
    params["age"] = {"age": case.age, "min_age": profile.min_age}

    if profile.min_phq9_total is None:
        criteria["severity"] = "not_required"
    elif total is None:
        criteria["severity"] = "unknown"
    else:
        criteria["severity"] = "met" if total >= profile.min_phq9_total else "unmet"
    params["severity"] = {
        "total": total,
        "severity": severity,
        "severity_words": SEVERITY_WORDS.get(severity or "", ""),
        "required": profile.min_phq9_total,
    }

    criteria["failed_trials"] = _count_criterion(
        tally.failed_trials, profile.min_failed_trials, tally.uncertain_failed, answered_trials
    )
    full, side = len(tally.failed), tally.failed_trials - len(tally.failed)
    breakdown = [plural(full, "full trial", "full trials")] if full or not side else []
    if side:
        breakdown.append(
            plural(side, "stopped because of side effects", "stopped because of side effects")
        )
    params["failed_trials"] = {
        "counted": tally.failed_trials,
        "required": profile.min_failed_trials,
        "uncertain": tally.uncertain_failed,
        "counted_words": plural(tally.failed_trials, "medicine", "medicines"),
        "required_words": plural(profile.min_failed_trials, "medicine", "medicines"),
        "uncertain_words": plural(tally.uncertain_failed, "medicine", "medicines"),
        "full_trials": full,
        "side_effects": side,
        "breakdown": _join(breakdown),
    }
    criteria["classes"] = _count_criterion(
        len(tally.classes),
        profile.min_classes,
        tally.possible_classes - len(tally.classes),
        answered_trials,
    )
    params["classes"] = {
        "counted": len(tally.classes),
        "required": profile.min_classes,
        "classes": _join(tally.classes) or "none yet",
        "uncertain": tally.possible_classes - len(tally.classes),
        "counted_words": plural(len(tally.classes), "group", "groups"),
        "required_words": plural(profile.min_classes, "group", "groups"),
    }
    criteria["augmentation"] = _count_criterion(
        len(tally.augmentation),
        profile.min_augmentation_failures,
        tally.uncertain_augmentation,
        answered_trials,
    )
    params["augmentation"] = {
        "counted": len(tally.augmentation),
        "required": profile.min_augmentation_failures,
        "uncertain": tally.uncertain_augmentation,
        "counted_words": plural(len(tally.augmentation), "add-on medicine", "add-on medicines"),
        "required_words": plural(
            profile.min_augmentation_failures, "add-on medicine", "add-on medicines"
        ),
        "uncertain_words": plural(tally.uncertain_augmentation, "add-on", "add-ons"),
    }
    criteria["psychotherapy"] = _psychotherapy(case, profile)
    params["psychotherapy"] = {"min_weeks": _num(profile.min_psychotherapy_weeks or 0)}
    criteria["exclusions"], params["exclusions"] = _exclusions(case, profile)
    return criteria, params


# --- notes ----------------------------------------------------------------------------------


_LEVEL_ORDER = {level: position for position, level in enumerate(LEVELS)}
# Params a note's wording may use that are not part of the note's JSON "params" (contract):
# the same numbers in words, with plurals ("1 medicine", "2 groups").
_RENDER_ONLY = frozenset(
    {
        "counted_words",
        "required_words",
        "uncertain_words",
        "full_trials",
        "side_effects",
        "breakdown",
        "outcome_staff",
    }
)


class _Notes:
    def __init__(self, texts: Mapping[str, NoteText], published: Container[str] | None):
        self.texts, self.published, self.notes = texts, published, []

    def add(self, key: str, code: str | None = None, **params: Any) -> None:
        level = NOTE_SPECS[key][0]
        text = self.texts.get(key) or FALLBACK_TEXT
        articles = tuple(text.article_slugs)
        if self.published is not None:
            articles = tuple(slug for slug in articles if slug in self.published)
        patient = render(text.patient_template, params)
        staff = render(text.staff_template, params) if text.staff_template.strip() else patient
        if _RENDER_ONLY.intersection(params):
            params = {name: value for name, value in params.items() if name not in _RENDER_ONLY}
        self.notes.append(Note(code or key, level, params, key, patient, staff, articles))

    def sorted(self) -> tuple[Note, ...]:
        return tuple(sorted(self.notes, key=lambda note: _LEVEL_ORDER[note.level]))


def _display_name(trial: Trial, med: Medication | None) -> str:
    if med is None:
        return trial.medication.strip()
    if normalize_name(trial.medication) == normalize_name(med.generic_name):
        return med.generic_name[:1].upper() + med.generic_name[1:]
    return f"{trial.medication.strip()} ({med.generic_name})"


def _trial_params(result: TrialResult, trial: Trial, med: Medication | None) -> dict[str, Any]:
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
        "dose": _num(trial.daily_dose_mg),
        "min_dose": _num(med.min_adequate_daily_mg) if med else None,
        "max_dose": _num(med.usual_max_daily_mg) if med else None,
        "weeks": _num(trial.weeks),
        "min_weeks": _num(result.min_weeks),
        "outcome": trial.outcome,
        "outcome_words": OUTCOME_WORDS.get(trial.outcome, trial.outcome),
        "outcome_staff": OUTCOME_STAFF_WORDS.get(trial.outcome, trial.outcome),
        "missing": " and ".join(missing),
    }


def evaluate(
    case: Case,
    profile: Profile,
    catalogue: Catalogue,
    texts: Mapping[str, NoteText],
    *,
    published_articles: Container[str] | None = None,
) -> Evaluation:
    """Evaluate one case. ``texts`` maps note keys (NOTE_KEYS) to their wording; a missing key
    falls back to a neutral sentence. ``published_articles``, when given, drops links to any
    article slug not in it (a missing or unpublished article is never shown as a link)."""
    notes = _Notes(texts, published_articles)

    total = severity = None
    if case.phq9 is not None:
        if None not in case.phq9:
            total = phq9_total(case.phq9)
            severity = phq9_severity(total)
        # Item 9 above 0 needs same-day clinician follow-up, whatever the total (facts §4).
        if case.phq9[8]:
            notes.add("urgent.item9", item9_score=case.phq9[8])

    if case.safety_yes is None:
        notes.add("safety.unanswered")
    else:
        # stop: implants a clinician must clear first (facts §5b); caution: the others, which
        # are clinician review and not automatic exclusion (Rossi 2011, facts §5a, §7(b)7).
        answered = set(case.safety_yes)
        for key in SAFETY_ITEMS:
            if key in answered:
                notes.add(f"safety.{key}")

    trials = case.trials or ()
    results, tally = _assess_trials(trials, profile, catalogue)

    criteria, params = _criteria(case, profile, tally, total, severity)

    for name in CRITERIA:
        value = criteria[name]
        if value != "not_required":
            notes.add(f"criterion.{name}.{value}", code=f"criterion.{name}", **params[name])

    for name, excluded, answer in (
        ("psychosis", profile.exclude_psychosis, case.psychosis),
        ("bipolar", profile.exclude_bipolar, case.diagnosis == "bipolar"),
        ("substance_use", profile.exclude_substance_use, case.substance_use_90d),
    ):
        # Flag for a clinician even where this profile does not exclude it (facts §7(b)5).
        if answer is True and not excluded:
            notes.add(f"flag.{name}")
    if case.diagnosis == "not_sure":
        notes.add("diagnosis.not_sure")
    if criteria["severity"] == "not_required":
        if total is None:
            notes.add("phq9.missing")
        else:
            notes.add("phq9.score", **{k: params["severity"][k] for k in NOTE_PARAMS["phq9.score"]})

    for result, trial in zip(results, trials, strict=True):
        med = catalogue.lookup(trial.medication)
        trial_params = _trial_params(result, trial, med)
        notes.add(result.reason, **trial_params)
        if result.above_usual_max:
            notes.add("trial.dose_above_max", **trial_params)

    if case.prior_tms is not None and case.prior_tms.had:
        pct = case.prior_tms.improvement_pct
        # Retreatment is covered after a documented response of more than 50% (facts §2b,
        # §7(b)10: L37086, UHC).
        key = "prior_tms.response" if pct is not None and pct > 50 else "prior_tms.had"
        notes.add(key, improvement_pct=_num(pct))
    if case.ect is not None and case.ect.had:
        notes.add("prior_ect")
    notes.add("info.schedule")
    notes.add("info.how_it_works")
    notes.add("info.care_team")

    return Evaluation(
        profile=profile.key,
        phq9_total=total,
        severity=severity,
        adequate_failed_trials=len(tally.failed),
        failed_classes=tally.classes,
        augmentation_failures=len(tally.augmentation),
        intolerances=len(tally.intolerant),
        criteria=criteria,
        notes=notes.sorted(),
        trials=results,
        counted_failed_trials=tally.failed_trials,
        required_failed_trials=profile.min_failed_trials,
        uncertain_trials=sum(1 for result in results if result.status == UNCERTAIN),
    )

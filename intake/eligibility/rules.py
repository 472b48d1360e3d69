"""Eligibility notes: one case evaluated against one criteria profile and a medication catalogue.

A pure module: plain dataclasses in, plain dataclasses out, no ORM, no I/O. The admin-editable
data (catalogue, profiles, note texts) is loaded elsewhere and handed in, so the same code path
serves the web pages and ``manage.py evaluate_case``.

Every number and rule is from docs/clinical-facts.md (cited as "facts §N").
The output shape is the evaluation JSON of docs/contract.md.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import Any

from .note_specs import NOTE_PARAMS, NOTE_SPECS
from .trials import Tally, assess_trials, trial_params
from .types import FALLBACK_TEXT, Case, Catalogue, Evaluation, Note, NoteText, Profile
from .vocabulary import (
    CRITERIA,
    FAILED_OUTCOMES,
    LEVELS,
    SAFETY_KEYS,
    SEVERITY_WORDS,
    UNCERTAIN,
    item9_is_urgent,
    phq9_severity,
    phq9_total,
)
from .wording import plain_number, render

# --- wording helpers ------------------------------------------------------------------------


def plural(count: int, one: str, many: str) -> str:
    """ "1 medicine", "2 medicines", "0 medicines" (the pure rules cannot use Django's
    ngettext; pages use ngettext for their own sentences)."""
    return f"{count} {one if count == 1 else many}"


def _join(words: Iterable[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


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
        # "not_sure" never rules bipolar disorder out (docs/contract.md): it is unknown, like
        # a missing answer, for a clinician to check.
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


def _criteria(case: Case, profile: Profile, tally: Tally, total: int | None, severity: str | None):
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
    params["psychotherapy"] = {"min_weeks": plain_number(profile.min_psychotherapy_weeks or 0)}
    criteria["exclusions"], params["exclusions"] = _exclusions(case, profile)
    return criteria, params


# --- notes ----------------------------------------------------------------------------------


_LEVEL_ORDER = {level: position for position, level in enumerate(LEVELS)}
# Params a note's wording may use that are not part of the note's JSON "params":
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
        if item9_is_urgent(case.phq9[8]):
            notes.add("urgent.item9", item9_score=case.phq9[8])

    if case.safety_yes is None:
        notes.add("safety.unanswered")
    else:
        # stop: implants a clinician must clear first (facts §5b); caution: the others, which
        # are clinician review and not automatic exclusion (Rossi 2011, facts §5a, §7(b)7).
        answered = set(case.safety_yes)
        for key in SAFETY_KEYS:
            if key in answered:
                notes.add(f"safety.{key}")

    trials = case.trials or ()
    results, tally = assess_trials(trials, profile, catalogue)

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
        params_of_trial = trial_params(result, trial, med)
        notes.add(result.reason, **params_of_trial)
        if result.above_usual_max:
            notes.add("trial.dose_above_max", **params_of_trial)

    if case.prior_tms is not None and case.prior_tms.had:
        pct = case.prior_tms.improvement_pct
        # Retreatment is covered after a documented response of more than 50% (facts §2b,
        # §7(b)10: L37086, UHC).
        key = "prior_tms.response" if pct is not None and pct > 50 else "prior_tms.had"
        notes.add(key, improvement_pct=plain_number(pct))
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

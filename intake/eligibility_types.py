"""The data shapes of the eligibility rules: vocabularies, inputs, outputs and note rendering.

Pure: dataclasses and plain Python, no ORM. Import them from ``intake.eligibility``, which
re-exports every public name here next to ``evaluate``.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# --- vocabularies (contract: the case JSON) -------------------------------------------------

DIAGNOSES = ("mdd_single", "mdd_recurrent", "bipolar", "not_sure")
OUTCOMES = ("response", "partial", "no_change", "worse", "side_effects", "ongoing", "unknown")
FAILED_OUTCOMES = frozenset({"partial", "no_change", "worse"})
SAFETY_STOP = (
    "cochlear_implant",
    "metal_in_head",
    "implanted_stimulator",
    "pacemaker",
    "medication_pump",
)
SAFETY_CAUTION = (
    "seizure",
    "fainting",
    "head_injury",
    "hearing_problem",
    "pregnancy",
    "seizure_threshold_meds",
    "brain_condition",
    "prior_tms_problem",
    "prior_mri_problem",
)
# In the contract's order.
SAFETY_ITEMS = (
    "seizure",
    "fainting",
    "head_injury",
    "hearing_problem",
    "cochlear_implant",
    "metal_in_head",
    "implanted_stimulator",
    "pacemaker",
    "medication_pump",
    "pregnancy",
    "seizure_threshold_meds",
    "brain_condition",
    "prior_tms_problem",
    "prior_mri_problem",
)

LEVELS = ("urgent", "stop", "caution", "unmet", "met", "info")
CRITERIA = (
    "age",
    "severity",
    "failed_trials",
    "classes",
    "augmentation",
    "psychotherapy",
    "exclusions",
)
CRITERION_VALUES = ("met", "unmet", "not_required", "unknown")
# An unknown criterion needs a clinician's look, so it is shown with the cautions.
CRITERION_LEVEL = {"met": "met", "unmet": "unmet", "unknown": "caution"}

SEVERITY_BANDS = (
    (20, "severe"),
    (15, "moderately_severe"),
    (10, "moderate"),
    (5, "mild"),
    (0, "minimal"),
)
SEVERITY_WORDS = {
    "minimal": "minimal",
    "mild": "mild",
    "moderate": "moderate",
    "moderately_severe": "moderately severe",
    "severe": "severe",
}
OUTCOME_WORDS = {
    "response": "it helped a lot",
    "partial": "it helped a little, but less than half",
    "no_change": "no change",
    "worse": "you felt worse",
    "side_effects": "stopped because of side effects",
    "ongoing": "still taking it",
    "unknown": "not sure how it worked",
}

# The same outcomes in clinical words, for staff (never the raw code).
OUTCOME_STAFF_WORDS = {
    "response": "response (50% or more better)",
    "partial": "partial response (under 50%)",
    "no_change": "no change",
    "worse": "worse",
    "side_effects": "stopped for side effects",
    "ongoing": "still taking, too early to judge",
    "unknown": "outcome not known",
}

# Trial statuses in the per-trial breakdown.
COUNTED, NOT_COUNTED, UNCERTAIN, DUPLICATE = "counted", "not_counted", "uncertain", "duplicate"


# --- inputs ---------------------------------------------------------------------------------


def normalize_name(name: str) -> str:
    """Case- and spacing-insensitive form of a medication name. No other guessing."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Medication:
    generic_name: str
    drug_class: str
    # None: adequacy is not judged by a daily mg figure (lithium: blood level, facts §3d);
    # such a trial is always "adequacy uncertain".
    min_adequate_daily_mg: float | None
    usual_max_daily_mg: float | None = None
    is_augmentation_agent: bool = False
    aliases: tuple[str, ...] = ()


class Catalogue:
    """Medications looked up by generic name or alias, ignoring case and extra spaces."""

    def __init__(self, medications: Iterable[Medication]):
        self._by_name: dict[str, Medication] = {}
        self._medications: tuple[Medication, ...] = tuple(medications)
        for med in self._medications:
            for name in (med.generic_name, *med.aliases):
                key = normalize_name(name)
                other = self._by_name.get(key)
                if other is not None and other.generic_name != med.generic_name:
                    raise ValueError(
                        f"the name {name!r} belongs to both {other.generic_name} "
                        f"and {med.generic_name}"
                    )
                self._by_name[key] = med

    def lookup(self, name: str) -> Medication | None:
        return self._by_name.get(normalize_name(name))

    def __iter__(self):
        return iter(self._medications)

    def __len__(self) -> int:
        return len(self._medications)


@dataclass(frozen=True)
class Profile:
    key: str
    name: str
    min_age: int | None
    min_failed_trials: int
    min_classes: int
    min_trial_weeks: float
    intolerance_counts: bool
    min_augmentation_failures: int
    psychotherapy_required: bool
    min_psychotherapy_weeks: float | None
    min_phq9_total: int | None
    exclude_psychosis: bool
    exclude_bipolar: bool
    exclude_substance_use: bool


@dataclass(frozen=True)
class Trial:
    medication: str
    daily_dose_mg: float | None = None
    weeks: float | None = None
    outcome: str = "unknown"
    current_episode: bool | None = True  # None: the patient is not sure
    augmentation: bool = False


@dataclass(frozen=True)
class Psychotherapy:
    kind: str
    weeks: float | None = None
    outcome: str = "unknown"


@dataclass(frozen=True)
class Ect:
    had: bool | None = None


@dataclass(frozen=True)
class PriorTms:
    had: bool | None = None
    improvement_pct: float | None = None


@dataclass(frozen=True)
class Case:
    """One patient's answers. None anywhere means "not answered" (a criterion needing it is
    ``unknown``); an empty tuple means "none". ``intake.case_json.parse_case`` builds a valid
    one from the contract's JSON; a form building one directly must keep to these types."""

    age: int | None = None
    # None, or nine answers each 0-3 or None (not answered: no total, but item 9 still counts)
    phq9: tuple[int | None, ...] | None = None
    diagnosis: str | None = None
    psychosis: bool | None = None
    substance_use_90d: bool | None = None
    trials: tuple[Trial, ...] | None = ()
    psychotherapy: tuple[Psychotherapy, ...] | None = ()
    ect: Ect | None = None
    prior_tms: PriorTms | None = None
    safety_yes: tuple[str, ...] | None = ()

    def __post_init__(self):
        if self.phq9 is not None and (
            len(self.phq9) != 9 or any(item not in (None, 0, 1, 2, 3) for item in self.phq9)
        ):
            raise ValueError("phq9 must be None or nine answers, each 0, 1, 2, 3 or None")


@dataclass(frozen=True)
class NoteText:
    patient_template: str
    staff_template: str = ""
    article_slugs: tuple[str, ...] = ()


FALLBACK_TEXT = NoteText(
    "Your care team will go over this part of your answers with you.",
    "No note text is set up for this note code: add one in the admin.",
)


# --- outputs --------------------------------------------------------------------------------


@dataclass(frozen=True, init=False)
class Note:
    code: str  # contract "code", e.g. "criterion.failed_trials"
    level: str
    params: dict[str, Any]
    key: str  # the note-text key: the code, plus ".met"/".unmet"/".unknown" for criteria
    text: str  # patient wording
    staff_text: str
    articles: tuple[str, ...]

    def __init__(self, code, level, params, key, text, staff_text, articles):
        # Still frozen (assigning a field raises); the fields are set through __dict__ because
        # the generated __init__'s object.__setattr__ per field cost a fifth of an evaluation
        # (about fifteen notes each).
        self.__dict__.update(
            code=code,
            level=level,
            params=params,
            key=key,
            text=text,
            staff_text=staff_text,
            articles=articles,
        )

    def as_dict(self, audience: str = "patient") -> dict[str, Any]:
        return {
            "code": self.code,
            "level": self.level,
            "params": dict(self.params),
            "text": self.staff_text if audience == "staff" else self.text,
            "articles": list(self.articles),
        }


@dataclass(frozen=True)
class TrialResult:
    index: int
    medication: str  # as entered
    generic_name: str | None
    drug_class: str | None
    kind: str  # "antidepressant" | "augmentation"
    daily_dose_mg: float | None
    min_dose_mg: float | None
    weeks: float | None
    min_weeks: float
    outcome: str
    current_episode: bool | None
    status: str  # counted | not_counted | uncertain | duplicate
    counts_toward: str | None  # "failed_trials" | "augmentation" | "intolerance" | None
    reason: str  # the note code explaining the status
    above_usual_max: bool

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Evaluation:
    profile: str
    phq9_total: int | None
    severity: str | None
    adequate_failed_trials: int
    failed_classes: tuple[str, ...]
    augmentation_failures: int
    intolerances: int
    criteria: dict[str, str]
    notes: tuple[Note, ...]
    trials: tuple[TrialResult, ...] = field(default=())
    # What the failed_trials criterion counted (adequate failed trials, plus intolerances where
    # the profile counts them; one per medicine) and what it asks for. Not in the contract's
    # JSON; every page that shows a count reads these (intake.eligibility_data.TrialCounts).
    counted_failed_trials: int = 0
    required_failed_trials: int = 0
    uncertain_trials: int = 0

    def as_dict(self, audience: str = "patient", include_trials: bool = False) -> dict[str, Any]:
        """The contract's evaluation JSON; ``include_trials`` adds the per-trial breakdown."""
        data = {
            "profile": self.profile,
            "phq9_total": self.phq9_total,
            "severity": self.severity,
            "adequate_failed_trials": self.adequate_failed_trials,
            "failed_classes": list(self.failed_classes),
            "augmentation_failures": self.augmentation_failures,
            "intolerances": self.intolerances,
            "criteria": dict(self.criteria),
            "notes": [note.as_dict(audience) for note in self.notes],
        }
        if include_trials:
            data["trials"] = [trial.as_dict() for trial in self.trials]
        return data


# --- text rendering -------------------------------------------------------------------------


NOT_GIVEN = "not given"


class _SafeFormatter(string.Formatter):
    """str.format_map that never raises: plain {name} fields only; a missing or fancy field
    ({x.y}, {x[0]}, a bad format spec) is left in the text as written, so staff see the typo;
    a None value reads "not given"."""

    def render(self, template: str, params: Mapping[str, Any]) -> str:
        compiled = self.compile(template)
        if compiled is None:  # unbalanced braces: show the template as it is
            return template
        plain, parts = compiled
        if plain and None not in params.values():
            # Only {name} fields, each given: str.format_map gives the same text, faster.
            try:
                return template.format_map(params)
            except KeyError:  # a name not in params: kept as written, below
                pass
        out = []
        for literal, field_name, spec, conversion, raw in parts:
            out.append(literal)
            if field_name is None:
                continue
            if field_name not in params:
                out.append(raw)
                continue
            value = params[field_name]
            if value is None:  # an answer not given; never print "None"
                out.append(NOT_GIVEN)
                continue
            try:
                if conversion:
                    value = self.convert_field(value, conversion)
                out.append(format(value, spec))
            except (ValueError, TypeError):
                out.append(raw)
        return "".join(out)

    @functools.lru_cache(maxsize=2048)  # noqa: B019 - one module-level instance, lives forever
    def compile(self, template: str) -> tuple[bool, tuple] | None:
        """The template parsed once: whether all its fields are plain {name}s, and its parts
        (literal, field, spec, conversion, field as written); a field that is not a plain name
        has None as its name and is kept as written. None: the braces do not balance."""
        try:
            parsed = list(self.parse(template))
        except ValueError:
            return None
        parts, plain = [], True
        for literal, field_name, spec, conversion in parsed:
            if field_name is None:
                parts.append((literal, None, "", None, ""))
                continue
            raw = "{" + field_name + ("!" + conversion if conversion else "")
            raw += (":" + spec if spec else "") + "}"
            if not field_name.isidentifier():
                plain = False
                parts.append((literal + raw, None, "", None, ""))
                continue
            plain = plain and not spec and not conversion
            parts.append((literal, field_name, spec, conversion, raw))
        return plain, tuple(parts)


_formatter = _SafeFormatter()


def render(template: str, params: Mapping[str, Any]) -> str:
    """A note text with its {placeholders} filled in (a template is parsed once, then reused:
    the evaluation renders about thirty notes per case)."""
    return _formatter.render(template, params)


def template_fields(template: str) -> set[str]:
    """The {placeholders} a template uses (for an admin form to check against NOTE_PARAMS)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return set()

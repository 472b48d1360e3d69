"""The data shapes of the eligibility rules: what goes in (a case, a profile, a medication
catalogue, note texts) and what comes out (an evaluation with its notes).

Plain frozen dataclasses, no ORM. Import them from ``intake.eligibility``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .marking import gettext_noop

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
    ``unknown``); an empty tuple means "none". ``intake.eligibility.case_json.parse_case`` builds
    a valid one from the case JSON of docs/contract.md; a form building one directly must keep
    to these types."""

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
    gettext_noop("Your care team will go over this part of your answers with you."),
    "No note text is set up for this note code: add one in the admin.",
)


# --- outputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    code: str  # the evaluation JSON's "code", e.g. "criterion.failed_trials"
    level: str
    params: dict[str, Any]
    key: str  # the note-text key: the code, plus ".met"/".unmet"/".unknown" for criteria
    text: str  # patient wording
    staff_text: str
    articles: tuple[str, ...]

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
    # the profile counts them; one per medicine) and what it asks for. Not in the evaluation
    # JSON of docs/contract.md; every page that shows a count reads these.
    counted_failed_trials: int = 0
    required_failed_trials: int = 0
    uncertain_trials: int = 0

    def as_dict(self, audience: str = "patient", include_trials: bool = False) -> dict[str, Any]:
        """The evaluation JSON of docs/contract.md; ``include_trials`` adds the per-trial
        breakdown."""
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

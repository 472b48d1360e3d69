"""The case JSON of docs/contract.md: parse and validate it into a ``Case``, and write a Case
back out.

Pure: no Django. Every problem raises one ``CaseError`` whose message names the field path in
plain words, e.g. ``trials[1].daily_dose_mg must be a number of 0 or more``.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .types import Case, Ect, PriorTms, Psychotherapy, Trial
from .vocabulary import (
    DIAGNOSES,
    MAX_AGE,
    MAX_DOSE_MG,
    MAX_TRIAL_WEEKS,
    OUTCOMES,
    PHQ9_ITEM_MAX,
    SAFETY_KEYS,
)

MAX_TRIALS = 50
MAX_NAME_LENGTH = 100

CASE_KEYS = (
    "age",
    "phq9",
    "diagnosis",
    "psychosis",
    "substance_use_90d",
    "trials",
    "psychotherapy",
    "ect",
    "prior_tms",
    "safety_yes",
)
TRIAL_KEYS = ("medication", "daily_dose_mg", "weeks", "outcome", "current_episode", "augmentation")
PSYCHOTHERAPY_KEYS = ("kind", "weeks", "outcome")
ECT_KEYS = ("had",)
PRIOR_TMS_KEYS = ("had", "improvement_pct")


class CaseError(ValueError):
    """A case that does not follow docs/contract.md. ``str(error)`` is the plain message."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path} {problem}" if path else problem)


def _choices(values) -> str:
    return ", ".join(values)


def _object(value: Any, path: str, allowed: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise CaseError(path, "must be an object ({...})")
    for key in value:
        if key not in allowed:
            where = "has" if path else "the case has"
            raise CaseError(
                path, f"{where} an unknown key {key!r}; the known keys are {_choices(allowed)}"
            )
    return value


def _bool(value: Any, path: str, nullable: bool = True) -> bool | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool):
        return value
    allowed = "true, false or null" if nullable else "true or false"
    quoted = " (without quotes)" if isinstance(value, str) else ""
    raise CaseError(path, f"must be {allowed}{quoted}")


def _number(value: Any, path: str, maximum: float, unit: str = "") -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CaseError(path, "must be a number of 0 or more")
    if isinstance(value, float) and not math.isfinite(value):
        raise CaseError(path, "must be a finite number")
    if value < 0:
        raise CaseError(path, "must be a number of 0 or more")
    if value > maximum:
        raise CaseError(path, f"must be at most {maximum}{unit}")
    return value


def _name(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CaseError(path, "must be a name in text, not empty")
    if len(value) > MAX_NAME_LENGTH:
        raise CaseError(path, f"must be at most {MAX_NAME_LENGTH} characters")
    return value.strip()


def _choice(value: Any, path: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise CaseError(path, f"must be one of: {_choices(choices)}")
    return value


def _list(value: Any, path: str, limit: int | None = None) -> list | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise CaseError(path, "must be a list ([...]) or null")
    if limit is not None and len(value) > limit:
        raise CaseError(path, f"must have at most {limit} entries")
    return value


def _age(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE:
        raise CaseError("age", f"must be a whole number from 0 to {MAX_AGE}")
    return value


def _phq9(value: Any) -> tuple[int, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 9:
        raise CaseError("phq9", "must be a list of nine answers, each 0, 1, 2 or 3")
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= PHQ9_ITEM_MAX:
            raise CaseError(f"phq9[{i}]", "must be 0, 1, 2 or 3")
    return tuple(value)


def _trial(value: Any, path: str) -> Trial:
    data = _object(value, path, TRIAL_KEYS)
    if "medication" not in data:
        raise CaseError(f"{path}.medication", "is missing")
    return Trial(
        medication=_name(data["medication"], f"{path}.medication"),
        daily_dose_mg=_number(
            data.get("daily_dose_mg"), f"{path}.daily_dose_mg", MAX_DOSE_MG, " mg a day"
        ),
        weeks=_number(data.get("weeks"), f"{path}.weeks", MAX_TRIAL_WEEKS, " weeks"),
        outcome=_choice(data.get("outcome", "unknown"), f"{path}.outcome", OUTCOMES),
        current_episode=_bool(data.get("current_episode", True), f"{path}.current_episode"),
        augmentation=_bool(data.get("augmentation", False), f"{path}.augmentation", False),
    )


def _psychotherapy(value: Any, path: str) -> Psychotherapy:
    data = _object(value, path, PSYCHOTHERAPY_KEYS)
    if "kind" not in data:
        raise CaseError(f"{path}.kind", "is missing")
    return Psychotherapy(
        kind=_name(data["kind"], f"{path}.kind"),
        weeks=_number(data.get("weeks"), f"{path}.weeks", MAX_TRIAL_WEEKS, " weeks"),
        outcome=_choice(data.get("outcome", "unknown"), f"{path}.outcome", OUTCOMES),
    )


def _safety(value: Any) -> tuple[str, ...] | None:
    items = _list(value, "safety_yes")
    if items is None:
        return None
    keys: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or item not in SAFETY_KEYS:
            raise CaseError(
                f"safety_yes[{i}]", f"must be one of the safety items: {_choices(SAFETY_KEYS)}"
            )
        if item not in keys:
            keys.append(item)
    return tuple(keys)


def parse_case(data: Any) -> Case:
    """Validate a decoded case JSON value and return the Case. Raises CaseError."""
    if not isinstance(data, dict):
        raise CaseError("", "the case must be a JSON object ({...})")
    _object(data, "", CASE_KEYS)
    trials = _list(data.get("trials"), "trials", MAX_TRIALS)
    courses = _list(data.get("psychotherapy"), "psychotherapy", MAX_TRIALS)
    ect = data.get("ect")
    prior = data.get("prior_tms")
    if ect is not None:
        ect = Ect(had=_bool(_object(ect, "ect", ECT_KEYS).get("had"), "ect.had"))
    if prior is not None:
        prior = _object(prior, "prior_tms", PRIOR_TMS_KEYS)
        prior = PriorTms(
            had=_bool(prior.get("had"), "prior_tms.had"),
            improvement_pct=_number(
                prior.get("improvement_pct"), "prior_tms.improvement_pct", 100, " (percent)"
            ),
        )
    diagnosis = data.get("diagnosis")
    return Case(
        age=_age(data.get("age")),
        phq9=_phq9(data.get("phq9")),
        diagnosis=None if diagnosis is None else _choice(diagnosis, "diagnosis", DIAGNOSES),
        psychosis=_bool(data.get("psychosis"), "psychosis"),
        substance_use_90d=_bool(data.get("substance_use_90d"), "substance_use_90d"),
        trials=None
        if trials is None
        else tuple(_trial(item, f"trials[{i}]") for i, item in enumerate(trials)),
        psychotherapy=None
        if courses is None
        else tuple(_psychotherapy(item, f"psychotherapy[{i}]") for i, item in enumerate(courses)),
        ect=ect,
        prior_tms=prior,
        safety_yes=_safety(data.get("safety_yes")),
    )


def _reject_constant(name: str):
    raise CaseError("", f"the file has {name}, which is not a number JSON allows")


def parse_case_json(text: str | bytes) -> Case:
    """Decode JSON text and validate it. Raises CaseError, also for text that is not JSON."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except CaseError:
        raise
    except RecursionError:
        # A case is at most two levels deep; thousands of nested brackets are not a case.
        raise CaseError(
            "", "the file nests brackets too deeply to be a case (a case is only a few levels deep)"
        ) from None
    except (ValueError, TypeError) as error:
        detail = (
            f" (line {error.lineno}, column {error.colno}: {error.msg})"
            if isinstance(error, json.JSONDecodeError)
            else ""
        )
        raise CaseError("", f"the file is not valid JSON{detail}") from None
    return parse_case(data)


def case_to_dict(case: Case) -> dict[str, Any]:
    """The case JSON for a Case; ``parse_case(case_to_dict(case)) == case``."""

    def many(items, convert):
        return None if items is None else [convert(item) for item in items]

    return {
        "age": case.age,
        "phq9": None if case.phq9 is None else list(case.phq9),
        "diagnosis": case.diagnosis,
        "psychosis": case.psychosis,
        "substance_use_90d": case.substance_use_90d,
        "trials": many(
            case.trials,
            lambda t: {
                "medication": t.medication,
                "daily_dose_mg": t.daily_dose_mg,
                "weeks": t.weeks,
                "outcome": t.outcome,
                "current_episode": t.current_episode,
                "augmentation": t.augmentation,
            },
        ),
        "psychotherapy": many(
            case.psychotherapy,
            lambda p: {"kind": p.kind, "weeks": p.weeks, "outcome": p.outcome},
        ),
        "ect": None if case.ect is None else {"had": case.ect.had},
        "prior_tms": None
        if case.prior_tms is None
        else {"had": case.prior_tms.had, "improvement_pct": case.prior_tms.improvement_pct},
        "safety_yes": None if case.safety_yes is None else list(case.safety_yes),
    }

"""The eligibility rules: one case evaluated against one criteria profile and a medication
catalogue, as plain data in and plain data out (docs/eligibility.md).

No Django and nothing else of the project is imported here (import-linter checks it), so the
rules run the same in the web pages, ``manage.py evaluate_case`` and the benchmark.

- ``vocabulary``: the one copy of the PHQ-9 wording and scoring, the safety questions and
  keys, the values of the case and evaluation JSON and the limits.
- ``note_specs``: the notes the rules can emit, with the params each note text may use.
- ``types``: the dataclasses that go in and come out.
- ``rules`` (``evaluate``) and ``trials``: the rules themselves.
- ``case_json``: the case JSON of docs/contract.md, parsed and written.
- ``wording``: note texts filled in; the finder of words that read as a decision.
"""

from .note_specs import NOTE_KEYS, NOTE_PARAMS, NOTE_SPECS
from .rules import evaluate, plural
from .types import (
    FALLBACK_TEXT,
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
)
from .vocabulary import (
    COUNTED,
    CRITERIA,
    CRITERION_LEVEL,
    CRITERION_VALUES,
    DIAGNOSES,
    DUPLICATE,
    FAILED_OUTCOMES,
    LEVELS,
    NOT_COUNTED,
    OUTCOME_STAFF_WORDS,
    OUTCOME_WORDS,
    OUTCOMES,
    SAFETY_CAUTION,
    SAFETY_ITEMS,
    SAFETY_KEYS,
    SAFETY_STOP,
    SEVERITY_BANDS,
    SEVERITY_WORDS,
    UNCERTAIN,
    phq9_severity,
    phq9_total,
)
from .wording import NOT_GIVEN, render, template_fields

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
    "SAFETY_KEYS",
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

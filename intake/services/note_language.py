"""The notes in the reader's language, filled in when a page shows them.

A stored evaluation (``Intake.evaluation``) holds each note's English wording, its key and its
params. A Spanish reader gets the note text's Spanish wording (``NoteText.patient_text_es``)
filled in from the same params, with the params that are words (“2 medicines”, “moderate”,
“psychosis and bipolar disorder”) said again in Spanish; where a note text has no Spanish yet,
the English is shown, marked ``lang="en"``. Reading the wording at display time means a change
to the Spanish needs no re-evaluation of the stored evaluations.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import (
    gettext,
    gettext_lazy,
    npgettext,
    pgettext,
    pgettext_lazy,
)

from portal.i18n import reader_language

from ..eligibility import Note
from ..eligibility.types import FALLBACK_TEXT
from ..eligibility.wording import NOT_GIVEN, render
from ..models import NoteText

# How each note level is labelled for patients (words, not only colours).
LEVEL_LABELS = {
    "urgent": gettext_lazy("Please read this first"),
    "stop": gettext_lazy("A clinician must review this"),
    "caution": gettext_lazy("To check with you"),
    "unmet": pgettext_lazy("a note's label", "Needs a closer look"),
    "met": pgettext_lazy("a note's label", "Looks in place"),
    "info": gettext_lazy("Good to know"),
}


# What each criterion is about, for the patient's summary.
CRITERION_TOPICS = {
    "age": pgettext_lazy("a note's topic", "your age"),
    "severity": pgettext_lazy("a note's topic", "your PHQ-9 score"),
    "failed_trials": pgettext_lazy("a note's topic", "the medicines you tried"),
    "classes": pgettext_lazy("a note's topic", "the kinds of medicine you tried"),
    "augmentation": pgettext_lazy("a note's topic", "add-on medicines"),
    "psychotherapy": pgettext_lazy("a note's topic", "talk therapy"),
    "exclusions": pgettext_lazy("a note's topic", "other health conditions"),
}

# The note text field holding each language's wording (English: ``patient_text``).
TEXT_FIELDS = {"es": "patient_text_es"}


def load_texts(language: str | None = None) -> dict[str, str]:
    """{note key: wording} in ``language`` (default: the reader's); empty for English (1 query
    otherwise)."""
    field = TEXT_FIELDS.get(language or reader_language())
    if field is None:
        return {}
    rows = NoteText.objects.exclude(**{field: ""}).values_list("code", field)
    return {code: text for code, text in rows if text.strip()}


def reader_text(note: Note, texts: dict[str, str], evaluation=None) -> tuple[str, str]:
    """(the note's patient wording for the reader, the ``lang`` to mark it with: "" when it is
    in the page's language, "en" when it falls back to the English). ``evaluation`` (the
    note's) gives the counts the stored params leave out."""
    if reader_language() == "en":
        return note.text, ""
    template = texts.get(note.key, "")
    if template.strip():
        return render(template, localized_params(note.key, note.params, evaluation)), ""
    if note.text == FALLBACK_TEXT.patient_template:
        return gettext(FALLBACK_TEXT.patient_template), ""
    return note.text, "en"


# --- the params that are words, said in the reader's language ---------------------------------


def _medicines(count):
    return npgettext("notes", "%(count)d medicine", "%(count)d medicines", count)


def _groups(count):
    return npgettext("notes", "%(count)d group", "%(count)d groups", count)


def _add_ons(count):
    return npgettext("notes", "%(count)d add-on medicine", "%(count)d add-on medicines", count)


# criterion -> the count words' wording
_COUNT_WORDS = {"failed_trials": _medicines, "classes": _groups, "augmentation": _add_ons}
_COUNT_PARAMS = {
    "counted_words": "counted",
    "required_words": "required",
    "uncertain_words": "uncertain",
}


def severity_words():
    """The PHQ-9 ranges' words inside a sentence ("in the moderate range"), in the active
    language: the notes and the check-in's thank-you page both read them here."""
    return {
        "minimal": pgettext("PHQ-9 range, in a sentence", "minimal"),
        "mild": pgettext("PHQ-9 range, in a sentence", "mild"),
        "moderate": pgettext("PHQ-9 range, in a sentence", "moderate"),
        "moderately_severe": pgettext("PHQ-9 range, in a sentence", "moderately severe"),
        "severe": pgettext("PHQ-9 range, in a sentence", "severe"),
    }


def _outcome_words():
    return {
        "response": pgettext("notes", "you said “much better”"),
        "partial": pgettext("notes", "you said “somewhat better”"),
        "no_change": pgettext("notes", "you said “no real change”"),
        "worse": pgettext("notes", "you said “worse”"),
        "side_effects": pgettext("notes", "you said “stopped because of side effects”"),
        "ongoing": pgettext("notes", "you said “too early to tell”"),
        "unknown": pgettext("notes", "you were not sure how it worked"),
    }


def _list_words():
    """The words the rules join into lists (conditions, missing details, medicine groups)."""
    return {
        "psychosis": pgettext("notes", "psychosis"),
        "bipolar disorder": pgettext("notes", "bipolar disorder"),
        "alcohol or drug use in the last 90 days": pgettext(
            "notes", "alcohol or drug use in the last 90 days"
        ),
        "dose": pgettext("notes, a missing detail", "dose"),
        "weeks": pgettext("notes, a missing detail", "weeks"),
        "none yet": pgettext("notes, medicine groups", "none yet"),
        "SSRI": pgettext("medicine group", "SSRI"),
        "SNRI": pgettext("medicine group", "SNRI"),
        "TCA": pgettext("medicine group", "TCA"),
        "MAOI": pgettext("medicine group", "MAOI"),
        "NDRI": pgettext("medicine group", "NDRI"),
        "serotonin modulator": pgettext("medicine group", "serotonin modulator"),
        "NMDA antagonist (nasal)": pgettext("medicine group", "NMDA antagonist (nasal)"),
        "lithium": pgettext("medicine group", "lithium"),
        "second-generation antipsychotic": pgettext(
            "medicine group", "second-generation antipsychotic"
        ),
        "thyroid hormone (T3)": pgettext("medicine group", "thyroid hormone (T3)"),
    }


_LIST_SPLIT = re.compile(r", | and ")


def join_words(words: list[str]) -> str:
    """ "a, b and c" in the reader's language."""
    if len(words) <= 1:
        return "".join(words)
    return pgettext("notes, a list", "%(items)s and %(last)s") % {
        "items": ", ".join(words[:-1]),
        "last": words[-1],
    }


def _said_again(text: str, words: dict[str, str]) -> str:
    """A list the rules joined in English ("a, b and c"), each known item translated."""
    if not text:
        return text
    return join_words([words.get(item, item) for item in _LIST_SPLIT.split(text)])


def _breakdown(full: int, side: int) -> str:
    parts = []
    if full or not side:
        words = npgettext("notes", "%(count)d full trial", "%(count)d full trials", full)
        parts.append(words % {"count": full})
    if side:
        words = npgettext(
            "notes",
            "%(count)d stopped because of side effects",
            "%(count)d stopped because of side effects",
            side,
        )
        parts.append(words % {"count": side})
    return join_words(parts)


def localized_params(key: str, params: dict[str, Any], evaluation=None) -> dict[str, Any]:
    """A note's params with those that are words said in the reader's language, and those the
    rules render with but do not store (the counts in words, the breakdown) made again."""
    done = {name: gettext(NOT_GIVEN) if value is None else value for name, value in params.items()}
    criterion = key.split(".")[1] if key.startswith("criterion.") else ""
    words = _COUNT_WORDS.get(criterion)
    for name, number in _COUNT_PARAMS.items():
        if words and isinstance(params.get(number), int):
            done[name] = words(params[number]) % {"count": params[number]}
    if criterion == "failed_trials" and evaluation is not None:
        full = evaluation.adequate_failed_trials
        side = max(0, evaluation.counted_failed_trials - full)
        done.update(full_trials=full, side_effects=side, breakdown=_breakdown(full, side))
    if "severity_words" in params:
        done["severity_words"] = severity_words().get(params.get("severity"), "")
    if "outcome_words" in params:
        outcome = params.get("outcome")
        done["outcome_words"] = _outcome_words().get(outcome, params["outcome_words"])
    listed = _list_words()
    for name in ("conditions", "missing", "checked", "classes"):
        if isinstance(params.get(name), str):
            done[name] = _said_again(params[name], listed)
    return done

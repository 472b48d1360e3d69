"""Patient wording: note texts filled in, and the one finder of words that read as a decision.

``render(template, params)`` fills a staff-written note text's ``{placeholders}`` and never
raises. ``find_decision_words(text)`` returns the words and phrases that read as a decision
(empty: the text is fine); ``intake/wording.py`` turns a find into a form's validation error.

The portal explains and never decides: the care team decides with the patient. So patient
wording (note texts, "why we ask" lines, link texts, the shipped articles) must never say a
patient is or is not eligible, qualified, approved, accepted, rejected, denied or excluded.
The finder looks at the text after ``normalise``: Unicode NFKC, soft hyphens and zero-width
characters removed, and common Cyrillic and Greek look-alike letters folded to Latin, so
"eli\\u00adgible" or "\\u0435ligible" (a Cyrillic ie) are caught as "eligible". Matching is by
whole words and phrases, ignoring case and extra spaces.

Spanish patient wording is held to the same rule: "elegible", "aprobado/a", "rechazado/a",
"califica" / "no califica", "apto/a", "descalificado/a" and their forms are found, with or
without accents.

Deliberately allowed:
- "approve" and "approves" on their own: "your insurer must approve the treatment first"
  states what a plan does, not a verdict on the patient. "approved", "approval",
  "unapproved" and "pre-approved" are found (they read as an outcome: "You are approved").
- "accept" on its own ("we accept most plans"); only "accepted for" / "accepted into" /
  "you are accepted" are found.
- "candidates" in a general sentence ("good candidates for TMS are adults ...") is still
  found in patient wording: write "TMS is often used for ...". Staff-only text is not checked.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Mapping
from typing import Any

from .marking import gettext_noop

# Characters that hide inside a word without showing: soft hyphen, zero-width space/joiners,
# word joiner, invisible separators, byte-order mark, Mongolian vowel separator.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"), None
)

# Cyrillic and Greek letters that look like Latin ones (after NFKC, before casefolding), and
# the Latin letter each stands for, in the same order.
_LOOK_ALIKES = str.maketrans(
    (
        "\u0430\u0410\u0432\u0412\u0441\u0421\u0435\u0415\u0451\u0401\u04bb\u041d"
        "\u0456\u0406\u0457\u0407\u0458\u0408\u043a\u041a\u043c\u041c\u043e\u041e"
        "\u0440\u0420\u051b\u0455\u0405\u0442\u0422\u0443\u0423\u0445\u0425\u0501"
        "\u051d\u0261\u04cf\u04c0\u03b1\u0391\u0392\u03b5\u0395\u0396\u0397\u03b9"
        "\u0399\u03ba\u039a\u039c\u03bd\u039d\u03bf\u039f\u03c1\u03a1\u03c4\u03a4"
        "\u03c5\u03a5\u03c7\u03a7"
    ),
    "aAbBcCeEeEhHiIiIjJkKmMoOpPqsStTyYxXdwglIaABeEZHiIkKMvNoOpPtTuYxX",
)

# Whole words (any of their listed forms) and phrases; a space stands for any run of spaces.
_WORDS = (
    r"eligib(?:le|ility|ilities)",
    r"ineligib(?:le|ility)",
    r"non-?eligible",
    r"(?:dis)?qualif(?:y|ies|ied|ying|ication|ications)",
    r"(?:un|dis|pre-?)?approved",
    r"(?:dis)?approvals?",
    r"accepted (?:for|into|to)",
    r"(?:you are|you're|you have been|you've been) accepted",
    r"rejected|rejection|rejects?",
    r"denied|denial|denies|deny",
    r"excluded|exclusion|excludes?",
    r"not (?:a|an) (?:good |suitable |right )?candidate",
    r"(?:cannot|can ?not|can't) (?:have|get|receive|start) (?:tms|treatment|it)",
    r"(?:not|never) (?:allowed|permitted) to have",
    r"ruled out",
    r"candidates?",
    # Spanish (matched with accents folded away: "elegíble" and "aprobacion" are found too)
    r"(?:in|no )?elegib(?:le|les|ilidad)",
    r"(?:des|pre-?)?aprobad[oa]s?",
    r"(?:des)?aprobacion(?:es)?",
    r"rechazad[oa]s?|rechazo",
    r"(?:no )?(?:des)?califica(?:s|n|r|mos)?",
    r"(?:des)?calificad[oa]s?",
    r"(?:des)?calificacion(?:es)?",
    r"apt[oa]s?",
    r"candidat[oa]s?",
)
DECISION_WORDS = re.compile(
    r"(?<![\w-])(?:" + "|".join(w.replace(" ", r"\s+") for w in _WORDS) + r")(?![\w-])",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """The text as the guard reads it: NFKC, invisible characters removed, look-alike letters
    folded to Latin, curly apostrophes made straight."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = text.translate(_INVISIBLE).translate(_LOOK_ALIKES)
    return text.replace("\u2019", "'")


def find_decision_words(text: str) -> list[str]:
    """Every word or phrase in ``text`` that reads as a decision, as normalised (and with its
    accents taken off, so that Spanish is matched with or without them)."""
    return [match.group(0) for match in DECISION_WORDS.finditer(_without_accents(normalise(text)))]


def _without_accents(text: str) -> str:
    """``text`` with its combining marks taken off ("aprobación" -> "aprobacion")."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", plain)


def placeholders(text: str) -> set[str]:
    """The placeholders a wording uses, as written: ``{name}`` fields and ``%(name)s``-style
    ones (a Spanish wording must use exactly those of its English one)."""
    found = {"{" + name + "}" for name in template_fields(text)}
    return found | set(_PRINTF_FIELD.findall(str(text or "")))


_PRINTF_FIELD = re.compile(r"%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[sdif]")


# --- note texts -------------------------------------------------------------------------------


NOT_GIVEN = gettext_noop("not given")
_PARSER = string.Formatter()


def render(template: str, params: Mapping[str, Any]) -> str:
    """A note text with its ``{placeholders}`` filled in from ``params``, as ``str.format_map``
    would, except that it never raises: only plain ``{name}`` fields are filled; a field not
    in ``params`` or not a plain name (``{x.y}``, ``{x[0]}``) or with a format spec that does
    not fit its value stays as written, so staff see the typo; unbalanced braces leave the
    whole text as written; a None value reads "not given"."""
    parts = _parse(template)
    if parts is None:
        return template
    filled = [literal + _fill(name, spec, conv, params) for literal, name, spec, conv in parts]
    return "".join(filled)


# Parsed once per text: an evaluation renders about thirty notes from the same few dozen texts.
@functools.lru_cache(maxsize=1024)
def _parse(template: str) -> tuple[tuple[str, str | None, str, str | None], ...] | None:
    try:
        return tuple(_PARSER.parse(template))
    except ValueError:  # unbalanced braces
        return None


def _fill(name: str | None, spec: str, conversion: str | None, params: Mapping[str, Any]):
    if name is None:  # the text after the last field
        return ""
    if not name.isidentifier() or name not in params:
        return _as_written(name, spec, conversion)
    value = params[name]
    if value is None:  # an answer not given; never print "None"
        return NOT_GIVEN
    try:
        if conversion:
            value = _PARSER.convert_field(value, conversion)
        return format(value, spec)
    except (ValueError, TypeError):
        return _as_written(name, spec, conversion)


def _as_written(name: str, spec: str, conversion: str | None) -> str:
    conversion = f"!{conversion}" if conversion else ""
    return "{" + name + conversion + (f":{spec}" if spec else "") + "}"


def plain_number(value: float | None) -> float | int | None:
    """A number as people write it: 150.0 -> 150, 37.5 stays, 5.8999999 -> 5.9."""
    if isinstance(value, float):
        value = round(value, 2)
        if value.is_integer():
            return int(value)
    return value


def template_fields(template: str) -> set[str]:
    """The {placeholders} a template uses (for an admin form to check against NOTE_PARAMS)."""
    try:
        return {name for _, name, _, _ in _PARSER.parse(template) if name}
    except ValueError:
        return set()

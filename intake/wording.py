"""The one guard for patient wording: it finds words and phrases that read as a decision.

The portal explains and never decides: the care team decides with the patient. So patient
wording (note texts, "why we ask" lines, link texts, the shipped articles) must never say a
patient is or is not eligible, qualified, approved, accepted, rejected, denied or excluded.

``find_decision_words(text)`` returns what it found (empty: the text is fine);
``check_patient_wording(text)`` raises ``ValidationError`` naming the first one. Both look at
the text after ``normalise``: Unicode NFKC, soft hyphens and zero-width characters removed,
and common Cyrillic and Greek look-alike letters folded to Latin, so "eli\\u00adgible" or
"\\u0435ligible" (a Cyrillic ie) are caught as "eligible". Matching is by whole words and phrases,
ignoring case and extra spaces.

Deliberately allowed:
- "approve" and "approves" on their own: "your insurer must approve the treatment first"
  states what a plan does, not a verdict on the patient. "approved", "approval",
  "unapproved" and "pre-approved" are blocked (they read as an outcome: "You are approved").
- "accept" on its own ("we accept most plans"); only "accepted for" / "accepted into" /
  "you are accepted" are blocked.
- "candidates" in a general sentence ("good candidates for TMS are adults ...") is still
  blocked in patient wording: write "TMS is often used for ...". Staff-only text is not checked.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

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
    """Every word or phrase in ``text`` that reads as a decision, as normalised."""
    return [match.group(0) for match in DECISION_WORDS.finditer(normalise(text))]


def check_patient_wording(text: str, *, field: str | None = None) -> None:
    """Raise ``ValidationError`` (code ``forbidden_word``) if patient wording reads as a
    decision; with ``field``, the error belongs to that form field."""
    found = find_decision_words(text)
    if not found:
        return
    error = ValidationError(
        "Patients must not read “%(word)s”: say what we looked at and what looks in place or "
        "needs a closer look, and that the care team decides with the patient.",
        code="forbidden_word",
        params={"word": found[0]},
    )
    raise ValidationError({field: error}) if field else error


class _Guard:
    """``FORBIDDEN_WORDS.search(text)``: the first match in the normalised text, or None (the
    name and call the older regular expression had, for code that imports it)."""

    pattern = DECISION_WORDS

    def search(self, text):
        return DECISION_WORDS.search(normalise(text))

    def findall(self, text):
        return find_decision_words(text)


FORBIDDEN_WORDS = _Guard()

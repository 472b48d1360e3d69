import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..eligibility.vocabulary import (
    COUNTED,
    DUPLICATE,
    NOT_COUNTED,
    OUTCOME_STAFF_WORDS,
    SEVERITY_WORDS,
    UNCERTAIN,
)
from ..step_cache import why_we_ask as load_why_we_ask

register = template.Library()


@register.inclusion_tag("intake/includes/why_we_ask.html")
def why_we_ask(step_slug):
    """The "why we ask" line of an intake step (staff edit it in the admin)."""
    return {"help": load_why_we_ask(step_slug)}


@register.filter
def severity_words(severity):
    """ "moderately_severe" -> "moderately severe" (never the raw code)."""
    return SEVERITY_WORDS.get(severity or "", "")


@register.filter
def outcome_words(outcome):
    """A trial outcome in clinical words, for staff (never the raw code)."""
    return OUTCOME_STAFF_WORDS.get(outcome or "", outcome)


_STATUS_WORDS = {
    COUNTED: "counted",
    NOT_COUNTED: "not counted",
    UNCERTAIN: "to confirm",
    DUPLICATE: "listed twice; counted once",
}
_TOWARD_WORDS = {
    "failed_trials": "as a failed trial",
    "intolerance": "as an intolerance",
    "augmentation": "as a failed add-on",
}


@register.filter
def trial_status_words(trial):
    """How the rules counted a trial (a TrialResult), in words."""
    words = _STATUS_WORDS.get(trial.status, trial.status)
    if trial.status in (COUNTED, UNCERTAIN) and trial.counts_toward:
        words += " " + _TOWARD_WORDS.get(trial.counts_toward, "")
    return words.strip()


# The crisis numbers a note may name: staff edit the note texts, so the text is escaped first
# and only these known numbers become links (tap to call; "text 988" taps to a text message).
_CRISIS_NUMBERS = re.compile(
    r"\b(?P<call_or_text>call or text) (?P<both>988)\b"
    r"|\b(?P<text>text) (?P<sms>988)\b"
    r"|(?<![\w.,/-])(?P<tel>988|911)(?![\w/-])(?!\.\d)"
)


def _crisis_link(match):
    if match["both"]:
        return 'call or <a href="sms:988">text</a> <a href="tel:988">988</a>'
    if match["sms"]:
        return f'<a href="sms:988">{match["text"]} 988</a>'
    return f'<a href="tel:{match["tel"]}">{match["tel"]}</a>'


@register.filter
def phone_links(text):
    """A note's text, escaped, with 988 and 911 as tap-to-call (or text) links."""
    return mark_safe(_CRISIS_NUMBERS.sub(_crisis_link, escape(text)))  # noqa: S308 (escaped)

from django import template

from ..eligibility.vocabulary import (
    COUNTED,
    DUPLICATE,
    NOT_COUNTED,
    OUTCOME_STAFF_WORDS,
    SEVERITY_WORDS,
    UNCERTAIN,
)
from ..services.evaluation import why_we_ask as load_why_we_ask

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

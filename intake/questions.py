"""The intake's steps, in the order a patient meets them, and their titles.

The questions asked on them that the eligibility rules share (the PHQ-9, the safety
questions) are in ``intake.eligibility.vocabulary``.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    required: bool = True


STEPS = (
    Step("about-you", _("About you")),
    Step("depression", _("Your depression")),
    Step("phq9", _("How you have been feeling (PHQ-9)")),
    Step("antidepressants", _("Antidepressants you have tried")),
    Step("other-treatments", _("Other treatments")),
    Step("safety", _("Safety questions")),
    Step("consent", _("Consent and signature")),
    Step("review", _("Check and send"), required=False),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)
# The steps a patient saves answers on (review only shows them).
ANSWER_STEP_SLUGS = tuple(step.slug for step in STEPS if step.required)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def step_number(slug):
    return STEP_SLUGS.index(slug) + 1


def next_step(slug):
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None

"""What a patient reads about a closed intake: the outcome in plain words and the next step.

Never "eligible", "approved" or "rejected" (nor colours or icons that say so): the words say
what the clinic will do next. The care team's comment on closing stays with the care team.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Outcome


@dataclass(frozen=True)
class ClosedWords:
    outcome: str | Promise  # in the reader's language when shown
    next_step: str | Promise


OUTCOME_WORDS = {
    Outcome.CONSULTATION: ClosedWords(
        _("The clinic would like to meet you for a consultation."),
        _("The clinic will contact you to find a time. You can also call the clinic to set it up."),
    ),
    Outcome.REFERRED: ClosedWords(
        _("The clinic thinks another service may be a better fit for your care right now."),
        _("The clinic can tell you where and why. Please call the clinic to talk it over."),
    ),
    Outcome.NOT_PROCEEDING: ClosedWords(
        _("The clinic is not planning TMS with you for now."),
        _(
            "Your care team can talk with you about why, and about other kinds of care. Please "
            "call the clinic. If things change, you can start a new intake."
        ),
    ),
    Outcome.WITHDRAWN: ClosedWords(
        _("Your intake was closed because you asked to stop."),
        _("If you would like to try again, you can start a new intake at any time."),
    ),
    Outcome.DUPLICATE: ClosedWords(
        _("This intake was closed because it was a copy of another one or was made by mistake."),
        _("You do not need to do anything. If you are not sure, please call the clinic."),
    ),
}

UNKNOWN = ClosedWords(
    _("The clinic closed your intake."),
    _("Please call the clinic to hear what happens next."),
)


def closed_words(intake):
    return OUTCOME_WORDS.get(intake.outcome, UNKNOWN)

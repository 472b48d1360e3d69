"""The short timeline a patient sees on /intake/: what happened to their intake, in their words.
Staff comments on closing stay with the care team; only the clinic's request is shown."""

from django.utils.translation import gettext_lazy as _

from .models import Status

_WORDS = {
    Status.SUBMITTED: _("You sent your intake to the clinic."),
    Status.IN_REVIEW: _("The care team started looking at your answers."),
    Status.NEEDS_INFO: _("The clinic asked you for more information."),
    Status.CLOSED: _(
        "The clinic closed your intake. Please contact the clinic with any questions."
    ),
}


def patient_timeline(intake):
    """[{at, text, message}] oldest first; ``message`` only for the clinic's requests."""
    events = []
    for change in intake.status_changes.all():
        text = _WORDS.get(change.to_status)
        if text is None:
            continue
        if change.to_status == Status.SUBMITTED and change.from_status == Status.NEEDS_INFO:
            text = _("You sent your updated answers to the clinic.")
        message = change.message if change.to_status == Status.NEEDS_INFO else ""
        events.append({"at": change.at, "text": text, "message": message})
    return events

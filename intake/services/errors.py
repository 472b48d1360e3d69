"""The errors the intake's writes raise; ``str()`` of each is a message fit to show."""

from django.utils.translation import gettext


class IntakeError(Exception):
    """A write the intake's rules refuse; ``str()`` is a message fit for the patient."""


class StaleStepError(IntakeError):
    """The step was saved elsewhere (another tab or device) after this form was shown."""

    def __init__(self, current_version):
        self.current_version = current_version
        super().__init__(
            gettext(
                "These answers were changed in another window or on another device after you "
                "opened this page, so we did not save what you just sent. Below are the answers "
                "as they are saved now. Please check them, make your changes again and save."
            )
        )


class IntakeNotEditableError(IntakeError):
    def __init__(self):
        super().__init__(
            gettext("Your intake has been sent to the clinic, so it cannot be changed now.")
        )


class IntakeIncompleteError(IntakeError):
    def __init__(self, missing):
        self.missing = list(missing)
        super().__init__(gettext("Some steps still need answers before you can send your intake."))


class GuardianNeededError(IntakeIncompleteError):
    """A patient under 18 sends the intake before a parent or guardian gave their consent."""

    def __init__(self):
        IntakeError.__init__(
            self,
            gettext(
                "You are under 18, so a parent or guardian must give their consent before you "
                "send your intake. Please fill in the parent or guardian page."
            ),
        )
        self.missing = []


class InvalidTransitionError(IntakeError):
    """A status change the review rules refuse (or that lost a race with another one)."""

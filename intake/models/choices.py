"""Stored answer keys. Where the case JSON of docs/contract.md names a key, these are those
keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent to the clinic")
    IN_REVIEW = "in_review", _("Being reviewed")
    NEEDS_INFO = "needs_info", _("The clinic needs more information")
    CLOSED = "closed", _("Closed")


# The statuses in which the patient may change answers.
EDITABLE_STATUSES = (Status.DRAFT, Status.NEEDS_INFO)


class Outcome(models.TextChoices):
    CONSULTATION = "consultation", "Invited for a consultation"
    REFERRED = "referred", "Referred elsewhere"
    NOT_PROCEEDING = "not_proceeding", "Not going ahead for now"
    WITHDRAWN = "withdrawn", "Withdrawn by the patient"
    DUPLICATE = "duplicate", "Duplicate or made in error"


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class YesNoNotSure(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure")


class Diagnosis(models.TextChoices):
    MDD_SINGLE = "mdd_single", "Major depression, a single episode"
    MDD_RECURRENT = "mdd_recurrent", "Major depression that has come back (recurrent)"
    BIPOLAR = "bipolar", "Bipolar disorder"
    NOT_SURE = "not_sure", "I am not sure, or no one has told me"


class PastEpisodes(models.TextChoices):
    NONE = "none", "None: this is my first"
    ONE = "one", "One"
    TWO_TO_THREE = "two_to_three", "Two or three"
    FOUR_PLUS = "four_plus", "Four or more"
    NOT_SURE = "not_sure", "Not sure"


class PsychosisHistory(models.TextChoices):
    NO = "no", "No"
    PAST = "past", "Yes, in the past"
    CURRENT = "current", "Yes, now"


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class ContactTime(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")
    ANY = "any", _("Any time")


class TrialOutcome(models.TextChoices):
    RESPONSE = "response", _("Much better")
    PARTIAL = "partial", _("Somewhat better")
    NO_CHANGE = "no_change", _("No real change")
    WORSE = "worse", _("Worse")
    SIDE_EFFECTS = "side_effects", _("Stopped because of side effects")
    ONGOING = "ongoing", _("Too early to tell")


class TherapyKind(models.TextChoices):
    CBT = "cbt", _("Cognitive behavioral therapy (CBT)")
    IPT = "ipt", _("Interpersonal therapy (IPT)")
    DBT = "dbt", _("Dialectical behavior therapy (DBT)")
    BEHAVIOURAL_ACTIVATION = "behavioural_activation", _("Behavioral activation")
    PSYCHODYNAMIC = "psychodynamic", _("Psychodynamic therapy")
    COUNSELLING = "counselling", _("Supportive counseling")
    OTHER = "other", _("Another kind")
    NOT_SURE = "not_sure", _("Not sure")


class KetamineHistory(models.TextChoices):
    NO = "no", _("No")
    KETAMINE = "ketamine", _("Yes, ketamine")
    ESKETAMINE = "esketamine", _("Yes, esketamine (Spravato)")
    BOTH = "both", _("Yes, both")


MONTHS = (
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
)

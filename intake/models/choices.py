"""Stored answer keys. Where the case JSON of docs/contract.md names a key, these are those
keys."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Sent to the clinic"
    IN_REVIEW = "in_review", "Being reviewed"
    NEEDS_INFO = "needs_info", "The clinic needs more information"
    CLOSED = "closed", "Closed"


# The statuses in which the patient may change answers.
EDITABLE_STATUSES = (Status.DRAFT, Status.NEEDS_INFO)


class Outcome(models.TextChoices):
    CONSULTATION = "consultation", "Invited for a consultation"
    REFERRED = "referred", "Referred elsewhere"
    NOT_PROCEEDING = "not_proceeding", "Not going ahead for now"
    WITHDRAWN = "withdrawn", "Withdrawn by the patient"
    DUPLICATE = "duplicate", "Duplicate or made in error"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class YesNoNotSure(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


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
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"


class ContactTime(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"
    ANY = "any", "Any time"


class TrialOutcome(models.TextChoices):
    RESPONSE = "response", "Much better"
    PARTIAL = "partial", "Somewhat better"
    NO_CHANGE = "no_change", "No real change"
    WORSE = "worse", "Worse"
    SIDE_EFFECTS = "side_effects", "Stopped because of side effects"
    ONGOING = "ongoing", "Too early to tell"


class TherapyKind(models.TextChoices):
    CBT = "cbt", "Cognitive behavioral therapy (CBT)"
    IPT = "ipt", "Interpersonal therapy (IPT)"
    DBT = "dbt", "Dialectical behavior therapy (DBT)"
    BEHAVIOURAL_ACTIVATION = "behavioural_activation", "Behavioral activation"
    PSYCHODYNAMIC = "psychodynamic", "Psychodynamic therapy"
    COUNSELLING = "counselling", "Supportive counseling"
    OTHER = "other", "Another kind"
    NOT_SURE = "not_sure", "Not sure"


class KetamineHistory(models.TextChoices):
    NO = "no", "No"
    KETAMINE = "ketamine", "Yes, ketamine"
    ESKETAMINE = "esketamine", "Yes, esketamine (Spravato)"
    BOTH = "both", "Yes, both"


MONTHS = (
    (1, "January"),
    (2, "February"),
    (3, "March"),
    (4, "April"),
    (5, "May"),
    (6, "June"),
    (7, "July"),
    (8, "August"),
    (9, "September"),
    (10, "October"),
    (11, "November"),
    (12, "December"),
)

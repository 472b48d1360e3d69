from .answers import SafetyAnswer, Trial
from .audit import AccessEvent
from .choices import (
    EDITABLE_STATUSES,
    MONTHS,
    ContactMethod,
    ContactTime,
    Diagnosis,
    KetamineHistory,
    Outcome,
    PastEpisodes,
    PsychosisHistory,
    Status,
    TherapyKind,
    TrialOutcome,
    YesNo,
    YesNoNotSure,
)
from .consent import MAX_RELEASE_ROWS, Guardian, ReleaseRequest
from .documents import DOCUMENT_CONTENT_TYPES, Document
from .eligibility import CriteriaProfile, InsurancePlanMapping, NoteText, StepHelp
from .intake import PHQ9_FIELDS, STEP_FIELDS, Intake, IntakeQuerySet
from .medications import DrugClass, Medication, MedicationAlias
from .messages import MAX_MESSAGE_LENGTH, IntakeMessage
from .progress import IntakeStep, StatusChange
from .reevaluation import Reevaluation
from .rights import DeletionRequest
from .setup import SetupRecord
from .urgent import AlertDelivery, FollowUpContact, FollowUpOutcome, UrgentAlert

__all__ = [
    "DOCUMENT_CONTENT_TYPES",
    "EDITABLE_STATUSES",
    "MAX_MESSAGE_LENGTH",
    "MAX_RELEASE_ROWS",
    "MONTHS",
    "PHQ9_FIELDS",
    "STEP_FIELDS",
    "AccessEvent",
    "AlertDelivery",
    "ContactMethod",
    "ContactTime",
    "CriteriaProfile",
    "DeletionRequest",
    "Diagnosis",
    "Document",
    "DrugClass",
    "FollowUpContact",
    "FollowUpOutcome",
    "Guardian",
    "InsurancePlanMapping",
    "Intake",
    "IntakeMessage",
    "IntakeQuerySet",
    "IntakeStep",
    "KetamineHistory",
    "Medication",
    "MedicationAlias",
    "NoteText",
    "Outcome",
    "PastEpisodes",
    "PsychosisHistory",
    "Reevaluation",
    "ReleaseRequest",
    "SafetyAnswer",
    "SetupRecord",
    "Status",
    "StatusChange",
    "StepHelp",
    "TherapyKind",
    "Trial",
    "TrialOutcome",
    "UrgentAlert",
    "YesNo",
    "YesNoNotSure",
]

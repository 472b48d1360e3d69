from .consent import ConsentForm, GuardianForm, ReleaseFormSet, SignForm
from .documents import DocumentForm
from .messages import MessageForm
from .steps import (
    AboutYouForm,
    DepressionForm,
    OtherTreatmentsForm,
    Phq9Form,
    SafetyForm,
)
from .trials import MAX_TRIALS, NoAntidepressantsForm, TrialFormSet, check_trials_answer

__all__ = [
    "MAX_TRIALS",
    "AboutYouForm",
    "ConsentForm",
    "DepressionForm",
    "DocumentForm",
    "GuardianForm",
    "MessageForm",
    "NoAntidepressantsForm",
    "OtherTreatmentsForm",
    "Phq9Form",
    "ReleaseFormSet",
    "SafetyForm",
    "SignForm",
    "TrialFormSet",
    "check_trials_answer",
]

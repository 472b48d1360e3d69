"""The notes the rules can emit: each note's key, its level, and the params its text may use
(the admin checks a note text's placeholders against them). Pure Python, as the rules are."""

from .vocabulary import CRITERION_LEVEL, SAFETY_CAUTION, SAFETY_STOP

# key -> (level, params). The key is what a note text is looked up by; for criteria it is
# "criterion.<name>.<met|unmet|unknown>" while the note's JSON "code" is "criterion.<name>".

_TRIAL_PARAMS = (
    "number",
    "medication",
    "generic",
    "drug_class",
    "dose",
    "min_dose",
    "max_dose",
    "weeks",
    "min_weeks",
    "outcome",
    "outcome_words",
    "outcome_staff",
    "missing",
)
_CRITERION_PARAMS = {
    "age": ("age", "min_age"),
    "severity": ("total", "severity", "severity_words", "required"),
    "failed_trials": (
        "counted",
        "required",
        "uncertain",
        "counted_words",
        "required_words",
        "uncertain_words",
        "full_trials",
        "side_effects",
        "breakdown",
    ),
    "classes": (
        "counted",
        "required",
        "classes",
        "uncertain",
        "counted_words",
        "required_words",
    ),
    "augmentation": (
        "counted",
        "required",
        "uncertain",
        "counted_words",
        "required_words",
        "uncertain_words",
    ),
    "psychotherapy": ("min_weeks",),
    "exclusions": ("conditions", "missing", "checked"),
}

NOTE_SPECS: dict[str, tuple[str, tuple[str, ...]]] = {
    "urgent.item9": ("urgent", ("item9_score",)),
    "safety.unanswered": ("caution", ()),
    **{f"safety.{key}": ("stop", ()) for key in SAFETY_STOP},
    **{f"safety.{key}": ("caution", ()) for key in SAFETY_CAUTION},
    **{
        f"criterion.{name}.{value}": (CRITERION_LEVEL[value], params)
        for name, params in _CRITERION_PARAMS.items()
        for value in ("met", "unmet", "unknown")
    },
    "flag.psychosis": ("caution", ()),
    "flag.bipolar": ("caution", ()),
    "flag.substance_use": ("caution", ()),
    "diagnosis.not_sure": ("caution", ()),
    "phq9.score": ("info", ("total", "severity", "severity_words")),
    "phq9.missing": ("caution", ()),
    # per trial: why it did or did not count
    "trial.counted": ("info", _TRIAL_PARAMS),
    "trial.counted_augmentation": ("info", _TRIAL_PARAMS),
    "trial.intolerance_counted": ("info", _TRIAL_PARAMS),
    "trial.intolerance_not_counted": ("info", _TRIAL_PARAMS),
    "trial.augmentation_side_effects": ("info", _TRIAL_PARAMS),
    "trial.duplicate": ("info", _TRIAL_PARAMS),
    "trial.response": ("info", _TRIAL_PARAMS),
    "trial.ongoing": ("info", _TRIAL_PARAMS),
    "trial.low_dose": ("info", _TRIAL_PARAMS),
    "trial.too_short": ("info", _TRIAL_PARAMS),
    "trial.low_dose_short": ("info", _TRIAL_PARAMS),
    "trial.prior_episode": ("info", _TRIAL_PARAMS),
    "trial.prior_episode_only": ("caution", _TRIAL_PARAMS),
    "trial.unknown_medication": ("caution", _TRIAL_PARAMS),
    "trial.no_dose_threshold": ("caution", _TRIAL_PARAMS),
    "trial.missing_details": ("caution", _TRIAL_PARAMS),
    "trial.episode_unsure": ("caution", _TRIAL_PARAMS),
    "trial.outcome_unknown": ("caution", _TRIAL_PARAMS),
    "trial.dose_above_max": ("caution", _TRIAL_PARAMS),
    "prior_tms.response": ("info", ("improvement_pct",)),
    "prior_tms.had": ("info", ("improvement_pct",)),
    "prior_ect": ("info", ()),
    "info.schedule": ("info", ()),
    "info.how_it_works": ("info", ()),
    "info.care_team": ("info", ()),
}
NOTE_KEYS = tuple(NOTE_SPECS)
NOTE_PARAMS = {key: params for key, (_, params) in NOTE_SPECS.items()}

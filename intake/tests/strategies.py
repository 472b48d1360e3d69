"""Hypothesis strategies for valid cases and profiles, shared by the eligibility tests."""

from hypothesis import strategies as st

from intake.eligibility import (
    OUTCOMES,
    SAFETY_KEYS,
    Case,
    Ect,
    PriorTms,
    Profile,
    Psychotherapy,
    Trial,
)
from intake.setup.files import build_catalogue, build_profiles

CATALOGUE = build_catalogue()
PROFILES = build_profiles()

_names = [m.generic_name for m in CATALOGUE] + [a for m in CATALOGUE for a in m.aliases]
medication_names = st.one_of(
    st.sampled_from(_names),
    st.sampled_from(_names).map(str.upper),
    st.text(min_size=1, max_size=20).filter(str.strip),
)
optional_bool = st.sampled_from([True, False, None])
numbers = st.one_of(st.none(), st.integers(0, 5000), st.floats(0, 5000, allow_nan=False))
weeks = st.one_of(st.none(), st.integers(0, 520), st.floats(0, 520, allow_nan=False))
trials = st.builds(
    Trial,
    medication=medication_names,
    daily_dose_mg=numbers,
    weeks=weeks,
    outcome=st.sampled_from(OUTCOMES),
    current_episode=optional_bool,
    augmentation=st.booleans(),
)
cases = st.builds(
    Case,
    age=st.one_of(st.none(), st.integers(0, 120)),
    phq9=st.one_of(
        st.none(),
        st.tuples(*[st.integers(0, 3)] * 9),
        st.tuples(*[st.one_of(st.none(), st.integers(0, 3))] * 9),
    ),
    diagnosis=st.sampled_from(["mdd_single", "mdd_recurrent", "bipolar", "not_sure", None]),
    psychosis=optional_bool,
    substance_use_90d=optional_bool,
    trials=st.one_of(st.none(), st.lists(trials, max_size=8).map(tuple)),
    psychotherapy=st.one_of(
        st.none(),
        st.lists(
            st.builds(
                Psychotherapy,
                kind=st.sampled_from(["cbt", "ipt", "other"]),
                weeks=weeks,
                outcome=st.sampled_from(OUTCOMES),
            ),
            max_size=3,
        ).map(tuple),
    ),
    ect=st.one_of(st.none(), st.builds(Ect, had=optional_bool)),
    prior_tms=st.one_of(
        st.none(),
        st.builds(
            PriorTms, had=optional_bool, improvement_pct=st.one_of(st.none(), st.floats(0, 100))
        ),
    ),
    safety_yes=st.one_of(st.none(), st.lists(st.sampled_from(SAFETY_KEYS), unique=True).map(tuple)),
)
profiles = st.one_of(
    st.sampled_from(list(PROFILES.values())),
    st.builds(
        Profile,
        key=st.just("random"),
        name=st.just("random"),
        min_age=st.one_of(st.none(), st.integers(0, 30)),
        min_failed_trials=st.integers(0, 5),
        min_classes=st.integers(0, 4),
        min_trial_weeks=st.integers(0, 12),
        intolerance_counts=st.booleans(),
        min_augmentation_failures=st.integers(0, 3),
        psychotherapy_required=st.booleans(),
        min_psychotherapy_weeks=st.one_of(st.none(), st.integers(0, 12)),
        min_phq9_total=st.one_of(st.none(), st.integers(0, 27)),
        exclude_psychosis=st.booleans(),
        exclude_bipolar=st.booleans(),
        exclude_substance_use=st.booleans(),
    ),
)

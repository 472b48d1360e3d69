"""Evaluations per second over 10,000 generated cases (fixed seed). Prints figures, asserts
nothing about time. Pure: needs no database or Django settings.

    .venv/bin/python -m intake.bench_eligibility [--cases N] [--seed S]
"""

import argparse
import random
import time

from intake.eligibility import (
    DIAGNOSES,
    OUTCOMES,
    SAFETY_KEYS,
    Case,
    Ect,
    PriorTms,
    Psychotherapy,
    Trial,
    evaluate,
)
from intake.setup.files import build_catalogue, build_note_texts, build_profiles


def generate_cases(count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    catalogue = build_catalogue()
    names = [name for med in catalogue for name in (med.generic_name, *med.aliases)]
    names += ["Zolofft", "unknown pill", "st john's wort"]
    cases = []
    for _ in range(count):
        trials = tuple(
            Trial(
                medication=rng.choice(names),
                daily_dose_mg=rng.choice(
                    [None, rng.choice([5, 10, 20, 25, 50, 75, 100, 150, 300])]
                ),
                weeks=rng.choice([None, rng.randint(1, 16)]),
                outcome=rng.choice(OUTCOMES),
                current_episode=rng.choice([True, True, True, False, None]),
                augmentation=rng.random() < 0.15,
            )
            for _ in range(rng.randint(0, 6))
        )
        cases.append(
            Case(
                age=rng.choice([None, rng.randint(12, 90)]),
                phq9=rng.choice([None, tuple(rng.randint(0, 3) for _ in range(9))]),
                diagnosis=rng.choice([*DIAGNOSES, None]),
                psychosis=rng.choice([False, False, True, None]),
                substance_use_90d=rng.choice([False, False, True, None]),
                trials=trials,
                psychotherapy=tuple(
                    Psychotherapy(
                        "cbt", rng.choice([None, rng.randint(1, 30)]), rng.choice(OUTCOMES)
                    )
                    for _ in range(rng.randint(0, 2))
                ),
                ect=Ect(had=rng.random() < 0.1),
                prior_tms=PriorTms(
                    had=rng.random() < 0.1, improvement_pct=rng.choice([None, 30, 60])
                ),
                safety_yes=tuple(rng.sample(SAFETY_KEYS, rng.choice([0, 0, 0, 1, 2]))),
            )
        )
    return cases


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)

    catalogue, profiles, texts = build_catalogue(), build_profiles(), build_note_texts()
    cases = generate_cases(args.cases, args.seed)
    for key, profile in profiles.items():
        started = time.perf_counter()
        notes = 0
        for case in cases:
            notes += len(evaluate(case, profile, catalogue, texts).notes)
        elapsed = time.perf_counter() - started
        print(
            f"eligibility {key}: {len(cases)} evaluations in {elapsed:.2f} s, "
            f"{len(cases) / elapsed:,.0f} evaluations/s, {notes / len(cases):.1f} notes each"
        )


if __name__ == "__main__":
    main()

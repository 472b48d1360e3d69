"""What each simulated patient of `make load` answers (load/locustfile.py sends it) and what
its sent intake must then hold (load/run.py checks it in the database). Plain Python: no locust,
no Django, so both can import it."""

from decimal import Decimal

# The portal's own list (the pure rules package imports neither Django nor the rest of the
# project, so locust's process may import it too).
from intake.eligibility.vocabulary import SAFETY_KEYS

STEPS = ("about-you", "depression", "phq9", "antidepressants", "other-treatments", "safety")
MEDICINES = (
    ("sertraline", "150", "8"),
    ("Wellbutrin XL", "300", "6"),
    ("escitalopram", "20", "10"),
)
PHQ9 = (3, 3, 2, 2, 1, 2, 2, 1, 0)
PHONE = "555-123-4567"
DIAGNOSIS = "mdd_recurrent"
INSURANCE_PLAN = "Aetna Choice POS II"


def expected_intake(full_name):
    """The columns, trials and safety answers a sent intake must hold for this patient."""
    return {
        "status": "submitted",
        "legal_name": full_name,
        "signed_name": full_name,
        "phone": PHONE,
        "diagnosis": DIAGNOSIS,
        "insurance_plan": INSURANCE_PLAN,
        "phq9": list(PHQ9),
        "trials": [(name, Decimal(dose), int(weeks)) for name, dose, weeks in MEDICINES],
        "safety": dict.fromkeys(SAFETY_KEYS, "no"),
        "steps_completed": len(STEPS) + 1,  # and consent
        "sent_changes": 1,
        "submitted_and_signed": True,
    }

"""The course's set-up data (treatment/setup/*.json), loaded by ``manage.py
load_clinic_setup`` with the intake's: the protocols offered and what counts as a response and
a remission. Registered by ``TreatmentConfig.ready``."""

from pathlib import Path

from intake.setup import loader

from ..models import OutcomeDefinition, Protocol

FOLDER = Path(__file__).resolve().parent

PROTOCOL_FIELDS = frozenset(
    {
        "name",
        "description",
        "default_target",
        "default_pulses",
        "default_intensity_pct_mt",
        "default_sessions",
        "source",
        "active",
    }
)
OUTCOME_FIELDS = frozenset({"key", "response_drop_percent", "remission_below", "source"})


class Protocols(loader.Kind):
    name, label, model, key_field = "protocols", "protocol", Protocol, "name"


class OutcomeDefinitions(loader.Kind):
    """One row, named "phq9" in the file (the model keeps a single row)."""

    name, label, model, key_field = "outcomes", "outcome definition", OutcomeDefinition, "key"

    def fields(self):
        return sorted(OUTCOME_FIELDS - {"key"})

    def existing(self):
        row = OutcomeDefinition.objects.order_by("pk").first()
        return {"phq9": row} if row else {}


def register():
    loader.register(Protocols(), ("protocols.json", "protocols", "name", PROTOCOL_FIELDS), FOLDER)
    loader.register(
        OutcomeDefinitions(), ("outcomes.json", "outcomes", "key", OUTCOME_FIELDS), FOLDER
    )


def bundled_outcome_definition():
    """The outcome definition as the set-up file gives it, with its source."""
    from intake.setup import files

    return files.read("outcomes")[1][0]

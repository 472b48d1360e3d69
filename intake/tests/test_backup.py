"""A backup of the patient data restores to the same answers: dumpdata with natural keys, an
emptied database, loaddata (README "Operations" documents pg_dump for the whole database)."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder

from intake.models import Intake, SafetyAnswer, StatusChange, Trial
from intake.services import rights
from intake.services.steps import submit_intake

pytestmark = pytest.mark.django_db

MODELS = [
    "portal.user",
    "intake.intake",
    "intake.intakestep",
    "intake.trial",
    "intake.safetyanswer",
    "intake.statuschange",
]


class _ToTheMillisecond(DjangoJSONEncoder):
    """The JSON backup keeps times to the millisecond: 12:00:00.000456 comes back as 12:00:00,
    which DjangoJSONEncoder writes without a fraction. Compare both sides at that precision."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            o = o.replace(microsecond=o.microsecond // 1000 * 1000)
        return super().default(o)


def _answers(user):
    """The patient's data as JSON values, times to the millisecond."""
    data = rights.patient_data(user)
    data.pop("exported_at")
    return json.loads(_ToTheMillisecond().encode(data))


def test_an_intake_round_trips_through_dumpdata_and_loaddata(complete_intake, tmp_path):
    submit_intake(intake=complete_intake)
    patient = complete_intake.patient
    before = _answers(patient)
    assert before["intakes"][0]["trials"]
    assert before["intakes"][0]["safety_answers"]

    backup = tmp_path / "backup.json"
    call_command("dumpdata", *MODELS, natural_foreign=True, indent=2, output=str(backup))

    get_user_model().objects.all().delete()  # the intakes and their parts go with it
    for model in (Intake, Trial, SafetyAnswer, StatusChange):
        assert not model.objects.exists()

    call_command("loaddata", str(backup), verbosity=0)
    restored = get_user_model().objects.get(email="alice@example.com")
    assert restored.check_password("correct horse battery")
    assert _answers(restored) == before

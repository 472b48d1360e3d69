"""The course's set-up data loads with the clinic's (manage.py load_clinic_setup)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from treatment.models import OutcomeDefinition, Protocol
from treatment.setup.kinds import FOLDER

pytestmark = pytest.mark.django_db


def _load():
    out = StringIO()
    call_command("load_clinic_setup", stdout=out)
    return out.getvalue()


def test_the_protocols_and_the_outcome_definition_load_with_their_sources():
    _load()
    names = json.loads((FOLDER / "protocols.json").read_text())["protocols"]
    assert set(Protocol.objects.values_list("name", flat=True)) == {row["name"] for row in names}
    standard = Protocol.objects.get(name="10 Hz left DLPFC")
    assert (standard.default_pulses, standard.default_intensity_pct_mt) == (3000, 120)
    assert "O'Reardon 2007" in standard.source
    rule = OutcomeDefinition.objects.get()
    assert (rule.response_drop_percent, rule.remission_below) == (50, 5)
    assert "Kroenke 2001" in rule.source


def test_a_threshold_staff_changed_is_kept_by_the_next_load():
    _load()
    OutcomeDefinition.objects.update(remission_below=8)
    output = _load()
    assert OutcomeDefinition.objects.get().remission_below == 8
    assert "Kept (edited or deleted by staff since it was loaded, left as it is): " in output
    assert "outcome definition phq9" in output
    assert OutcomeDefinition.objects.count() == 1

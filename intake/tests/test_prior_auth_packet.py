"""The prior-authorization packet's request: the clinic's letterhead with its NPI, the diagnosis
category, the CPT codes of TMS and the number of sessions the clinic asks for."""

import pytest
from django.urls import reverse

from portal.models import Clinic

from .factories import submitted_intake

pytestmark = pytest.mark.django_db


def _packet(client, intake):
    response = client.get(reverse("admin:intake_intake_print", args=[intake.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _clinic(**fields):
    Clinic(
        name="Lakeside TMS",
        phone="(555) 010-2000",
        address="1 Lake Road\nSpringfield",
        npi="1234567893",
        tax_id="12-3456789",
        **fields,
    ).save()


def test_the_packet_has_the_letterhead_npi_codes_and_sessions(reviewer_client):
    _clinic(sessions_requested=30)
    html = _packet(reviewer_client, submitted_intake(diagnosis="mdd_recurrent"))
    for text in (
        "Lakeside TMS",
        "1 Lake Road<br>Springfield",
        "Phone: (555) 010-2000",
        "NPI: 1234567893",
        "Tax id: 12-3456789",
        "Treatment requested",
        '<span class="diagnosis-code">F33.____</span> Major depressive disorder, recurrent',
        "The treating clinician completes the code",
        "<strong>90867</strong>",
        "<strong>90868</strong>",
        "<strong>90869</strong>",
        '<dd class="sessions-requested">30</dd>',
    ):
        assert text in html, text
    assert "NPI is not set" not in html


def test_a_single_episode_is_f32(reviewer_client):
    _clinic()
    html = _packet(reviewer_client, submitted_intake(diagnosis="mdd_single"))
    assert "F32.____</span> Major depressive disorder, single episode" in html
    assert '<dd class="sessions-requested">36</dd>' in html  # the usual course


@pytest.mark.parametrize("diagnosis", ["not_sure", "bipolar", ""])
def test_no_code_is_guessed_from_another_answer(reviewer_client, diagnosis):
    _clinic()
    html = _packet(reviewer_client, submitted_intake(diagnosis=diagnosis))
    assert "F32" not in html
    assert "F33" not in html
    assert '<span class="write-in">______________</span>' in html
    assert "The treating clinician writes the code" in html


def test_without_an_npi_the_packet_leaves_a_line_and_tells_staff(reviewer_client):
    Clinic(name="Lakeside TMS").save()
    html = _packet(reviewer_client, submitted_intake())
    assert "NPI: ______________" in html
    assert '<p class="no-print packet-hint">' in html
    assert "NPI is not set" in html

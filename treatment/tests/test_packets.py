"""The extension request packet: what a payer needs to extend the authorization, printed from
the course's admin page by reviewers, each print recorded."""

from datetime import date

import pytest
from django.urls import reverse

from intake.models import AccessEvent
from intake.tests.factories import submitted_intake
from portal.models import Clinic
from treatment.models import TreatmentSession
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db


def _url(course):
    return reverse("admin:treatment_course_extension_packet", args=[course.pk])


@pytest.fixture
def course(reviewer):
    Clinic(
        name="Lakeside TMS",
        phone="(555) 010-2000",
        address="1 Lake Road\nSpringfield",
        npi="1234567893",
    ).save()
    intake = submitted_intake(
        legal_name="Paula Packet", date_of_birth=date(1980, 3, 27), insurance_plan="Aetna PPO"
    )
    return course_of(intake, approved=30, extension=6, sessions=4, scores=(20, 14, 9))


def test_the_packet_has_what_a_payer_asks_for(reviewer_client, course):
    response = reviewer_client.get(_url(course))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Lakeside TMS",
        "1 Lake Road<br>Springfield",
        "Phone: (555) 010-2000",
        "NPI: 1234567893",
        "Request to extend a TMS authorization",
        "Paula Packet",
        "March 27, 1980",
        "Aetna PPO",
        '<span class="diagnosis-code">F33.____</span> Major depressive disorder, recurrent',
        "<td>Sample Health</td><td>PA-1001</td><td>30 approved</td><td>Nov. 2, 2026</td>",
        "<td>PA-1001-X</td><td>6 more</td>",
        "<dt>Approved, with extensions</dt><dd>36</dd>",
        "<dt>Used</dt><dd>4</dd>",
        "<dt>Remaining</dt><dd>32</dd>",
        "Your score went from 20 to 9",  # the course chart's sentence
        "-11 points (55% lower than the baseline)",
        "<dt>Response</dt><dd>Yes",
        "<dt>Remission</dt><dd>No",
        "<td>1</td><td>Nov. 2, 2026</td><td>90867</td>",
        "<td>4</td><td>Nov. 5, 2026</td><td>90868</td>",
        "Clinician's attestation",
        "medically necessary",
        "Signature: ______________________________ Date: ____________ NPI: ______________",
    ):
        assert text in html, text
    assert "<script>" not in html
    assert 'style="' not in html
    event = AccessEvent.objects.get()
    assert (event.action, event.intake_id) == ("print", course.intake_id)
    assert event.detail == f"Extension request packet of TMS course {course.pk}"


def test_the_packet_asks_for_the_sessions_still_planned(reviewer_client, reviewer):
    course = course_of(submitted_intake(), planned=36, approved=30, sessions=2)
    course.clinician = reviewer
    course.save()
    html = reviewer_client.get(_url(course)).content.decode()
    assert '<dd class="sessions-requested">6 <small>(to reach the 36 planned)</small>' in html
    assert "Treating clinician: Rita Reviewer" in html


def test_sessions_past_the_authorization_are_said_so(reviewer_client):
    course = course_of(submitted_intake(), approved=2, sessions=3, planned=2)
    TreatmentSession.objects.filter(course=course, number=3).update(
        beyond_authorization_reason="Waiting for the extension"
    )
    html = reviewer_client.get(_url(course)).content.decode()
    assert "<dt>Remaining</dt><dd>0 <strong>(1 session past the authorization)</strong>" in html
    assert '<span class="write-in">________</span>' in html  # nothing planned is left


def test_a_course_with_one_check_in_shows_no_change_yet(reviewer_client):
    course = course_of(submitted_intake(), scores=(18,))
    html = reviewer_client.get(_url(course)).content.decode()
    assert "no second check-in yet" in html
    assert "<dt>Response</dt>" not in html


def test_a_content_editor_cannot_print_it(editor_client):
    course = course_of(submitted_intake())
    assert editor_client.get(_url(course)).status_code == 403
    assert not AccessEvent.objects.exists()


def test_a_missing_or_malformed_course_is_a_404(reviewer_client):
    for object_id in ("999999", "abc"):
        url = reverse("admin:treatment_course_extension_packet", args=[object_id])
        assert reviewer_client.get(url).status_code == 404
    assert not AccessEvent.objects.exists()


def test_a_post_is_refused(reviewer_client):
    course = course_of(submitted_intake())
    assert reviewer_client.post(_url(course)).status_code == 405


def test_the_course_page_links_the_packet(reviewer_client):
    course = course_of(submitted_intake())
    html = reviewer_client.get(
        reverse("admin:treatment_course_change", args=[course.pk])
    ).content.decode()
    assert f'href="{_url(course)}"' in html


def test_the_packet_costs_a_bounded_number_of_queries(
    reviewer_client, django_assert_max_num_queries
):
    course = course_of(submitted_intake(), sessions=20, extension=6, scores=(20, 15, 12, 9))
    with django_assert_max_num_queries(16):
        assert reviewer_client.get(_url(course)).status_code == 200

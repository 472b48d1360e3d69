import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import IntakeFactory, SafetyAnswerFactory, TrialFactory

pytestmark = pytest.mark.django_db


def test_staff_see_intakes_and_can_filter_the_urgent_ones(admin_client):
    urgent = IntakeFactory(
        legal_name="Una Urgent", urgent=True, urgent_flagged_at=timezone.now(), phq9_9=2
    )
    IntakeFactory(legal_name="Calm Carl")
    url = reverse("admin:intake_intake_changelist")
    html = admin_client.get(url).content.decode()
    assert "Una Urgent" in html
    assert "Calm Carl" in html
    html = admin_client.get(url, {"urgent__exact": "1"}).content.decode()
    assert "Una Urgent" in html
    assert "Calm Carl" not in html
    assert urgent.patient.email in admin_client.get(url, {"q": "Una"}).content.decode()


def test_the_changelist_does_not_query_per_row(admin_client, django_assert_max_num_queries):
    for _ in range(15):
        IntakeFactory()
    # The page's own (session, user, profiles, count, rows, clinic, urgent count ...) and one
    # for the "yes" safety answers of the rows shown.
    with django_assert_max_num_queries(13):
        admin_client.get(reverse("admin:intake_intake_changelist"))


def test_staff_can_read_an_intake_with_its_trials_but_not_edit_answers(admin_client):
    intake = IntakeFactory(legal_name="Alice Example", phq9_1=1)
    TrialFactory(intake=intake, medication="Zoloft")
    url = reverse("admin:intake_intake_change", args=[intake.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zoloft" in html
    assert 'name="legal_name"' not in html  # read-only
    assert admin_client.post(url, {"legal_name": "Changed"}).status_code == 403
    intake.refresh_from_db()
    assert intake.legal_name == "Alice Example"


def test_the_intake_page_shows_each_answer_once(admin_client):
    """The review panel lists the answers step by step; no second copy of them further down."""
    intake = IntakeFactory(
        legal_name="Alice Example",
        referring_clinician="Dr Quillfeather",
        hospital_details="Stayed at Larkspur Ward",
        phq9_1=1,
    )
    TrialFactory(intake=intake, medication="Zoloft", side_effects="Zebrafish dreams")
    SafetyAnswerFactory(intake=intake, answer="yes", details="Cochlear implant left ear")
    html = admin_client.get(reverse("admin:intake_intake_change", args=[intake.pk])).content
    html = html.decode()
    for answer in (
        "Dr Quillfeather",
        "Stayed at Larkspur Ward",
        "Zebrafish dreams",
        "Cochlear implant left ear",
    ):
        assert html.count(answer) == 1, answer
    assert "Answers, step by step" in html


def test_staff_cannot_add_an_intake_from_the_admin(admin_client):
    assert admin_client.get(reverse("admin:intake_intake_add")).status_code == 403

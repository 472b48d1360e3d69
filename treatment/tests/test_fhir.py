"""The course as FHIR: a Bundle that fhir.resources R4B validates, with the CarePlan, one
Procedure per session (CPT code, date) and one Observation per check-in (LOINC 44261-6, the
item answers, date); downloaded from the course admin by reviewers, audited."""

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from intake.models import AccessEvent
from intake.tests.factories import submitted_intake
from treatment.fhir import CPT, course_bundle_json
from treatment.models import CheckIn, Course
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db

ANSWERS = [2, 2, 1, 1, 1, 1, 1, 0, 1]  # total 10, item 9 "Several days"


@pytest.fixture
def course(patient):
    course = course_of(submitted_intake(patient=patient), sessions=3, scores=(19, 12), extension=6)
    CheckIn.objects.filter(course=course, total=12).update(
        answers=ANSWERS, total=10, item9=1, difficulty=1
    )
    return course


def _of(bundle, kind):
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


def test_the_bundle_is_valid_r4b_with_the_plan_sessions_and_check_ins(course):
    bundle = Bundle.model_validate_json(course_bundle_json(course))  # raises if not valid
    assert bundle.type == "collection"
    (patient,) = _of(bundle, "Patient")
    assert patient.telecom[0].value == "alice@example.com"
    patient_url = bundle.entry[0].fullUrl
    (plan,) = _of(bundle, "CarePlan")
    plan_url = bundle.entry[1].fullUrl
    assert (plan.status, plan.intent, plan.subject.reference) == ("active", "plan", patient_url)
    assert plan.period.start.isoformat() == "2026-11-02"
    assert plan.activity[0].detail.scheduledString == "36 sessions, 5 a week"
    assert "PA-1001 (Sample Health): 30 sessions" in plan.note[0].text
    assert "Extension PA-1001-X: 6 sessions" in plan.note[0].text

    procedures = _of(bundle, "Procedure")
    assert [p.code.coding[0].code for p in procedures] == ["90867", "90868", "90868"]
    assert {p.code.coding[0].system for p in procedures} == {CPT}
    assert [p.performedDateTime.isoformat() for p in procedures] == [
        "2026-11-02",
        "2026-11-03",
        "2026-11-04",
    ]
    assert procedures[0].code.text == "TMS session 1 of 36"
    assert {p.basedOn[0].reference for p in procedures} == {plan_url}
    assert len(plan.activity[0].outcomeReference) == 3


def test_each_check_in_is_a_dated_phq9_total_with_its_item_answers(course):
    bundle = Bundle.model_validate_json(course_bundle_json(course))
    baseline, later = _of(bundle, "Observation")
    for observation in (baseline, later):
        assert observation.code.coding[0].code == "44261-6"
        assert observation.code.coding[0].system == "http://loinc.org"
    assert (baseline.valueQuantity.value, later.valueQuantity.value) == (19, 10)
    assert baseline.effectiveDateTime.isoformat() == "2026-11-02"
    assert later.effectiveDateTime.isoformat() == "2026-11-09"
    items = {c.code.coding[0].code: c.valueCodeableConcept.coding[0] for c in later.component}
    assert items["44250-9"].code == "LA6570-1"  # item 1: "More than half the days"
    assert items["44260-8"].code == "LA6569-3"  # item 9: "Several days"
    assert items["69722-7"].code == "LA6573-5"  # difficulty: "Somewhat difficult"
    assert len(later.component) == 10
    # a check-in with no item answers still tells item 9
    assert [c.code.coding[0].code for c in baseline.component] == ["44260-8"]


def test_a_stopped_course_is_a_revoked_plan_with_its_reason(course):
    Course.objects.filter(pk=course.pk).update(
        status=Course.Status.STOPPED, stopped_reason="Moved away", ended_on="2026-11-20"
    )
    bundle = Bundle.model_validate_json(course_bundle_json(course))
    (plan,) = _of(bundle, "CarePlan")
    assert plan.status == "revoked"
    assert plan.activity[0].detail.statusReason.text == "Moved away"
    assert plan.period.end.isoformat() == "2026-11-20"


def test_reviewers_download_it_from_the_course_admin_and_it_is_recorded(reviewer_client, course):
    response = reviewer_client.get(reverse("admin:treatment_course_fhir", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert f'filename="course-{course.pk}.fhir.json"' in response["Content-Disposition"]
    Bundle.model_validate_json(response.content)
    event = AccessEvent.objects.get()
    assert (event.action, event.intake_id) == ("fhir", course.intake_id)
    assert event.detail == f"TMS course {course.pk}"


def test_editors_get_403_an_unknown_course_404_and_post_405(editor_client, course, reviewer):
    url = reverse("admin:treatment_course_fhir", args=[course.pk])
    assert editor_client.get(url).status_code == 403
    editor_client.force_login(reviewer)
    assert (
        editor_client.get(reverse("admin:treatment_course_fhir", args=[999999])).status_code == 404
    )
    assert editor_client.post(url).status_code == 405
    assert not AccessEvent.objects.exists()

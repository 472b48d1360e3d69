"""Exports for clinical reviewers: the print packet, the CSV of the filtered list and the FHIR
Bundle (parsed back with fhir.resources R4B). Each is audited; content editors get a 403."""

import csv
import io

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from intake.fhir import PHQ9_ITEM_CODES, intake_bundle_json
from intake.models import AccessEvent, Intake

from .admin_helpers import export_csv
from .factories import submitted_intake

pytestmark = pytest.mark.django_db


# --- print --------------------------------------------------------------------------------


def test_the_print_packet_has_everything_a_prior_authorization_needs(reviewer_client):
    intake = submitted_intake(legal_name="Paula Packet", insurance_plan="Aetna Choice POS II")
    Intake.objects.filter(pk=intake.pk).update(
        countersigned_name="Rita Reviewer", countersigned_at=intake.submitted_at
    )
    response = reviewer_client.get(reverse("admin:intake_intake_print", args=[intake.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Paula Packet",
        "March 27, 1980",
        "Aetna Choice POS II",
        "Diagnosis and history",
        "Total <strong>16</strong> of 27 (moderately severe)",
        "sertraline",
        "150 mg",
        "Wellbutrin XL",
        "No real change",
        "Somewhat better",
        "300 mg",
        "Other treatments",
        "TMS safety screening",
        "Automated notes",
        "Rita Reviewer, countersigned",
        "css/intake-print.css",
    ):
        assert text in html, text
    assert "<script>" not in html
    assert 'style="' not in html


def test_the_print_packet_names_the_clinic_as_staff_set_it(reviewer_client):
    from portal.models import Clinic

    Clinic(name="Lakeside TMS", phone="(555) 010-2000", address="1 Lake Road\nSpringfield").save()
    intake = submitted_intake()
    html = reviewer_client.get(reverse("admin:intake_intake_print", args=[intake.pk])).content
    html = html.decode()
    assert "Lakeside TMS" in html
    assert "1 Lake Road<br>Springfield" in html
    assert "Phone: (555) 010-2000" in html
    event = AccessEvent.objects.get()
    assert (event.action, event.intake_id) == ("print", intake.pk)


# --- CSV ----------------------------------------------------------------------------------


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_follows_the_queue_filters_and_leaves_out_free_text(reviewer_client):
    mild = submitted_intake(phq9=(1, 1, 1, 1, 1, 1, 0, 0, 0), hospital_details="Secret stay")
    submitted_intake(phq9=(3, 3, 3, 3, 3, 3, 2, 2, 1))
    rows = _csv(export_csv(reviewer_client, {"severity": "mild"}))
    assert [int(r["intake"]) for r in rows] == [mild.pk]
    assert rows[0]["phq9_total"] == "6"
    assert rows[0]["trials_counted"] == mild.evaluation["counts"]["staff"]
    assert rows[0]["email"] == mild.patient.email
    assert "hospital_details" not in rows[0]
    assert "Secret stay" not in str(rows)

    rows = _csv(export_csv(reviewer_client, {"severity": "mild"}, free_text=True))
    assert rows[0]["hospital_details"] == "Secret stay"

    events = AccessEvent.objects.filter(action="csv").order_by("at", "pk")
    assert [e.detail for e in events] == [
        "1 rows; filters: severity=mild",
        "1 rows; filters: severity=mild; free text",
    ]


def test_the_csv_never_holds_a_spreadsheet_formula(reviewer_client):
    submitted_intake(legal_name="=HYPERLINK(1)")
    rows = _csv(export_csv(reviewer_client))
    assert rows[0]["patient"] == "'=HYPERLINK(1)"


def test_the_filtered_queue_offers_the_csv_of_its_list(reviewer_client):
    submitted_intake(phq9=(1, 1, 1, 1, 1, 1, 0, 0, 0))
    response = reviewer_client.get(reverse("admin:intake_intake_changelist"), {"severity": "mild"})
    html = response.content.decode()
    assert '<option value="export_csv">' in html
    assert '<option value="export_csv_free_text">' in html
    # The action form posts back to the list's own address, filters and search included.
    assert '<form id="changelist-form" method="post"' in html
    assert 'action="' not in html.split('<form id="changelist-form"')[1].split(">")[0]
    assert response.wsgi_request.get_full_path().endswith("?severity=mild")


# --- FHIR ---------------------------------------------------------------------------------


def _resources(bundle, kind):
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


def test_the_fhir_download_is_a_valid_r4b_bundle(reviewer_client):
    intake = submitted_intake(legal_name="Fiona Fhir", phone="555-0100", trials=3)
    response = reviewer_client.get(reverse("admin:intake_intake_fhir", args=[intake.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    bundle = Bundle.model_validate_json(response.content)  # raises if not valid R4B
    assert bundle.type == "collection"

    (patient,) = _resources(bundle, "Patient")
    assert patient.name[0].text == "Fiona Fhir"
    assert patient.birthDate.isoformat() == "1980-03-27"
    patient_url = bundle.entry[0].fullUrl

    (qr,) = _resources(bundle, "QuestionnaireResponse")
    assert qr.status == "completed"
    assert qr.subject.reference == patient_url
    by_link = {item.linkId: item for item in qr.item}
    assert all(code in by_link for code in PHQ9_ITEM_CODES)
    first = by_link["44250-9"].answer[0].valueCoding
    assert (first.system, first.code, first.display) == (
        "http://loinc.org",
        "LA6571-9",
        "Nearly every day",
    )
    assert by_link["44260-8"].answer[0].valueCoding.code == "LA6568-5"
    assert by_link["69722-7"].answer[0].valueCoding.code == "LA6575-0"
    qr_url = next(e.fullUrl for e in bundle.entry if e.resource is qr)

    total, counts = _resources(bundle, "Observation")
    assert total.code.coding[0].code == "44261-6"
    assert total.valueQuantity.value == 16
    assert total.derivedFrom[0].reference == qr_url
    assert total.subject.reference == patient_url
    # the stored evaluation's count, in the words of the intake page and the print packet
    assert counts.valueString == intake.evaluation["counts"]["staff"]

    statements = _resources(bundle, "MedicationStatement")
    assert [s.medicationCodeableConcept.text for s in statements] == [
        "sertraline",
        "Wellbutrin XL",
        "escitalopram",
    ]
    assert statements[0].dosage[0].doseAndRate[0].rateQuantity.value == 150
    assert "8 weeks" in statements[0].note[0].text

    event = AccessEvent.objects.get()
    assert (event.action, event.intake_id) == ("fhir", intake.pk)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", "in-progress"),
        ("needs_info", "in-progress"),
        ("submitted", "completed"),
        ("in_review", "completed"),
        ("closed", "completed"),
    ],
)
def test_the_questionnaire_response_status_follows_the_intake(status, expected):
    intake = submitted_intake()
    extra = {"staff_message": "x"} if status == "needs_info" else {}
    extra |= {"outcome": "consultation"} if status == "closed" else {}
    Intake.objects.filter(pk=intake.pk).update(status=status, **extra)
    intake.refresh_from_db()
    bundle = Bundle.model_validate_json(intake_bundle_json(intake))
    (qr,) = _resources(bundle, "QuestionnaireResponse")
    assert qr.status == expected


def test_an_unfinished_phq9_has_no_total_observation():
    intake = submitted_intake(trials=0)
    Intake.objects.filter(pk=intake.pk).update(phq9_5=None)
    intake.refresh_from_db()
    bundle = Bundle.model_validate_json(intake_bundle_json(intake))
    assert [o.code.text for o in _resources(bundle, "Observation")] == [
        "Antidepressant trials counted by the automated notes (to confirm)"
    ]
    assert _resources(bundle, "MedicationStatement") == []
    (qr,) = _resources(bundle, "QuestionnaireResponse")
    assert not {i.linkId: i for i in qr.item}["44251-7"].answer


def test_exports_are_for_clinical_reviewers_only(editor_client):
    intake = submitted_intake()
    for name in ("print", "fhir"):
        url = reverse(f"admin:intake_intake_{name}", args=[intake.pk])
        assert editor_client.get(url).status_code == 403
    assert export_csv(editor_client).status_code == 403
    assert not AccessEvent.objects.exists()


def test_exports_need_get(reviewer_client):
    intake = submitted_intake()
    url = reverse("admin:intake_intake_fhir", args=[intake.pk])
    assert reviewer_client.post(url).status_code == 405


def test_head_on_the_staff_exports_records_nothing_and_get_records_each(reviewer_client):
    intake = submitted_intake()
    urls = {
        AccessEvent.Action.PRINT: reverse("admin:intake_intake_print", args=[intake.pk]),
        AccessEvent.Action.FHIR: reverse("admin:intake_intake_fhir", args=[intake.pk]),
    }
    exported = [*urls, AccessEvent.Action.CSV]
    # HEAD is refused (GET only) or answered without recording: nothing was exported. The CSV
    # is an action of the list, which a HEAD (its fields in the query) never runs.
    for url in urls.values():
        assert reviewer_client.head(url).status_code in (200, 405), url
    assert export_csv(reviewer_client, method="head").status_code in (200, 302, 405)
    assert not AccessEvent.objects.filter(action__in=exported).exists()
    for action, url in urls.items():
        assert reviewer_client.get(url).status_code == 200, url
        assert AccessEvent.objects.filter(action=action).count() == 1, action
    assert export_csv(reviewer_client).status_code == 200
    assert AccessEvent.objects.filter(action=AccessEvent.Action.CSV).count() == 1

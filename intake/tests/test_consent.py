"""The records release, the parent or guardian of a patient under 18, and the TMS consent
(docs/consent.md): what the patient sees and signs, what the clinic's staff see and track,
and what the patient's data download and deletion do with them."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import AccessEvent, Guardian, Intake, ReleaseRequest, Status
from intake.services import rights
from intake.services.review import start_review
from portal.models import PolicyAgreement, PolicyText
from portal.policies import current_text, publish

pytestmark = pytest.mark.django_db

Kind = PolicyText.Kind


def release_data(rows=(), *, signed_name="", agree=True, version=None, total=None):
    version = version or current_text(Kind.RECORDS_RELEASE).version
    data = {
        "rows-TOTAL_FORMS": str(total if total is not None else max(len(rows), 1)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "6",
        "version": str(version),
        "signed_name": signed_name,
    }
    if agree:
        data["agree"] = "on"
    for index, row in enumerate(rows):
        for key, value in {"kind": "prescriber", **row}.items():
            data[f"rows-{index}-{key}"] = value
    if not rows:
        data["rows-0-kind"] = "prescriber"
    return data


DR_LEE = {"name": "Dr. Ana Lee", "practice": "Elm Street Clinic", "phone": "555-201-3344",
          "city": "Springfield"}  # fmt: skip
PHARMACY = {"kind": "pharmacy", "name": "Main Street Pharmacy", "city": "Springfield"}


def minor_birth_date(years=16):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=10)


# --- Records release ----------------------------------------------------------------------


def test_the_release_page_shows_the_text_and_labelled_rows(client, patient):
    client.force_login(patient)
    page = client.get(reverse("intake:release"))
    html = page.content.decode()
    assert page.status_code == 200
    text = current_text(Kind.RECORDS_RELEASE)
    assert text.title in html
    assert "Version 1" in html
    for label in ("Name of the doctor or pharmacy", "City", "Type your full name to sign"):
        assert label in html
    assert 'for="id_rows-0-name"' in html


def test_a_patient_lists_doctors_and_signs_the_release(client, patient):
    client.force_login(patient)
    response = client.post(
        reverse("intake:release"), release_data([DR_LEE, PHARMACY], signed_name="alice example")
    )
    assert response.status_code == 302
    intake = Intake.objects.get(patient=patient)
    rows = list(intake.release_requests.order_by("pk"))
    assert [(r.kind, r.name, r.city) for r in rows] == [
        ("prescriber", "Dr. Ana Lee", "Springfield"),
        ("pharmacy", "Main Street Pharmacy", "Springfield"),
    ]
    assert all(r.state == ReleaseRequest.State.TO_SEND for r in rows)
    signature = PolicyAgreement.objects.get(user=patient, kind=Kind.RECORDS_RELEASE)
    assert (signature.version, signature.typed_name) == (1, "alice example")
    review = client.get(reverse("intake:review")).content.decode()
    assert "2 listed" in review


def test_a_release_with_rows_needs_the_signature_and_the_account_name(client, patient):
    client.force_login(patient)
    unsigned = client.post(reverse("intake:release"), release_data([DR_LEE], agree=False))
    assert unsigned.status_code == 400
    html = unsigned.content.decode()
    assert "Please type your full name to sign." in html
    assert 'href="#id_signed_name"' in html  # the error summary links to the field
    wrong = client.post(reverse("intake:release"), release_data([DR_LEE], signed_name="Bob Other"))
    assert wrong.status_code == 400
    assert "does not match the name on your account" in wrong.content.decode()
    assert not ReleaseRequest.objects.exists()
    assert not PolicyAgreement.objects.filter(kind=Kind.RECORDS_RELEASE).exists()


def test_an_empty_release_page_saves_without_a_signature(client, patient):
    client.force_login(patient)
    response = client.post(reverse("intake:release"), release_data([], agree=False))
    assert response.status_code == 302
    assert not ReleaseRequest.objects.exists()


def test_a_row_needs_a_name_and_a_real_phone_number(client, patient):
    client.force_login(patient)
    response = client.post(
        reverse("intake:release"),
        release_data([{"city": "Springfield", "phone": "call me"}], signed_name="Alice Example"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Doctor or pharmacy 1, name of the doctor or pharmacy: Please add the name" in html
    assert "7 to 15 digits" in html


def test_the_release_page_is_closed_once_the_intake_is_sent(client, patient):
    from intake.tests.factories import submitted_intake

    submitted_intake(patient=patient)
    client.force_login(patient)
    response = client.post(reverse("intake:release"), release_data([DR_LEE], signed_name="x"))
    assert response.status_code == 302
    assert response.url == reverse("intake:home")
    assert not ReleaseRequest.objects.exists()


# --- Staff tracking --------------------------------------------------------------------------


@pytest.fixture
def sent_with_release(client, complete_intake):
    """Alice's intake, sent with one doctor listed and the release signed."""
    from intake.services.steps import submit_intake

    client.post(reverse("intake:release"), release_data([DR_LEE], signed_name="Alice Example"))
    client.logout()
    return submit_intake(intake=complete_intake)


def test_staff_track_a_release_request_and_see_it_on_the_intake_page(
    client, reviewer, sent_with_release
):
    client.force_login(reviewer)
    row = ReleaseRequest.objects.get()
    page = client.get(reverse("admin:intake_intake_change", args=[sent_with_release.pk]))
    html = page.content.decode()
    assert "Records requests" in html
    assert "Dr. Ana Lee" in html
    assert "Not sent yet" in html
    assert "Signed version 1 as “Alice Example”" in html
    change_url = reverse("admin:intake_releaserequest_change", args=[row.pk])
    assert change_url in html
    response = client.post(
        change_url, {"state": "sent", "sent_on": "", "received_on": "", "note": "Faxed"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.state, row.sent_on, row.note) == ("sent", timezone.localdate(), "Faxed")
    assert row.name == "Dr. Ana Lee"  # the patient's answers are not edited here
    html = client.get(
        reverse("admin:intake_intake_change", args=[sent_with_release.pk])
    ).content.decode()
    assert "Request sent" in html
    client.get(change_url)
    assert AccessEvent.objects.filter(
        user=reviewer, intake_id=sent_with_release.pk, detail="Records request"
    ).exists()


def test_staff_cannot_date_a_request_in_the_future_or_change_the_patients_answers(
    client, reviewer, sent_with_release
):
    client.force_login(reviewer)
    row = ReleaseRequest.objects.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    url = reverse("admin:intake_releaserequest_change", args=[row.pk])
    response = client.post(
        url, {"state": "received", "received_on": tomorrow.isoformat(), "name": "Forged"}
    )
    assert response.status_code == 200
    assert "This date is in the future." in response.content.decode()
    row.refresh_from_db()
    assert (row.state, row.name) == ("to_send", "Dr. Ana Lee")


def test_a_content_editor_cannot_see_release_requests(client, editor, sent_with_release):
    client.force_login(editor)
    row = ReleaseRequest.objects.get()
    url = reverse("admin:intake_releaserequest_change", args=[row.pk])
    assert client.get(url).status_code == 403


# --- TMS consent -----------------------------------------------------------------------------


def consent_data(**overrides):
    version = current_text(Kind.TMS_CONSENT).version
    return {"version": str(version), "agree": "on", "signed_name": "Alice Example", **overrides}


def test_the_consent_signed_with_the_account_name_is_recorded_with_its_version(client, patient):
    client.force_login(patient)
    page = client.get(reverse("intake:tms_consent"))
    assert "Consent to TMS treatment" in page.content.decode()
    response = client.post(
        reverse("intake:tms_consent"), consent_data(signed_name=" alice  EXAMPLE ")
    )
    assert response.status_code == 302
    signature = PolicyAgreement.objects.get(user=patient, kind=Kind.TMS_CONSENT)
    assert (signature.version, signature.typed_name) == (1, "alice EXAMPLE")
    after = client.get(response.url).content.decode()
    assert "You signed version 1 on" in after
    assert 'id="consent-form"' not in after


def test_a_consent_signed_with_another_name_is_refused(client, patient):
    client.force_login(patient)
    response = client.post(reverse("intake:tms_consent"), consent_data(signed_name="Bob Example"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "does not match the name on your account" in html
    assert 'href="#id_signed_name"' in html
    assert not PolicyAgreement.objects.filter(kind=Kind.TMS_CONSENT).exists()


def test_a_consent_read_before_a_new_version_must_be_read_again(client, patient):
    client.force_login(patient)
    publish(kind=Kind.TMS_CONSENT, title="Consent to TMS treatment", text="New words.")
    response = client.post(reverse("intake:tms_consent"), consent_data(version="1"))
    assert response.status_code == 400
    assert "changed while the page was open" in response.content.decode()
    assert not PolicyAgreement.objects.exists()
    client.post(reverse("intake:tms_consent"), consent_data(version="2"))
    assert PolicyAgreement.objects.get().version == 2


def test_staff_see_which_consent_version_was_signed(client, patient, reviewer):
    from .factories import submitted_intake

    intake = submitted_intake(patient=patient)
    url = reverse("admin:intake_intake_change", args=[intake.pk])
    client.force_login(reviewer)
    assert "TMS consent" in client.get(url).content.decode()
    assert "Not signed" in client.get(url).content.decode()
    client.force_login(patient)
    client.post(reverse("intake:tms_consent"), consent_data())
    publish(kind=Kind.TMS_CONSENT, title="Consent to TMS treatment", text="Version two.")
    client.force_login(reviewer)
    html = client.get(url).content.decode()
    assert "Signed version 1 as “Alice Example”" in html
    assert "the current version is 2: not signed yet" in html


# --- Minors and their parent or guardian ----------------------------------------------------


def guardian_data(**overrides):
    return {
        "name": "Maria Example",
        "relationship": "Mother",
        "phone": "555-201-9999",
        "email": "maria@example.com",
        "agree": "on",
        "signed_name": "maria example",
        **overrides,
    }


def test_a_minors_intake_cannot_be_sent_without_a_guardian(client, settings, complete_intake):
    settings.PATIENT_MINIMUM_AGE = 15
    Intake.objects.filter(pk=complete_intake.pk).update(date_of_birth=minor_birth_date())
    refused = client.post(reverse("intake:review"))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "a parent or guardian must give their consent" in html
    assert "not done yet" in html
    assert Intake.objects.get().status == Status.DRAFT

    wrong = client.post(reverse("intake:guardian"), guardian_data(signed_name="Someone Else"))
    assert wrong.status_code == 400
    assert "must be the same as the parent or guardian" in wrong.content.decode()
    assert not Guardian.objects.exists()

    saved = client.post(reverse("intake:guardian"), guardian_data())
    assert saved.status_code == 302
    guardian = Guardian.objects.get()
    assert (guardian.name, guardian.relationship, guardian.signed_name) == (
        "Maria Example",
        "Mother",
        "maria example",
    )
    assert client.post(reverse("intake:review")).status_code == 302
    assert Intake.objects.get().status == Status.SUBMITTED


def test_an_adult_needs_no_guardian(client, complete_intake):
    response = client.get(reverse("intake:guardian"))
    assert response.status_code == 302
    assert response.url == reverse("intake:review")
    assert "Parent or guardian" not in client.get(reverse("intake:review")).content.decode()
    assert client.post(reverse("intake:review")).status_code == 302


def test_staff_see_the_guardian_of_a_minor(client, settings, patient, reviewer):
    from .factories import submitted_intake

    settings.PATIENT_MINIMUM_AGE = 15
    intake = submitted_intake(patient=patient, date_of_birth=minor_birth_date())
    client.force_login(reviewer)
    url = reverse("admin:intake_intake_change", args=[intake.pk])
    assert "No parent or guardian consent" in client.get(url).content.decode()
    Guardian.objects.create(
        intake=intake,
        name="Maria Example",
        relationship="Mother",
        phone="555-201-9999",
        signed_name="Maria Example",
        signed_at=timezone.now(),
    )
    assert "Maria Example (Mother)" in client.get(url).content.decode()


@pytest.mark.parametrize(("minimum", "age", "accepted"), [(18, 16, False), (15, 16, True)])
def test_sign_up_respects_the_clinics_minimum_age(client, settings, minimum, age, accepted):
    from django.contrib.auth import get_user_model

    settings.PATIENT_MINIMUM_AGE = minimum
    born = minor_birth_date(age)
    data = {
        "full_name": "Teo Young",
        "email": "teo@example.com",
        "date_of_birth_0": str(born.month),
        "date_of_birth_1": str(born.day),
        "date_of_birth_2": str(born.year),
        "password1": "violet lantern harbour",
        "password2": "violet lantern harbour",
        "privacy_notice": "on",
        "notice_version": "1",
    }
    response = client.post(reverse("signup"), data)
    made = get_user_model().objects.filter(email="teo@example.com").exists()
    assert made is accepted
    if not accepted:
        assert f"at least {minimum} years old" in response.content.decode()


# --- The patient's data: download and deletion ----------------------------------------------


def test_my_data_has_the_acknowledgments_consents_and_release_rows(client, patient):
    client.force_login(patient)
    client.post(reverse("intake:release"), release_data([DR_LEE], signed_name="Alice Example"))
    client.post(reverse("intake:tms_consent"), consent_data())
    data = json.loads(client.get(reverse("my_data_json")).content)
    kinds = [(a["kind"], a["version"]) for a in data["agreements"]]
    assert kinds == [("records_release", 1), ("tms_consent", 1)]
    (intake,) = data["intakes"]
    assert intake["records_requests"][0]["name"] == "Dr. Ana Lee"
    assert "note" not in intake["records_requests"][0]  # the care team's own note


def test_deletion_removes_signatures_and_strips_kept_release_rows(
    client, patient, reviewer, complete_intake
):
    from intake.services.steps import submit_intake

    client.post(reverse("intake:release"), release_data([DR_LEE], signed_name="Alice Example"))
    client.post(reverse("intake:tms_consent"), consent_data())
    submit_intake(intake=complete_intake)
    start_review(intake=complete_intake, by=reviewer)
    ReleaseRequest.objects.update(state="sent", sent_on=timezone.localdate(), note="Dr. Lee faxed")
    deletion_request, _ = rights.request_deletion(patient=patient)
    rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    assert not PolicyAgreement.objects.exists()
    row = ReleaseRequest.objects.get()
    assert (row.name, row.practice, row.phone, row.city, row.note) == (
        rights.REMOVED,
        "",
        "",
        "",
        "",
    )
    assert row.state == "sent"  # the tracking stays with the kept intake


def test_staff_read_that_there_are_no_records_requests_rather_than_an_empty_table(
    client, reviewer, complete_intake
):
    from intake.services.steps import submit_intake

    intake = submit_intake(intake=complete_intake)  # sent with no doctor or pharmacy listed
    client.force_login(reviewer)

    html = client.get(reverse("admin:intake_intake_change", args=[intake.pk])).content.decode()

    section = html.split('class="module release-requests-none"', 1)[1].split("</section>", 1)[0]
    assert "Records requests (prior prescribers and pharmacies)" in section
    assert "None: the patient listed no doctor or pharmacy to ask for records." in section
    assert "Doctor or pharmacy" not in html  # no table of no rows under its column names

"""A closed intake that says something (the outcome in plain words, the next step, the clinic's
phone, the notes; never the care team's comment, on the page or in the patient's downloads),
and urgent wording that promises only what the clinic set."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake.closed import OUTCOME_WORDS
from intake.models import IntakeMessage, NoteText, Outcome
from intake.services.review import close_intake, request_more_info
from intake.setup import files
from intake.tests.factories import make_intake
from portal.models import Clinic

pytestmark = pytest.mark.django_db

HOME = reverse("intake:home")
COMMENT = "Borderline history; discussed with Dr Lee, watch the dose records."
NEVER = ("eligib", "approv", "reject", "qualif", "denied", "decline", "not a candidate")


@pytest.fixture
def patient_client(patient):
    browser = Client()
    browser.force_login(patient)
    return browser


@pytest.fixture
def clinic():
    Clinic(name="Lakeside TMS", phone="(555) 010-2000", hours="Monday to Friday, 8 to 5").save()
    return Clinic.current()


def close(intake, reviewer, outcome):
    return close_intake(
        intake=intake,
        by=reviewer,
        outcome=outcome,
        message=COMMENT,
        countersignature="Rita Reviewer",
    )


def test_every_outcome_has_plain_words_that_never_judge():
    assert set(OUTCOME_WORDS) == set(Outcome.values)
    for words in OUTCOME_WORDS.values():
        text = (words.outcome + " " + words.next_step).lower()
        for word in NEVER:
            assert word not in text, (word, text)


@pytest.mark.parametrize("outcome", Outcome.values)
def test_the_closed_page_says_the_outcome_next_step_and_phone_and_keeps_the_notes(
    patient_client, patient, reviewer, clinic, outcome
):
    intake = make_intake(patient)
    close(intake, reviewer, outcome)
    response = patient_client.get(HOME)
    html = response.content.decode()
    words = OUTCOME_WORDS[outcome]
    assert str(words.outcome) in html
    assert str(words.next_step) in html
    assert "What happens next" in html
    assert 'href="tel:5550102000"' in html
    assert "(555) 010-2000" in html
    assert "Notes on your treatment history" in html
    assert "Your answers" in html
    assert COMMENT not in html
    assert "Borderline" not in html
    lowered = html.lower()
    for word in ("eligible", "approved", "rejected"):
        assert word not in lowered


def test_without_a_phone_the_closed_page_names_the_clinic(patient_client, patient, reviewer):
    Clinic(name="Lakeside TMS").save()
    close(make_intake(patient), reviewer, "consultation")
    html = patient_client.get(HOME).content.decode()
    assert "The clinic would like to meet you for a consultation." in html
    assert "Please contact Lakeside TMS" in html
    assert "tel:" not in html.split("What the clinic said")[1].split("</section>")[0]


def test_the_care_teams_comment_is_not_in_the_patients_downloads(
    patient_client, patient, reviewer, clinic
):
    intake = make_intake(patient)
    request_more_info(intake=intake, by=reviewer, message="Which dose, please?")
    IntakeMessage.objects.create(intake=intake, from_clinic=False, body="20 mg.")
    close(intake, reviewer, "referred")

    data = patient_client.get(reverse("my_data_json")).content.decode()
    assert COMMENT not in data
    exported = json.loads(data)["intakes"][0]
    assert exported["outcome"] == "referred"
    assert [m["text"] for m in exported["messages"]] == ["Which dose, please?", "20 mg."]
    notes = [c["note"] for c in exported["status_history"]]
    assert "Which dose, please?" in notes  # the clinic's request is the patient's to read

    fhir = patient_client.get(reverse("my_data_fhir", args=[intake.pk])).content.decode()
    assert COMMENT not in fhir
    assert "Borderline" not in fhir


# --- urgent wording --------------------------------------------------------------------------


def test_the_urgent_note_no_longer_promises_a_call_today():
    seeded = NoteText.objects.get(code="urgent.item9").patient_text  # as loaded
    for text in (seeded, files.note_texts()["urgent.item9"]["patient_text"]):
        assert "today" not in text
        assert "reach out" not in text
        assert "The clinic's care team has been told about this answer." in text
        assert "988" in text
        assert "911" in text


@pytest.fixture
def urgent_draft(client, patient, save):
    client.force_login(patient)
    save("phq9", phq9_9="1")
    return patient.intakes.get()


def test_a_draft_with_item_9_says_the_clinic_was_told_and_the_rest_is_not_sent(
    client, urgent_draft
):
    html = client.get(HOME).content.decode()
    assert "The care team will see your answer" not in html
    assert "The clinic has been told about your answer to PHQ-9 question 9" in html
    assert "The rest of your answers have not been sent to the clinic yet." in html
    assert "It has not been sent to the clinic yet" not in html


def test_the_announced_crisis_help_says_the_clinic_was_told(client, patient, save):
    client.force_login(patient)
    response = save("phq9", phq9_9="2")
    html = client.get(response.url).content.decode()
    assert "The clinic has been told about this answer." in html
    assert "will see your answer" not in html


def test_the_patient_is_promised_only_what_the_clinic_set(client, patient, save):
    client.force_login(patient)
    Clinic(name="Lakeside TMS", urgent_response="within 2 hours on weekdays").save()
    response = save("phq9", phq9_9="1")
    html = client.get(response.url).content.decode()
    assert "Lakeside TMS's care team will contact you within 2 hours on weekdays." in html
    assert "Lakeside TMS's care team will contact you within 2 hours on weekdays." in (
        client.get(HOME).content.decode()
    )

    Clinic(name="Lakeside TMS", urgent_response="").save()
    html = client.get(HOME).content.decode()
    assert "will contact you" not in html
    assert "today" not in html.lower().split("<main")[1]
    assert "The clinic has been told about your answer" in html


def test_a_sent_urgent_intake_repeats_only_the_clinics_promise(patient_client, patient):
    Clinic(name="Lakeside TMS", urgent_response="within 2 hours on weekdays").save()
    make_intake(patient, urgent=True, urgent_flagged_at=timezone.now())
    html = patient_client.get(HOME).content.decode()
    assert "Lakeside TMS's care team will contact you within 2 hours on weekdays." in html
    assert "reach out to you today" not in html


@pytest.mark.parametrize("outcome", Outcome.values)
def test_the_outcome_words_are_plain(outcome):
    from portal.tests.test_plain_language import MAX_GRADE, as_sentence, grade

    words = OUTCOME_WORDS[outcome]
    text = as_sentence(words.outcome) + " " + as_sentence(words.next_step)
    assert grade(text) <= MAX_GRADE, text


def test_the_message_box_and_its_messages_are_plain():
    from intake.forms import MessageForm
    from intake.services.messages import MessageError, clean_body
    from portal.tests.test_plain_language import MAX_GRADE, as_sentence, form_texts, grade

    texts = [form_texts(MessageForm())]
    for body in ("", "x" * 2001):
        with pytest.raises(MessageError) as error:
            clean_body(body)
        texts.append(as_sentence(str(error.value)))
    text = " ".join(texts)
    assert grade(text) <= MAX_GRADE, text

"""An intake as a FHIR R4B Bundle (built and checked with ``fhir.resources.R4B``).

A ``collection`` Bundle: the Patient, a QuestionnaireResponse with the PHQ-9 answers (LOINC item
and answer codes, facts §4), an Observation for the PHQ-9 total (LOINC 44261-6, ``derivedFrom``
the QuestionnaireResponse), and one MedicationStatement per antidepressant trial. Kept apart from
the admin so a patient's own data download can use it too.
"""

import uuid

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from .eligibility import normalize_name
from .eligibility.vocabulary import (
    PHQ9_ANSWERS,
    PHQ9_DIFFICULTY_ANSWERS,
    PHQ9_DIFFICULTY_ITEM,
    PHQ9_ITEMS,
)
from .models import Medication, Status, TrialOutcome
from .services.results import TrialCounts, evaluation_from_stored, is_stored

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
# The portal's languages (settings.LANGUAGES) by their English names, for the receiving system.
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
PHQ9_PANEL = "44249-1"
PHQ9_TOTAL = "44261-6"
PHQ9_DIFFICULTY = "69722-7"
PHQ9_ITEM_CODES = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
)
PHQ9_ANSWER_CODES = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}
PHQ9_DIFFICULTY_CODES = {0: "LA6572-7", 1: "LA6573-5", 2: "LA6575-0", 3: "LA6574-3"}

# QuestionnaireResponse.status from the intake's status: still with the patient, or sent.
QR_STATUS = {
    Status.DRAFT: "in-progress",
    Status.NEEDS_INFO: "in-progress",
    Status.SUBMITTED: "completed",
    Status.IN_REVIEW: "completed",
    Status.CLOSED: "completed",
}

# Stable ids: the same intake always gives the same resource ids.
_NAMESPACE = uuid.UUID("5b0f7c1e-2d4a-4e8b-9a57-1c3f0e6d9a21")


def _urn(*parts):
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(str(p) for p in parts))}"


def _coding(code, display, system=LOINC):
    return {"system": system, "code": code, "display": display}


def _instant(value):
    return timezone.localtime(value).isoformat() if value else None


def _patient(intake):
    patient = intake.patient
    resource = {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:tms-portal:account", "value": str(patient.pk)}],
        "name": [{"use": "official", "text": intake.legal_name or patient.get_full_name()}],
        "telecom": [{"system": "email", "value": patient.email}],
    }
    if intake.preferred_name:
        resource["name"].append({"use": "usual", "text": intake.preferred_name})
    if intake.phone:
        resource["telecom"].insert(0, {"system": "phone", "value": intake.phone})
    born = intake.date_of_birth or patient.date_of_birth
    if born:
        resource["birthDate"] = born.isoformat()
    # The portal's language (the account's, BCP 47) is the one the patient reads; another
    # language for appointments (an interpreter) is listed after it, as the patient wrote it.
    language = patient.language or "en"
    resource["communication"] = [
        {
            "language": {
                "coding": [{"system": "urn:ietf:bcp:47", "code": language}],
                "text": LANGUAGE_NAMES.get(language, language),
            },
            "preferred": not intake.interpreter_language,
        }
    ]
    if intake.interpreter_language:
        resource["communication"].append(
            {"language": {"text": intake.interpreter_language}, "preferred": True}
        )
    return resource


def _answer_item(link_id, text, value, answers, codes):
    item = {"linkId": link_id, "definition": f"{LOINC}/{link_id}", "text": text}
    if value is not None:
        item["answer"] = [{"valueCoding": _coding(codes[value], dict(answers)[value])}]
    return item


def _questionnaire_response(intake, patient_ref):
    items = [
        _answer_item(code, text, getattr(intake, f"phq9_{n}"), PHQ9_ANSWERS, PHQ9_ANSWER_CODES)
        for n, (code, text) in enumerate(zip(PHQ9_ITEM_CODES, PHQ9_ITEMS, strict=True), start=1)
    ]
    total = intake.phq9_total
    if total is not None:
        items.append(
            {
                "linkId": PHQ9_TOTAL,
                "definition": f"{LOINC}/{PHQ9_TOTAL}",
                "text": "Patient Health Questionnaire 9 item (PHQ-9) total score",
                "answer": [{"valueInteger": total}],
            }
        )
    items.append(
        _answer_item(
            PHQ9_DIFFICULTY,
            PHQ9_DIFFICULTY_ITEM,
            intake.phq9_difficulty,
            PHQ9_DIFFICULTY_ANSWERS,
            PHQ9_DIFFICULTY_CODES,
        )
    )
    resource = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": "urn:tms-portal:intake", "value": str(intake.pk)},
        "questionnaire": f"{LOINC}/q/{PHQ9_PANEL}",
        "status": QR_STATUS[intake.status],
        "subject": {"reference": patient_ref},
        "author": {"reference": patient_ref},
        "source": {"reference": patient_ref},
        "item": items,
    }
    authored = intake.submitted_at or intake.updated_at
    if authored:
        resource["authored"] = _instant(authored)
    return resource


def phq9_date(intake):
    """When the PHQ-9 answers were last saved (the date the score is from), else the submission."""
    step = next((s for s in intake.steps.all() if s.step == "phq9"), None)
    return step.saved_at if step is not None else intake.submitted_at


def _total_observation(intake, patient_ref, qr_ref):
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    _coding(
                        "survey",
                        "Survey",
                        "http://terminology.hl7.org/CodeSystem/observation-category",
                    )
                ]
            }
        ],
        "code": {
            "coding": [_coding(PHQ9_TOTAL, "Patient Health Questionnaire 9 item total score")],
            "text": "PHQ-9 total score",
        },
        "subject": {"reference": patient_ref},
        "effectiveDateTime": _instant(phq9_date(intake) or intake.updated_at),
        "valueQuantity": {
            "value": intake.phq9_total,
            "unit": "{score}",
            "system": UCUM,
            "code": "{score}",
        },
        "derivedFrom": [{"reference": qr_ref}],
    }


def _counts_observation(intake, evaluation, patient_ref):
    """The stored evaluation's medicine count, in the same words as the intake page and the
    print packet (an automated note for a clinician to confirm, not a finding)."""
    return {
        "resourceType": "Observation",
        "status": "preliminary",
        "code": {"text": "Antidepressant trials counted by the automated notes (to confirm)"},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": _instant(intake.evaluated_at or intake.updated_at),
        "valueString": TrialCounts.of(evaluation).staff,
    }


def _trial_status(trial):
    if trial.still_taking:
        return "active"
    if trial.outcome == TrialOutcome.SIDE_EFFECTS:
        return "stopped"
    return "completed"


def rxnorm_codes():
    """The catalogue's RxNorm codes by every name of a medicine (generic and brand names)."""
    codes = {}
    for medication in Medication.objects.exclude(rxnorm="").prefetch_related("aliases"):
        for name in (medication.generic_name, *(a.name for a in medication.aliases.all())):
            codes[normalize_name(name)] = (medication.rxnorm, medication.generic_name)
    return codes


def _medication(trial, codes):
    concept = {"text": trial.medication}
    known = codes.get(normalize_name(trial.medication))
    if known:
        concept["coding"] = [{"system": RXNORM, "code": known[0], "display": known[1]}]
    return concept


def _medication_statement(trial, intake, patient_ref, codes):
    resource = {
        "resourceType": "MedicationStatement",
        "status": _trial_status(trial),
        "medicationCodeableConcept": _medication(trial, codes),
        "subject": {"reference": patient_ref},
        "informationSource": {"reference": patient_ref},
    }
    if intake.submitted_at:
        resource["dateAsserted"] = _instant(intake.submitted_at)
    if trial.start_year:
        start = f"{trial.start_year:04d}"
        if trial.start_month:
            start += f"-{trial.start_month:02d}"
        resource["effectivePeriod"] = {"start": start}
    dosage = {}
    if trial.daily_dose_mg is not None:
        dose = trial.daily_dose_mg.normalize()
        dosage["text"] = f"{dose:f} mg a day (highest daily dose)"
        # A daily amount is a rate: mg per day in UCUM.
        rate = {"value": float(dose), "unit": "mg/d", "system": UCUM, "code": "mg/d"}
        dosage["doseAndRate"] = [{"rateQuantity": rate}]
    notes = []
    if trial.weeks is not None:
        notes.append(f"Taken for {trial.weeks} weeks at that dose.")
        weeks = {"value": trial.weeks, "unit": "wk", "system": UCUM, "code": "wk"}
        dosage["timing"] = {"repeat": {"boundsDuration": weeks}}
    if dosage:
        resource["dosage"] = [dosage]
    if trial.augmentation == "yes":
        notes.append("Taken as an add-on to another antidepressant.")
    if trial.outcome:
        notes.append(f"Result: {trial.get_outcome_display()}.")
    if trial.side_effects:
        notes.append(f"Side effects: {trial.side_effects}")
    if notes:
        resource["note"] = [{"text": " ".join(notes)}]
    return resource


def _staff_name(user):
    return user.get_full_name() or user.email


def _urgent_task(alert, patient_ref, qr_ref):
    """The urgent alert as a Task: requested when raised, accepted when a reviewer acknowledged
    it (the owner), completed when the risk follow-up was recorded (how the patient was reached,
    the outcome and the note)."""
    status = "requested"
    if alert.has_followup:
        status = "completed"
    elif alert.acknowledged:
        status = "accepted"
    resource = {
        "resourceType": "Task",
        "identifier": [{"system": "urn:tms-portal:urgent-alert", "value": str(alert.pk)}],
        "status": status,
        "intent": "order",
        "priority": "stat",
        "code": {"text": 'Urgent review: PHQ-9 item 9 answered above "Not at all"'},
        "focus": {"reference": qr_ref},
        "for": {"reference": patient_ref},
        "authoredOn": _instant(alert.raised_at),
        "lastModified": _instant(alert.followup_at or alert.acknowledged_at or alert.raised_at),
    }
    if alert.acknowledged:
        resource["owner"] = {"display": _staff_name(alert.acknowledged_by)}
        resource["executionPeriod"] = {"start": _instant(alert.acknowledged_at)}
    notes = []
    if alert.escalated_at:
        notes.append(
            {"time": _instant(alert.escalated_at), "text": "Sent again: not acknowledged in time."}
        )
    if alert.has_followup:
        resource["executionPeriod"]["end"] = _instant(alert.followup_at)
        resource["businessStatus"] = {"text": alert.get_followup_outcome_display()}
        text = f"Risk follow-up: {alert.get_followup_contact_display()}."
        text += f" Outcome: {alert.get_followup_outcome_display()}."
        if alert.followup_note:
            text += f" Note: {alert.followup_note}"
        notes.append(
            {
                "authorString": _staff_name(alert.followup_by),
                "time": _instant(alert.followup_at),
                "text": text,
            }
        )
    if notes:
        resource["note"] = notes
    return resource


_COUNTED_WORDS = {
    "counted": "Automated notes: counted (to be confirmed by a clinician).",
    "not_counted": "Automated notes: not counted.",
    "uncertain": "Automated notes: to be confirmed by a clinician.",
    "duplicate": "Automated notes: listed twice; counted once.",
}


def intake_bundle(intake, *, now=None, staff=False):
    """The intake as a validated ``fhir.resources.R4B`` Bundle. ``staff``: with the care team's
    own records (the urgent alert and its risk follow-up), as the admin's export gives it."""
    patient_ref = _urn("intake", intake.pk, "patient")
    qr_ref = _urn("intake", intake.pk, "questionnaire-response")
    entries = [
        (patient_ref, _patient(intake)),
        (qr_ref, _questionnaire_response(intake, patient_ref)),
    ]
    if intake.phq9_total is not None:
        entries.append(
            (
                _urn("intake", intake.pk, "phq9-total"),
                _total_observation(intake, patient_ref, qr_ref),
            )
        )
    evaluation = evaluation_from_stored(intake.evaluation) if is_stored(intake.evaluation) else None
    if evaluation is not None:
        entries.append(
            (
                _urn("intake", intake.pk, "trial-counts"),
                _counts_observation(intake, evaluation, patient_ref),
            )
        )
    results = evaluation.trials if evaluation is not None else ()
    codes = rxnorm_codes()
    for position, trial in enumerate(intake.trials.all()):
        resource = _medication_statement(trial, intake, patient_ref, codes)
        if position < len(results):
            counted = _COUNTED_WORDS.get(results[position].status)
            if counted:
                resource.setdefault("note", []).append({"text": counted})
        entries.append((_urn("intake", intake.pk, "trial", trial.pk), resource))
    if staff and intake.urgent:
        from .models import UrgentAlert

        alert = (
            UrgentAlert.objects.select_related("acknowledged_by", "followup_by")
            .filter(intake=intake)
            .first()
        )
        if alert is not None:
            entries.append(
                (
                    _urn("intake", intake.pk, "urgent-alert"),
                    _urgent_task(alert, patient_ref, qr_ref),
                )
            )
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "identifier": {"system": "urn:tms-portal:intake", "value": str(intake.pk)},
            "type": "collection",
            "timestamp": _instant(now or timezone.now()),
            "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
        }
    )


def intake_bundle_json(intake, *, now=None, staff=False):
    """The Bundle as FHIR JSON text."""
    return intake_bundle(intake, now=now, staff=staff).model_dump_json(exclude_none=True, indent=2)

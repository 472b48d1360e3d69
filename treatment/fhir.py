"""A TMS course as a FHIR R4B Bundle an EHR can file (built and checked with
``fhir.resources.R4B``, as the intake's is in intake/fhir.py).

A ``collection`` Bundle: the Patient; the course as a CarePlan (its protocol, planned sessions,
dates, status, the authorizations as notes); each session a Procedure (its CPT code, the date it
was performed, ``basedOn`` the CarePlan); each PHQ-9 check-in an Observation (LOINC 44261-6 with
the total, each item answer a component with its LOINC item and answer codes, dated).
"""

import uuid

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from intake.eligibility.vocabulary import PHQ9_ANSWERS, PHQ9_DIFFICULTY_ANSWERS, PHQ9_ITEMS
from intake.fhir import (
    LOINC,
    PHQ9_ANSWER_CODES,
    PHQ9_DIFFICULTY,
    PHQ9_DIFFICULTY_CODES,
    PHQ9_ITEM_CODES,
    PHQ9_TOTAL,
    UCUM,
)

from .models import CheckIn, Course, CptCode

CPT = "http://www.ama-assn.org/go/cpt"
CPT_DISPLAY = {
    CptCode.INITIAL: "Therapeutic repetitive transcranial magnetic stimulation (TMS) treatment; "
    "initial, including cortical mapping, motor threshold determination, delivery and management",
    CptCode.SUBSEQUENT: "Therapeutic repetitive transcranial magnetic stimulation (TMS) "
    "treatment; subsequent delivery and management, per session",
    CptCode.REDETERMINATION: "Therapeutic repetitive transcranial magnetic stimulation (TMS) "
    "treatment; subsequent motor threshold re-determination with delivery and management",
}
# CarePlan.status and its activity's status from the course's status.
CARE_PLAN_STATUS = {
    Course.Status.PLANNED: ("active", "scheduled"),
    Course.Status.ACTIVE: ("active", "in-progress"),
    Course.Status.COMPLETED: ("completed", "completed"),
    Course.Status.STOPPED: ("revoked", "stopped"),
}

# Stable ids: the same course always gives the same resource ids.
_NAMESPACE = uuid.UUID("9c3d51a2-7f0e-4b8c-8e61-2a4f6d0b7c35")


def _urn(*parts):
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(str(p) for p in parts))}"


def _loinc(code, display):
    return {"system": LOINC, "code": code, "display": display}


def _patient(course):
    patient = course.patient
    name = course.intake.legal_name or patient.get_full_name()
    return {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:tms-portal:account", "value": str(patient.pk)}],
        "name": [{"use": "official", "text": name}] if name else None,
        "telecom": [{"system": "email", "value": patient.email}],
    }


def _date(value):
    return value.isoformat() if value else None


def _authorization_note(authorization):
    text = (
        f"Authorization {authorization.number} ({authorization.payer}): "
        f"{authorization.approved_sessions} sessions, {authorization.valid_from:%Y-%m-%d} to "
        f"{authorization.valid_to:%Y-%m-%d}."
    )
    for extension in authorization.extensions.all():
        number = f" {extension.number}" if extension.number else ""
        text += (
            f" Extension{number}: {extension.sessions} sessions, "
            f"{extension.valid_from:%Y-%m-%d} to {extension.valid_to:%Y-%m-%d}."
        )
    return {"text": text}


def _care_plan(course, patient_ref, procedure_refs, observation_refs):
    status, activity_status = CARE_PLAN_STATUS[course.status]
    protocol = course.protocol
    detail = {
        "status": activity_status,
        "code": {
            "coding": [{"system": CPT, "code": CptCode.SUBSEQUENT.value}],
            "text": f"TMS, {protocol.name}",
        },
        "scheduledString": f"{course.planned_sessions} sessions, 5 a week",
        "description": protocol.description or protocol.name,
    }
    if course.status == Course.Status.STOPPED:
        detail["statusReason"] = {"text": course.stopped_reason}
    resource = {
        "resourceType": "CarePlan",
        "identifier": [{"system": "urn:tms-portal:course", "value": str(course.pk)}],
        "status": status,
        "intent": "plan",
        "title": "TMS course",
        "description": f"{protocol.name}: {course.planned_sessions} sessions planned.",
        "subject": {"reference": patient_ref},
        "period": {"start": _date(course.start_date), "end": _date(course.ended_on)},
        "created": timezone.localtime(course.created_at).isoformat(),
        "activity": [
            {
                "outcomeReference": [{"reference": ref} for ref in procedure_refs] or None,
                "detail": detail,
            }
        ],
        "supportingInfo": [{"reference": ref} for ref in observation_refs] or None,
        "note": [_authorization_note(a) for a in course.authorizations.all()] or None,
    }
    return resource


def _procedure(session, patient_ref, plan_ref):
    parts = [
        f"{label} {value}{unit}"
        for label, value, unit in (
            ("Motor threshold", session.motor_threshold, "% of machine output"),
            ("Intensity", session.intensity_pct_mt, "% of motor threshold"),
            ("Pulses", session.pulses, ""),
        )
        if value is not None
    ]
    resource = {
        "resourceType": "Procedure",
        "identifier": [{"system": "urn:tms-portal:tms-session", "value": str(session.pk)}],
        "basedOn": [{"reference": plan_ref}],
        "status": "completed",
        "code": {
            "coding": [
                {"system": CPT, "code": session.cpt_code, "display": CPT_DISPLAY[session.cpt_code]}
            ],
            "text": f"TMS session {session.number} of {session.course.planned_sessions}",
        },
        "subject": {"reference": patient_ref},
        "performedDateTime": _date(session.date),
        "bodySite": [{"text": session.target}] if session.target else None,
        "complication": [{"text": session.side_effects}] if session.side_effects else None,
        "note": [{"text": ". ".join(parts) + "."}] if parts else None,
    }
    return resource


def _answer_component(code, text, score, answers, answer_codes):
    display = dict(answers)[score]
    return {
        "code": {"coding": [_loinc(code, text)], "text": text},
        "valueCodeableConcept": {"coding": [_loinc(answer_codes[score], display)]},
    }


def _components(check_in):
    if len(check_in.answers) == len(PHQ9_ITEM_CODES):
        scores = check_in.answers
        components = [
            _answer_component(code, text, score, PHQ9_ANSWERS, PHQ9_ANSWER_CODES)
            for code, text, score in zip(PHQ9_ITEM_CODES, PHQ9_ITEMS, scores, strict=True)
        ]
    else:
        # A total taken in the clinic: item 9 is still known (the crisis path needs it).
        components = [
            _answer_component(
                PHQ9_ITEM_CODES[8], PHQ9_ITEMS[8], check_in.item9, PHQ9_ANSWERS, PHQ9_ANSWER_CODES
            )
        ]
    if check_in.difficulty is not None:
        components.append(
            _answer_component(
                PHQ9_DIFFICULTY,
                "Difficulty of the problems in daily life",
                check_in.difficulty,
                PHQ9_DIFFICULTY_ANSWERS,
                PHQ9_DIFFICULTY_CODES,
            )
        )
    return components


def _observation(check_in, patient_ref, plan_ref):
    clinic = check_in.source == CheckIn.Source.CLINIC
    return {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:tms-portal:check-in", "value": str(check_in.pk)}],
        "basedOn": [{"reference": plan_ref}],
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                        "display": "Survey",
                    }
                ]
            }
        ],
        "code": {
            "coding": [_loinc(PHQ9_TOTAL, "Patient Health Questionnaire 9 item total score")],
            "text": "PHQ-9 total score",
        },
        "subject": {"reference": patient_ref},
        "effectiveDateTime": _date(check_in.taken_on),
        "valueQuantity": {
            "value": check_in.total,
            "unit": "{score}",
            "system": UCUM,
            "code": "{score}",
        },
        "method": {"text": "Taken in the clinic" if clinic else "Filled in by the patient"},
        "component": _components(check_in),
    }


def _without_nones(value):
    if isinstance(value, dict):
        return {k: _without_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nones(v) for v in value]
    return value


def course_bundle(course, *, now=None):
    """The course as a validated ``fhir.resources.R4B`` Bundle."""
    course = (
        Course.objects.select_related("patient", "intake", "protocol")
        .prefetch_related("authorizations__extensions", "sessions", "check_ins")
        .get(pk=course.pk)
    )
    patient_ref = _urn("course", course.pk, "patient")
    plan_ref = _urn("course", course.pk, "care-plan")
    sessions = [(_urn("session", s.pk), s) for s in course.sessions.all()]
    check_ins = [(_urn("check-in", c.pk), c) for c in course.check_ins.all()]
    plan = _care_plan(course, patient_ref, [r for r, _ in sessions], [r for r, _ in check_ins])
    entries = [(patient_ref, _patient(course)), (plan_ref, plan)]
    entries += [(ref, _procedure(s, patient_ref, plan_ref)) for ref, s in sessions]
    entries += [(ref, _observation(c, patient_ref, plan_ref)) for ref, c in check_ins]
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "identifier": {"system": "urn:tms-portal:course", "value": str(course.pk)},
            "type": "collection",
            "timestamp": timezone.localtime(now or timezone.now()).isoformat(),
            "entry": [
                {"fullUrl": url, "resource": _without_nones(resource)} for url, resource in entries
            ],
        }
    )


def course_bundle_json(course, *, now=None):
    """The Bundle as FHIR JSON text."""
    return course_bundle(course, now=now).model_dump_json(exclude_none=True, indent=2)

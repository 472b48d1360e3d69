"""Courses for tests: ``course_of(intake)`` gives an active course with an authorization, an
extension, sessions and check-ins, each part adjustable."""

from datetime import date, timedelta

import factory

from treatment.demo import weekdays as session_dates
from treatment.models import (
    Authorization,
    AuthorizationExtension,
    CheckIn,
    Course,
    CptCode,
    OutcomeDefinition,
    Protocol,
    TreatmentSession,
)

START = date(2026, 11, 2)  # a Monday


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol
        django_get_or_create = ("name",)

    name = "10 Hz left DLPFC"
    description = "10 Hz, 120% MT, 3,000 pulses, about 37 minutes"
    default_target = "Left DLPFC"
    default_pulses = 3000
    default_intensity_pct_mt = 120
    default_sessions = 36


def course_of(
    intake,
    *,
    status=Course.Status.ACTIVE,
    start=START,
    planned=36,
    approved=30,
    extension=None,
    sessions=3,
    scores=(19, 15),
    **fields,
):
    """A course for ``intake``'s patient: an authorization of ``approved`` sessions (and an
    extension of ``extension`` more), ``sessions`` sessions on weekdays from ``start``, and a
    weekly check-in per score in ``scores`` (the first is the baseline, taken on ``start``)."""
    if not OutcomeDefinition.objects.exists():  # load_clinic_setup loads the clinic's
        OutcomeDefinition.objects.create(source="docs/clinical-facts.md section 4y")
    course = Course.objects.create(
        patient=intake.patient,
        intake=intake,
        protocol=ProtocolFactory(),
        planned_sessions=planned,
        start_date=start,
        status=status,
        **fields,
    )
    authorization = Authorization.objects.create(
        course=course,
        payer="Sample Health",
        number="PA-1001",
        approved_sessions=approved,
        valid_from=start,
        valid_to=start + timedelta(days=60),
    )
    if extension:
        AuthorizationExtension.objects.create(
            authorization=authorization,
            number="PA-1001-X",
            sessions=extension,
            valid_from=start + timedelta(days=61),
            valid_to=start + timedelta(days=90),
        )
    for number, day in enumerate(session_dates(start, sessions), start=1):
        TreatmentSession.objects.create(
            course=course,
            number=number,
            date=day,
            cpt_code=CptCode.INITIAL if number == 1 else CptCode.SUBSEQUENT,
            motor_threshold=55,
            intensity_pct_mt=120,
            pulses=3000,
            target="Left DLPFC",
        )
    for week, total in enumerate(scores):
        CheckIn.objects.create(
            course=course,
            taken_on=start + timedelta(days=7 * week),
            source=CheckIn.Source.PATIENT,
            answers=[],
            total=total,
            item9=0,
        )
    return course

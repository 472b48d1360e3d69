"""The course in the patient's data rights: their copy lists their courses with the
authorizations, sessions and PHQ-9 check-ins, and a deletion removes them (with their change-log
rows). Registered with intake's patient-rights service in ``TreatmentConfig.ready()``."""

from .models import Authorization, AuthorizationExtension, CheckIn, Course, TreatmentSession

# Staff-side bookkeeping the patient's copy leaves out: staff accounts and the care team's notes.
_SESSION_FIELDS = (
    "number",
    "date",
    "cpt_code",
    "motor_threshold",
    "intensity_pct_mt",
    "pulses",
    "target",
    "side_effects",
)
_CHECK_IN_FIELDS = ("taken_on", "source", "answers", "total", "item9", "difficulty")
_DATES = ("valid_from", "valid_to")


def _pick(obj, names):
    return {name: getattr(obj, name) for name in names}


def _authorization(authorization):
    return {
        **_pick(authorization, ("payer", "number", "approved_sessions", *_DATES)),
        "extensions": [
            _pick(e, ("number", "sessions", *_DATES)) for e in authorization.extensions.all()
        ],
    }


def export(user):
    """The patient's courses, oldest first, as JSON-ready values."""
    courses = (
        Course.objects.for_patient(user)
        .select_related("protocol")
        .prefetch_related("authorizations__extensions", "sessions", "check_ins")
        .order_by("start_date", "pk")
    )
    return [
        {
            "id": course.pk,
            "intake": course.intake_id,
            "protocol": course.protocol.name,
            "status": course.status,
            "status_label": course.get_status_display(),
            "planned_sessions": course.planned_sessions,
            "start_date": course.start_date,
            "ended_on": course.ended_on,
            "stopped_reason": course.stopped_reason,
            "authorizations": [_authorization(a) for a in course.authorizations.all()],
            "sessions": [_pick(s, _SESSION_FIELDS) for s in course.sessions.all()],
            "check_ins": [_pick(c, _CHECK_IN_FIELDS) for c in course.check_ins.all()],
        }
        for course in courses
    ]


def records(user):
    """The patient's rows, children before their parents."""
    courses = Course.objects.filter(patient=user)
    return (
        CheckIn.objects.filter(course__in=courses),
        TreatmentSession.objects.filter(course__in=courses),
        AuthorizationExtension.objects.filter(authorization__course__in=courses),
        Authorization.objects.filter(course__in=courses),
        courses,
    )

from .checkins import CheckIn, CheckInLink
from .course import Authorization, AuthorizationExtension, Course, CourseQuerySet, Protocol
from .outcomes import OutcomeDefinition
from .sessions import CptCode, TreatmentSession

__all__ = [
    "Authorization",
    "AuthorizationExtension",
    "CheckIn",
    "CheckInLink",
    "Course",
    "CourseQuerySet",
    "CptCode",
    "OutcomeDefinition",
    "Protocol",
    "TreatmentSession",
]

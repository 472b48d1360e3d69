"""The clinic's outcomes: per course the PHQ-9 at baseline and latest, response and remission
(through :mod:`treatment.trajectory` and the clinic's :class:`OutcomeDefinition`), the sessions
and the authorization; across completed courses the response and remission rates.

``outcomes_report`` (the command), the admin's Outcomes page and its CSV all read this module.
Reading every course costs a fixed number of queries (the prefetches below), whatever the count.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch

from .models import Authorization, CheckIn, Course, OutcomeDefinition
from .trajectory import Thresholds, trajectory

# The keys of one course in ``outcomes_report --json`` (docs/contract.md), in order.
JSON_COURSE_KEYS = (
    "id",
    "status",
    "baseline_phq9",
    "latest_phq9",
    "response",
    "remission",
    "sessions_done",
    "sessions_planned",
    "sessions_authorized",
    "authorization_remaining",
)


def authorized_sessions(course):
    """Sessions the payer authorized for ``course``: every authorization's approved sessions
    plus their extensions; None when the course has no authorization. Reads the prefetched
    ``authorizations`` and ``extensions`` when there are some."""
    authorizations = list(course.authorizations.all())
    if not authorizations:
        return None
    return sum(
        auth.approved_sessions + sum(ext.sessions for ext in auth.extensions.all())
        for auth in authorizations
    )


def thresholds(rule=None):
    rule = rule or OutcomeDefinition.current()
    return Thresholds(rule.response_drop_percent, rule.remission_below)


@dataclass(frozen=True)
class CourseOutcome:
    course: Course
    baseline_phq9: int | None
    latest_phq9: int | None
    change: int | None
    response: bool | None
    remission: bool | None
    sessions_done: int
    sessions_authorized: int | None

    @property
    def id(self):
        return self.course.pk

    @property
    def status(self):
        return self.course.status

    @property
    def sessions_planned(self):
        return self.course.planned_sessions

    @property
    def authorization_remaining(self):
        """Authorized minus done; below 0 when sessions went past the authorization."""
        if self.sessions_authorized is None:
            return None
        return self.sessions_authorized - self.sessions_done

    def as_json(self):
        return {key: getattr(self, key) for key in JSON_COURSE_KEYS}


@dataclass(frozen=True)
class Rate:
    """A share of the completed courses: ``count`` of ``of`` (those with two check-ins)."""

    count: int
    of: int

    @property
    def value(self):
        """0 to 1, or None when no completed course has two check-ins."""
        return round(self.count / self.of, 4) if self.of else None


@dataclass(frozen=True)
class Outcomes:
    courses: list[CourseOutcome]
    response: Rate
    remission: Rate
    completed: int
    definition: OutcomeDefinition

    def as_json(self):
        return {
            "courses": [course.as_json() for course in self.courses],
            "response_rate": self.response.value,
            "remission_rate": self.remission.value,
        }


def courses_for_outcomes():
    """Every course with what its outcome needs, in a fixed number of queries."""
    return (
        Course.objects.select_related("patient", "intake")
        .annotate(sessions_done=Count("sessions", distinct=True))
        .prefetch_related(
            Prefetch(
                "check_ins",
                queryset=CheckIn.objects.order_by("taken_on", "pk").only(
                    "course_id", "taken_on", "total"
                ),
                to_attr="ordered_check_ins",
            ),
            Prefetch(
                "authorizations",
                queryset=Authorization.objects.prefetch_related("extensions"),
            ),
        )
        .order_by("pk")
    )


def course_outcome(course, rule_thresholds):
    check_ins = getattr(course, "ordered_check_ins", None)
    if check_ins is None:
        check_ins = course.check_ins.order_by("taken_on", "pk")
    path = trajectory([(c.taken_on, c.total) for c in check_ins], rule_thresholds)
    done = getattr(course, "sessions_done", None)
    return CourseOutcome(
        course=course,
        baseline_phq9=path.baseline,
        latest_phq9=path.latest,
        change=path.change,
        response=path.response,
        remission=path.remission,
        sessions_done=course.sessions.count() if done is None else done,
        sessions_authorized=authorized_sessions(course),
    )


def outcomes(queryset=None):
    """The outcomes of ``queryset`` (every course by default) and the rates over its
    completed courses."""
    definition = OutcomeDefinition.current()
    rule_thresholds = thresholds(definition)
    if queryset is None:
        queryset = courses_for_outcomes()
    rows = [course_outcome(course, rule_thresholds) for course in queryset]
    completed = [row for row in rows if row.status == Course.Status.COMPLETED]
    responded = [row.response for row in completed if row.response is not None]
    remitted = [row.remission for row in completed if row.remission is not None]
    return Outcomes(
        courses=rows,
        response=Rate(sum(responded), len(responded)),
        remission=Rate(sum(remitted), len(remitted)),
        completed=len(completed),
        definition=definition,
    )

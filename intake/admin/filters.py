"""The review queue's filters, and the queries the reviewer's home counts with (the same
conditions, so each count's link shows exactly the intakes counted)."""

import datetime

from django.conf import settings
from django.contrib import admin
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from ..eligibility.vocabulary import (
    CRITERIA,
    PHQ9_SEVERITY_LABELS,
    SAFETY_CAUTION,
    SAFETY_STOP,
    SEVERITY_BANDS,
)
from ..models import CriteriaProfile, SafetyAnswer, Status
from ..services.results import CRITERION_STAFF_WORDS
from ..services.urgent import shown_by_default

# The statuses in which an intake waits for the clinic (not the patient, not closed).
WITH_THE_CLINIC = (Status.SUBMITTED, Status.IN_REVIEW)

# Urgent and nobody acknowledged it yet (an urgent intake without its alert row counts too).
NEEDS_ACKNOWLEDGING = Q(urgent=True) & (
    Q(urgent_alert__isnull=True) | Q(urgent_alert__acknowledged_at__isnull=True)
)


# Urgent and no risk follow-up recorded yet (acknowledged or not).
NEEDS_FOLLOWUP = Q(urgent=True) & (
    Q(urgent_alert__isnull=True) | Q(urgent_alert__followup_at__isnull=True)
)


def queue_rank():
    """0 for an urgent intake nobody acknowledged, 1 for the rest: the queue's first key."""
    return Case(
        When(NEEDS_ACKNOWLEDGING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


def safety_yes(keys):
    """Whether the intake has a "yes" to one of the safety questions ``keys``."""
    return Exists(SafetyAnswer.objects.filter(intake=OuterRef("pk"), key__in=keys, answer="yes"))


def overdue_since():
    """Intakes sent before this, still with the clinic, are overdue (REVIEW_DUE_DAYS)."""
    return timezone.now() - datetime.timedelta(days=settings.REVIEW_DUE_DAYS)


def is_overdue():
    """Sent more than REVIEW_DUE_DAYS days ago and still with the clinic."""
    return Q(status__in=WITH_THE_CLINIC, submitted_at__lt=overdue_since())


def overdue(queryset):
    return queryset.filter(is_overdue())


def needs_followup(queryset):
    """Urgent intakes with no risk follow-up recorded (acknowledged or not): open ones, and
    closed ones whose alert was raised again after they closed."""
    return queryset.filter(NEEDS_FOLLOWUP).filter(shown_by_default())


class StatusFilter(admin.SimpleListFilter):
    """By status; with none chosen, the open intakes (closed ones only when asked for, or when
    their urgent alert was raised again after they closed)."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Status.choices, (self.ALL, "All, closed ones included")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.filter(shown_by_default())
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Open (not closed), or urgent again",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class SafetyFilter(admin.SimpleListFilter):
    title = "safety answers"
    parameter_name = "safety"

    def lookups(self, request, model_admin):
        return [
            ("stop", "Stop: an implant or device to clear"),
            ("caution", "Caution: to check with the patient"),
            ("any", "Stop or caution"),
        ]

    def queryset(self, request, queryset):
        keys = {
            "stop": SAFETY_STOP,
            "caution": SAFETY_CAUTION,
            "any": (*SAFETY_STOP, *SAFETY_CAUTION),
        }.get(self.value())
        if keys:
            return queryset.filter(safety_yes(keys))
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        days = settings.REVIEW_DUE_DAYS
        return [("yes", f"Sent more than {days} day{'s' if days != 1 else ''} ago")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return overdue(queryset)
        return queryset


class SeverityFilter(admin.SimpleListFilter):
    title = "PHQ-9 severity"
    parameter_name = "severity"

    def lookups(self, request, model_admin):
        return [(key, PHQ9_SEVERITY_LABELS[key]) for _cut, key in SEVERITY_BANDS]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(review_severity=self.value())
        return queryset


class ProfileFilter(admin.SimpleListFilter):
    title = "criteria profile"
    parameter_name = "profile"

    def lookups(self, request, model_admin):
        return list(CriteriaProfile.objects.order_by("key").values_list("key", "name"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(review_profile_key=self.value())
        return queryset


class UnmetCriterionFilter(admin.SimpleListFilter):
    title = "unmet criterion"
    parameter_name = "unmet"

    def lookups(self, request, model_admin):
        return [(name, CRITERION_STAFF_WORDS.get(name, name)) for name in CRITERIA]

    def queryset(self, request, queryset):
        if self.value() in CRITERIA:
            return queryset.filter(review_unmet__contains=f",{self.value()},")
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned reviewer"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("nobody", "Not assigned")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class PatientWroteLastFilter(admin.SimpleListFilter):
    title = "messages"
    parameter_name = "patient_wrote_last"

    def lookups(self, request, model_admin):
        return [("yes", "The patient wrote last (waiting for an answer)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(patient_wrote_last=True)
        return queryset


def safety_answered():
    """Whether the patient answered at least one safety question."""
    return Exists(SafetyAnswer.objects.filter(intake=OuterRef("pk")).exclude(answer=""))

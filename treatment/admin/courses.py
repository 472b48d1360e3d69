"""Courses, their authorizations and extensions, and the protocols offered.

The course list shows each course's authorization counter with a warning in words; the course
page shows the PHQ-9 chart, the counter and the sessions above the form (a read of patient data:
an access event), and links to the log-session screen (treatment/admin/sessions.py).
"""

from itertools import pairwise

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from intake.audit import record_access
from intake.models import AccessEvent
from portal.admin_base import ModelAdmin

from ..models import Authorization, AuthorizationExtension, Course, Protocol
from ..services.courses import (
    counter_for,
    courses_needing_warning,
    day,
    warning_words,
    with_counter_data,
)
from ..services.sessions import consent_problem
from .fhir import CourseFhirMixin
from .packets import CoursePacketsMixin
from .sessions import LogSessionMixin, sessions_context


@admin.register(Protocol)
class ProtocolAdmin(ModelAdmin):
    list_display = ("name", "description", "default_sessions", "active")
    list_filter = ("active",)
    search_fields = ("name",)


# --- authorizations ----------------------------------------------------------------------------


def date_problems(*, valid_from, valid_to, course_start, what):
    """Plain messages for one grant's dates, keyed by field."""
    problems = {}
    if valid_from and valid_to and valid_to < valid_from:
        problems["valid_to"] = f"The {what} ends before it starts: check the dates."
    if valid_from and course_start and valid_from < course_start:
        problems["valid_from"] = (
            f"The {what} starts before the course ({day(course_start)}): check the dates."
        )
    return problems


class AuthorizationFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            problems = date_problems(
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
                course_start=self.instance.start_date,
                what="authorization",
            )
            for field, message in problems.items():
                form.add_error(field, message)
            if not problems and data.get("valid_from") and data.get("valid_to"):
                kept.append(data)
        kept.sort(key=lambda data: data["valid_from"])
        for earlier, later in pairwise(kept):
            if later["valid_from"] <= earlier["valid_to"]:
                raise forms.ValidationError(
                    f"Two authorizations overlap ({earlier['number']} and {later['number']}): "
                    "one course's authorizations follow each other. For more sessions on the "
                    "same authorization, add an extension.",
                    code="overlap",
                )


class AuthorizationInline(admin.StackedInline):
    model = Authorization
    formset = AuthorizationFormSet
    extra = 0
    fields = ("payer", "number", "approved_sessions", "valid_from", "valid_to")


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = (
            "patient",
            "intake",
            "protocol",
            "planned_sessions",
            "start_date",
            "status",
            "stopped_reason",
            "ended_on",
            "clinician",
        )

    def clean(self):
        data = super().clean()
        intake, patient = data.get("intake"), data.get("patient")
        if intake and patient and intake.patient_id != patient.pk:
            self.add_error("intake", "This intake is another patient's: choose the patient's own.")
        starts = data.get("status") == Course.Status.ACTIVE and (
            self.instance.pk is None or self.initial.get("status") != Course.Status.ACTIVE
        )
        if starts and patient and (problem := consent_problem(patient)):
            self.add_error("status", problem)
        if data.get("status") == Course.Status.STOPPED and not data.get("stopped_reason"):
            self.add_error("stopped_reason", "Write why the course stopped early.")
        return data


# --- the course list and page ------------------------------------------------------------------


class AuthorizationFilter(admin.SimpleListFilter):
    title = "authorization"
    parameter_name = "authorization"

    def lookups(self, request, model_admin):
        return [("running_low", "Running low or ending soon")]

    def queryset(self, request, queryset):
        if self.value() == "running_low":
            ids = [course.pk for course, _ in courses_needing_warning(queryset=queryset)]
            return queryset.filter(pk__in=ids)
        return queryset


@admin.register(Course)
class CourseAdmin(LogSessionMixin, CourseFhirMixin, CoursePacketsMixin, ModelAdmin):
    list_display = (
        "patient_column",
        "protocol",
        "status",
        "session_column",
        "authorization_column",
        "warning_column",
        "log_column",
    )
    list_filter = ("status", AuthorizationFilter, "protocol")
    list_select_related = ("patient", "intake", "protocol")
    search_fields = ("patient__email", "patient__full_name", "intake__legal_name")
    raw_id_fields = ("patient", "intake", "clinician")
    form = CourseForm
    inlines = [AuthorizationInline]
    change_form_template = "admin/treatment/course/change_form.html"
    view_on_site = False
    fieldsets = (
        (None, {"fields": ("patient", "intake", "protocol", "planned_sessions", "start_date")}),
        ("Status", {"fields": ("status", "stopped_reason", "ended_on", "clinician")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match and match.url_name and match.url_name.endswith("changelist"):
            queryset = with_counter_data(queryset)
        return queryset

    def _counter(self, course):
        if not hasattr(course, "_counter"):
            course._counter = counter_for(course)
        return course._counter

    @admin.display(description="patient", ordering="patient__email")
    def patient_column(self, course):
        name = course.intake.legal_name or course.patient.get_full_name()
        return format_html("{}<br><small>{}</small>", name or "—", course.patient.email)

    @admin.display(description="sessions")
    def session_column(self, course):
        return f"{len(course.sessions.all())} of {course.planned_sessions}"

    @admin.display(description="authorization: used / approved")
    def authorization_column(self, course):
        counter = self._counter(course)
        if not counter.has_authorization:
            return "—"
        return format_html(
            "{} / {}, {} left<br><small>until {}</small>",
            counter.used,
            counter.approved,
            counter.remaining,
            day(counter.ends_on),
        )

    @admin.display(description="warning")
    def warning_column(self, course):
        words = warning_words(course, self._counter(course))
        return format_html('<strong class="course-warning">⚠ {}</strong>', words) if words else ""

    @admin.display(description="")
    def log_column(self, course):
        if not course.is_open:
            return ""
        return format_html('<a href="{}">Log a session</a>', self.log_session_url(course))

    def changelist_view(self, request, extra_context=None):
        # The list shows patients' names and their courses: a read of patient data.
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record_access(request, AccessEvent.Action.VIEW, detail="TMS course list")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        course = self.get_object(request, object_id)
        if course is not None and self.has_view_permission(request, course):
            if request.method in ("GET", "HEAD"):
                record_access(
                    request, AccessEvent.Action.VIEW, intake=course.intake, detail="TMS course"
                )
            counter = counter_for(course)
            extra_context = {
                **(extra_context or {}),
                **sessions_context(request, course),
                "counter": counter,
                "warning": warning_words(course, counter),
                "authorizations": course.authorizations.prefetch_related("extensions"),
            }
        return super().change_view(request, object_id, form_url, extra_context)


# --- extensions --------------------------------------------------------------------------------


class ExtensionForm(forms.ModelForm):
    class Meta:
        model = AuthorizationExtension
        fields = ("authorization", "number", "sessions", "valid_from", "valid_to")

    def clean(self):
        data = super().clean()
        authorization = data.get("authorization")
        problems = date_problems(
            valid_from=data.get("valid_from"),
            valid_to=data.get("valid_to"),
            course_start=authorization.course.start_date if authorization else None,
            what="extension",
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data


@admin.register(AuthorizationExtension)
class AuthorizationExtensionAdmin(ModelAdmin):
    form = ExtensionForm
    list_display = ("authorization", "course_column", "sessions", "valid_from", "valid_to")
    list_select_related = ("authorization",)
    raw_id_fields = ("authorization",)

    @admin.display(description="course")
    def course_column(self, extension):
        return f"TMS course {extension.authorization.course_id}"

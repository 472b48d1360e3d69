"""Logging a session in one screen (``admin:treatment_course_log_session``), the sessions table
of the course page, and the session admin for corrections."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from intake.audit import record_access
from intake.models import AccessEvent
from portal.admin_base import ModelAdmin

from ..models import Course, CptCode, TreatmentSession
from ..services.courses import counter_for, warning_words
from ..services.sessions import (
    SessionError,
    consent_problem,
    cpt_code_for,
    log_session,
    next_session,
)

LOG_PERMISSION = "treatment.add_treatmentsession"
REASON = "beyond_authorization_reason"


class SessionForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    motor_threshold = forms.IntegerField(
        label="Motor threshold (% of machine output)", required=False, min_value=1, max_value=100
    )
    threshold_measured_again = forms.BooleanField(
        label="Motor threshold measured again today",
        required=False,
        help_text="Sets the CPT code to 90869.",
    )
    intensity_pct_mt = forms.IntegerField(
        label="Intensity (% of motor threshold)", required=False, min_value=1, max_value=200
    )
    pulses = forms.IntegerField(required=False, min_value=1, max_value=20000)
    target = forms.CharField(max_length=80, required=False)
    side_effects = forms.CharField(
        max_length=500, required=False, help_text="For example: mild headache, scalp discomfort."
    )
    notes = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )
    cpt_code = forms.ChoiceField(
        label="CPT code",
        required=False,
        choices=[
            ("", "By rule (90867 first, 90868 later, 90869 threshold again)"),
            *CptCode.choices,
        ],
    )
    beyond_authorization_reason = forms.CharField(
        label="Why this session takes place beyond the authorization or the plan",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


def initial_for(course, number):
    """Today, the next number, and the last session's settings (else the protocol's)."""
    last = course.sessions.order_by("-number").first()
    protocol = course.protocol
    return {
        "number": number,
        "date": timezone.localdate(),
        "motor_threshold": last.motor_threshold if last else None,
        "intensity_pct_mt": last.intensity_pct_mt if last else protocol.default_intensity_pct_mt,
        "pulses": last.pulses if last else protocol.default_pulses,
        "target": last.target if last else protocol.default_target,
    }


def sessions_context(request, course):
    """The course page's sessions table and its "Log a session" link."""
    return {
        "sessions": course.sessions.select_related("recorded_by").order_by("-number"),
        "can_log": course.is_open and request.user.has_perm(LOG_PERMISSION),
        "log_url": reverse("admin:treatment_course_log_session", args=[course.pk]),
    }


class LogSessionMixin:
    """The log-session screen, for the course admin."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.log_session_view)
        return [
            path("<path:object_id>/log-session/", view, name="treatment_course_log_session"),
            *super().get_urls(),
        ]

    def log_session_url(self, course):
        return reverse("admin:treatment_course_log_session", args=[course.pk])

    def log_session_view(self, request, object_id):
        if not request.user.has_perm(LOG_PERMISSION):
            raise PermissionDenied
        course = get_object_or_404(
            Course.objects.select_related("patient", "intake", "protocol"),
            pk=int(object_id) if str(object_id).isdigit() else -1,
        )
        posted = request.method == "POST"
        form = SessionForm(request.POST if posted else None, initial=initial_for(course, 0))
        if posted and form.is_valid():
            try:
                log_session(course=course, by=request.user, **form.cleaned_data)
            except SessionError as error:
                self._refused(form, course, error)
            else:
                messages.success(request, f"Session {form.cleaned_data['number']} is logged.")
                return redirect("admin:treatment_course_change", course.pk)
        elif not posted:
            record_access(
                request, AccessEvent.Action.VIEW, intake=course.intake, detail="TMS session log"
            )
        return self._log_page(request, course, form)

    def _refused(self, form, course, error):
        form.add_error(error.field, str(error))

    def _log_page(self, request, course, form):
        day = getattr(form, "cleaned_data", {}).get("date") or timezone.localdate()
        upcoming = next_session(course, day=day)
        counter = counter_for(course)
        rule = cpt_code_for(upcoming.number)
        form.fields["cpt_code"].choices = [
            (
                "",
                f"By rule: {rule}" + (" (90869 if measured again)" if upcoming.number > 1 else ""),
            ),
            *CptCode.choices,
        ]
        if form.is_bound:
            form.data = form.data.copy()
            form.data["number"] = upcoming.number
        else:
            form.initial["number"] = upcoming.number
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Log session {upcoming.number} of {upcoming.planned}",
            "course": course,
            "form": form,
            "upcoming": upcoming,
            "show_reason": upcoming.needs_reason or REASON in form.errors,
            "counter": counter,
            "warning": warning_words(course, counter),
            "consent_problem": consent_problem(course.patient) if upcoming.number == 1 else "",
        }
        status = 400 if form.is_bound and form.errors else 200
        return TemplateResponse(
            request, "admin/treatment/course/log_session.html", context, status=status
        )


class SessionCorrectionForm(forms.ModelForm):
    class Meta:
        model = TreatmentSession
        fields = (
            "date",
            "cpt_code",
            "motor_threshold",
            "intensity_pct_mt",
            "pulses",
            "target",
            "side_effects",
            "notes",
            "beyond_authorization_reason",
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date is in the future.", code="future")
        if day < self.instance.course.start_date:
            raise forms.ValidationError("The date is before the course started.", code="early")
        return day


@admin.register(TreatmentSession)
class TreatmentSessionAdmin(ModelAdmin):
    """Corrections of a logged session; new sessions are logged from the course."""

    form = SessionCorrectionForm

    list_display = ("__str__", "course", "date", "cpt_code", "recorded_by")
    list_select_related = ("course", "recorded_by")
    readonly_fields = ("course", "number", "recorded_by", "recorded_at")
    fields = (
        "course",
        "number",
        "date",
        "cpt_code",
        "motor_threshold",
        "intensity_pct_mt",
        "pulses",
        "target",
        "side_effects",
        "notes",
        "beyond_authorization_reason",
        "recorded_by",
        "recorded_at",
    )

    def has_add_permission(self, request):
        return False

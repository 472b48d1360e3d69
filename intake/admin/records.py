"""django-auditlog's change log in the admin, fitted to this project: its search works with our
User (email, full name: there is no first_name), and opening an entry about an intake's data
records an access event, as any other read of patient data does (intake/audit.py)."""

from auditlog.admin import LogEntryAdmin as _LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

from .audit import record_access
from .models import (
    AccessEvent,
    Intake,
    IntakeMessage,
    SafetyAnswer,
    StatusChange,
    Trial,
    UrgentAlert,
)

# The models whose change-log entries show a patient's data, all with an ``intake`` link.
INTAKE_PARTS = (Trial, SafetyAnswer, StatusChange, UrgentAlert, IntakeMessage)


def intake_id_of(entry):
    """The id of the intake a change-log entry is about, or None if it is about no intake."""
    model = entry.content_type.model_class()
    if model is Intake:
        return int(entry.object_pk) if entry.object_pk.isdigit() else None
    if model not in INTAKE_PARTS:
        return None
    found = model.objects.filter(pk=entry.object_pk).values_list("intake_id", flat=True).first()
    if found is not None:
        return found
    # A part deleted since: its create and delete entries name the intake.
    for candidate in (
        entry,
        *LogEntry.objects.filter(content_type=entry.content_type, object_pk=entry.object_pk),
    ):
        values = (candidate.changes or {}).get("intake") or []
        for value in values:
            if str(value).isdigit():
                return int(value)
    return None


def is_about_patient_data(entry):
    model = entry.content_type.model_class()
    return model is Intake or model in INTAKE_PARTS


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(_LogEntryAdmin):
    search_fields = ["object_repr", "changes", "actor__email", "actor__full_name"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        entry = LogEntry.objects.filter(pk=object_id).select_related("content_type").first()
        if response.status_code == 200 and entry is not None and is_about_patient_data(entry):
            record_access(
                request,
                AccessEvent.Action.VIEW,
                intake_id=intake_id_of(entry),
                detail=f"Audit log entry {entry.pk} ({entry.content_type.model} {entry.object_pk})",
            )
        return response

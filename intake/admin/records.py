"""The records in the admin: django-auditlog's change log, the access events, and patients'
deletion requests.

The change log is fitted to this project: its search works with our User (email, full name:
there is no first_name), and opening its list, or an entry about an intake's data, records an
access event, as any other read of patient data does (intake/audit.py)."""

from auditlog.admin import LogEntryAdmin as _LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType

from portal.admin_base import ModelAdmin, ReadOnlyModelAdmin, ValidSelectionMixin

from ..audit import client_address, record_access
from ..models import (
    AccessEvent,
    DeletionRequest,
    Intake,
    IntakeMessage,
    SafetyAnswer,
    StatusChange,
    Trial,
    UrgentAlert,
)
from ..services import rights

# The models whose change-log entries show a patient's data, all with an ``intake`` link.
INTAKE_PARTS = (Trial, SafetyAnswer, StatusChange, UrgentAlert, IntakeMessage)


# The foreign key from a row of another app's model (the TMS course's, registered with the
# change log in its AppConfig) to its parent, one step on the way to its intake. Intake may not
# import those apps, so they are named, not imported.
PARENT_FIELD = {
    "treatment.course": "intake",
    "treatment.checkin": "course",
    "treatment.treatmentsession": "course",
    "treatment.authorization": "course",
    "treatment.authorizationextension": "authorization",
}


def _parent_id_from_log(content_type, pk, field):
    """The parent a deleted row pointed at: its create and delete entries name it."""
    for changes in LogEntry.objects.filter(content_type=content_type, object_pk=pk).values_list(
        "changes", flat=True
    ):
        for value in (changes or {}).get(field) or []:
            if str(value).isdigit():
                return int(value)
    return None


def _intake_id(model, pk):
    if model is Intake:
        return int(pk) if str(pk).isdigit() else None
    field = "intake" if model in INTAKE_PARTS else PARENT_FIELD.get(model._meta.label_lower)
    if field is None:
        return None
    parent_id = model._default_manager.filter(pk=pk).values_list(f"{field}_id", flat=True).first()
    if parent_id is None:  # the row was deleted since
        content_type = ContentType.objects.get_for_model(model)
        parent_id = _parent_id_from_log(content_type, str(pk), field)
    if parent_id is None:
        return None
    return _intake_id(model._meta.get_field(field).related_model, parent_id)


def intake_id_of(entry):
    """The id of the intake a change-log entry is about, or None if it is about no intake. A
    row deleted since, and its parents if they went too, are followed through their entries."""
    model = entry.content_type.model_class()
    return _intake_id(model, entry.object_pk) if model is not None else None


def is_about_patient_data(entry):
    """The change log's models that hold a patient's data: the intake and its parts, and the
    TMS course's rows (their PHQ-9 answers, side effects, authorizations). Only the alert
    deliveries (to whom an alert was mailed, and when) are not."""
    model = entry.content_type.model_class()
    return model is not None and (
        model is Intake or model in INTAKE_PARTS or model._meta.label_lower in PARENT_FIELD
    )


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(ValidSelectionMixin, _LogEntryAdmin):
    search_fields = ["object_repr", "changes", "actor__email", "actor__full_name"]

    def changelist_view(self, request, extra_context=None):
        """The list shows entries about patients' data: reading it is recorded, with its
        filters and search (a HEAD reads nothing)."""
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            filters = request.GET.urlencode() or "none"
            record_access(
                request, AccessEvent.Action.VIEW, detail=f"Audit log list; filters: {filters}"
            )
        return response

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


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyModelAdmin):
    """Who viewed or exported patient data: read-only for everyone, superusers included."""

    list_display = ("at", "user_email", "action", "intake_id", "remote_addr", "detail")
    list_filter = ("action",)
    search_fields = ("user_email", "=intake_id", "remote_addr")
    date_hierarchy = "at"


@admin.register(DeletionRequest)
class DeletionRequestAdmin(ModelAdmin):
    """Patients' deletion requests. Clinical reviewers carry one out with the action; the
    intakes the clinic already reviewed are kept without identity (intake/services/rights.py)."""

    list_display = ("__str__", "requested_at", "state", "result", "done_at", "done_by")
    list_filter = ("state",)
    readonly_fields = (
        "patient",
        "requested_at",
        "state",
        "done_at",
        "done_by",
        "result",
        "kept_intakes",
        "deleted_intakes",
    )
    actions = ("carry_out",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description="Carry out: delete the account and data (anonymise reviewed intakes)",
        permissions=["change"],
    )
    def carry_out(self, request, queryset):
        done = 0
        for deletion_request in queryset.filter(state=DeletionRequest.State.PENDING):
            try:
                rights.carry_out_deletion(
                    deletion_request=deletion_request,
                    by=request.user,
                    remote_addr=client_address(request),
                )
            except rights.DeletionError as error:
                self.message_user(request, f"{deletion_request}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"Carried out {done} deletion request(s).", messages.SUCCESS)
        else:
            self.message_user(request, "No pending request was carried out.", messages.WARNING)

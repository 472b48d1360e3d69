"""The records requests and the consent records on the intake's page, and the staff's tracking
of each request (sent, received, dates, note) on its own small page.

The intake's admin takes ``ReleaseMixin`` (one line in queue.py): it adds a read-only table of
the patient's prior prescribers and pharmacies (each with a link to its tracking page), headed
by what the patient signed: the privacy notice, the records release and the TMS consent (which
version, when), and for a patient under 18 their parent or guardian's consent."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format

from portal.admin_base import ModelAdmin
from portal.models import PolicyText
from portal.policies import current_text, latest_agreement

from ..audit import record_access
from ..guardian import is_minor
from ..models import AccessEvent, Guardian, ReleaseRequest

PATIENT_FIELDS = ("intake", "kind", "name", "practice", "phone", "city")
Kind = PolicyText.Kind


class ReleaseRequestInline(admin.TabularInline):
    model = ReleaseRequest
    template = "admin/intake/intake/release_inline.html"
    # Two columns, so that the table fits a phone's width as well as a desk's.
    fields = ("doctor_or_pharmacy", "request_state")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "Records requests (prior prescribers and pharmacies)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="doctor or pharmacy")
    def doctor_or_pharmacy(self, obj):
        details = ", ".join(part for part in (obj.practice, obj.city, obj.phone) if part)
        label = f"{obj.get_kind_display()}: {obj.name}"
        return f"{label} ({details})" if details else label

    @admin.display(description="request")
    def request_state(self, obj):
        parts = [obj.get_state_display()]
        if obj.sent_on:
            parts.append(f"sent {date_format(obj.sent_on)}")
        if obj.received_on:
            parts.append(f"received {date_format(obj.received_on)}")
        return ", ".join(parts)


def consent_records(intake):
    """What the intake's page shows of the patient's acknowledgments and signatures."""
    patient = intake.patient
    consent = current_text(Kind.TMS_CONSENT)
    return {
        "privacy": latest_agreement(patient, Kind.PRIVACY_NOTICE),
        "release": latest_agreement(patient, Kind.RECORDS_RELEASE),
        "tms": latest_agreement(patient, Kind.TMS_CONSENT),
        "tms_current_version": consent.version if consent else None,
        "minor": is_minor(intake),
        "guardian": Guardian.objects.filter(intake=intake).first(),
    }


class ReleaseMixin:
    """For the intake's admin: the records requests table and the consent records."""

    def get_inlines(self, request, obj):
        return (*super().get_inlines(request, obj), ReleaseRequestInline)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        intake = self.get_object(request, object_id)
        if intake is not None and self.has_view_permission(request, intake):
            extra_context = {**(extra_context or {}), "consent_records": consent_records(intake)}
        return super().change_view(request, object_id, form_url, extra_context)


class ReleaseRequestForm(forms.ModelForm):
    class Meta:
        model = ReleaseRequest
        fields = ("state", "sent_on", "received_on", "note")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        state = data.get("state")
        # Marking a request sent or received dates it today unless a date is given.
        if state in (ReleaseRequest.State.SENT, ReleaseRequest.State.RECEIVED):
            data["sent_on"] = data.get("sent_on") or today
        if state == ReleaseRequest.State.RECEIVED:
            data["received_on"] = data.get("received_on") or today
        for name in ("sent_on", "received_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, "This date is in the future.")
        return data


@admin.register(ReleaseRequest)
class ReleaseRequestAdmin(ModelAdmin):
    """Tracking the records requests: what the patient gave is read-only."""

    form = ReleaseRequestForm
    list_display = ("__str__", "intake", "kind", "name", "state", "sent_on", "received_on")
    list_filter = ("state", "kind")
    list_select_related = ("intake",)
    fields = (*PATIENT_FIELDS, "state", "sent_on", "received_on", "note")
    readonly_fields = PATIENT_FIELDS

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and self.has_view_permission(request):
            record_access(request, AccessEvent.Action.VIEW, detail="Records requests list")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET" and self.has_view_permission(request, obj):
            record_access(
                request, AccessEvent.Action.VIEW, intake_id=obj.intake_id, detail="Records request"
            )
        return super().change_view(request, object_id, form_url, extra_context)

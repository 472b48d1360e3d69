from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import F
from django.db.models.fields.json import KT
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from . import auditlog_admin, review_admin, rights, services, urgent_admin  # noqa: F401
from .audit import client_address, record_access
from .eligibility_admin import EligibilityReviewMixin
from .eligibility_data import CRITERION_STAFF_WORDS
from .models import (
    AccessEvent,
    DeletionRequest,
    Intake,
    IntakeStep,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IntakeStepInline(ReadOnlyInline):
    model = IntakeStep
    fields = ("step_title", "completed", "version", "saved_at")
    readonly_fields = fields

    @admin.display(description="step")
    def step_title(self, obj):
        return obj.title


@admin.register(Intake)
class IntakeAdmin(EligibilityReviewMixin, admin.ModelAdmin):
    """The review queue. The answers are the patient's and are never edited here; the review
    actions (buttons on the intake page) and exports go through review_admin and services.
    The intake page shows each answer once, in the review panel's "Answers, step by step"
    (change_form.html, from intake.summary); the fields below it are the review's own."""

    list_display = (
        "patient_column",
        "submitted_at",
        "status",
        "messages_column",
        "urgent_flag",
        "phq9_column",
        "trials_column",
        "profile_column",
        "assigned_to",
    )
    list_filter = (
        "status",
        "urgent",
        review_admin.SeverityFilter,
        review_admin.ProfileFilter,
        review_admin.UnmetCriterionFilter,
        review_admin.AssignedFilter,
        urgent_admin.UrgentAlertFilter,
        review_admin.PatientWroteLastFilter,
    )
    search_fields = ("patient__email", "patient__full_name", "legal_name", "preferred_name")
    list_select_related = ("patient", "assigned_to", "urgent_alert")
    # Urgent first, then the oldest submitted; drafts (never submitted) last.
    ordering = ("-urgent", F("submitted_at").asc(nulls_last=True), "pk")
    # Fifty a page: the urgent and oldest are on top, and a reviewer works from the top; half
    # of Django's default hundred halves the page's rendering (README "Performance").
    list_per_page = 50
    inlines = (IntakeStepInline,)
    actions = ("reevaluate",)
    change_form_template = "admin/intake/intake/change_form.html"
    change_list_template = "admin/intake/intake/change_list.html"
    fieldsets = (
        (
            "Status",
            {
                "fields": (
                    "patient",
                    "status",
                    "urgent",
                    "urgent_flagged_at",
                    "phq9_score",
                    "submitted_at",
                    "assigned_to",
                    "staff_message",
                    "outcome",
                    "closed_at",
                    ("countersigned_name", "countersigned_at"),
                )
            },
        ),
        ("Eligibility notes", {"fields": ("eligibility_review",)}),
        ("Advanced", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # The list reads one short phrase of the stored evaluation, not the whole of it.
            queryset = queryset.defer("evaluation").annotate(
                trial_counts=KT("evaluation__counts__staff"),
                profile_name=KT("evaluation__profile_name"),
            )
        return queryset

    @admin.display(description="medicine trials", ordering="review_failed_trials")
    def trials_column(self, obj):
        # The stored evaluation's own words, as on the intake page, the print packet and the
        # FHIR Bundle.
        return getattr(obj, "trial_counts", None) or "not evaluated"

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in Intake._meta.fields]
        return [*fields, "phq9_score", "eligibility_review"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only: the answers are the patient's. The review actions have their own views,
        # which check the "change intake" permission themselves.
        return False

    def has_delete_permission(self, request, obj=None):
        # An intake and its status history are records of care: never deleted from here.
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "export/csv/",
                wrap(lambda request: review_admin.csv_view(request, self)),
                name="intake_intake_export_csv",
            ),
            path(
                "<path:object_id>/print/",
                wrap(lambda r, object_id: review_admin.print_view(r, object_id, self.admin_site)),
                name="intake_intake_print",
            ),
            path(
                "<path:object_id>/fhir/",
                wrap(review_admin.fhir_view),
                name="intake_intake_fhir",
            ),
            *[
                path(
                    f"<path:object_id>/review/{action}/",
                    wrap(review_admin.review_action),
                    {"action": action},
                    name=f"intake_intake_{action}",
                )
                for action in review_admin.ACTIONS
            ],
            *urgent_admin.urls(self.admin_site),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_export": request.user.has_perm(review_admin.EXPORT_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        intake = self.get_object(request, object_id)
        if intake is not None and self.has_view_permission(request, intake):
            if request.method in ("GET", "HEAD"):
                record_access(request, AccessEvent.Action.VIEW, intake=intake)
            extra_context = {
                **(extra_context or {}),
                **review_admin.review_context(request, intake),
                **urgent_admin.urgent_context(request, intake),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Re-evaluate the selected intakes (their stored notes and counts)")
    def reevaluate(self, request, queryset):
        if not request.user.has_perm(review_admin.REVIEW_PERMISSION):
            self.message_user(request, "You cannot re-evaluate intakes.", messages.ERROR)
            return
        count = services.refresh_evaluations(queryset)
        self.message_user(request, f"{count} intakes re-evaluated.")

    def action_checkbox(self, obj):
        # Django's own column renders a form widget through the template engine for each row
        # (about a third of the list's time at 100 rows); this is the same markup.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            f"Select this object for an action - {obj}",
        )

    @admin.display(description="patient", ordering="legal_name")
    def patient_column(self, obj):
        name = obj.legal_name or obj.patient.get_full_name()
        return format_html("{}<br><small>{}</small>", name, obj.patient.email)

    @admin.display(description="profile and unmet criteria", ordering="review_profile_key")
    def profile_column(self, obj):
        if not obj.review_profile_key:
            return "not evaluated"
        unmet = ", ".join(CRITERION_STAFF_WORDS.get(name, name) for name in obj.unmet_criteria)
        return format_html(
            "{}<br><small>{}</small>",
            getattr(obj, "profile_name", None) or obj.review_profile_key,
            f"not met: {unmet}" if unmet else "none not met",
        )

    @admin.display(description="messages", ordering="patient_wrote_last")
    def messages_column(self, obj):
        if not obj.patient_wrote_last:
            return ""
        return format_html('<strong class="patient-wrote-last">{}</strong>', "Patient wrote")

    @admin.display(description="urgent", ordering="urgent")
    def urgent_flag(self, obj):
        if not obj.urgent:
            return ""
        alert = getattr(obj, "urgent_alert", None)
        if alert is None or not alert.acknowledged:
            state = "not acknowledged"
        elif not alert.has_followup:
            state = "acknowledged, no follow-up yet"
        else:
            state = "follow-up recorded"
        return format_html(
            '<strong class="errornote">Urgent</strong> since {}<br><small>{}</small>',
            timezone.localtime(obj.urgent_flagged_at).strftime("%Y-%m-%d %H:%M"),
            state,
        )

    @admin.display(description="PHQ-9", ordering="review_phq9_total")
    def phq9_column(self, obj):
        # The stored snapshot: the list never evaluates a row.
        total = obj.review_phq9_total
        if total is None:
            return ""
        return f"{total} ({review_admin.PHQ9_SEVERITY_LABELS.get(obj.review_severity, '').lower()})"

    @admin.display(description="PHQ-9 total and severity")
    def phq9_score(self, obj):
        total = obj.phq9_total
        if total is None:
            return "not finished"
        return f"{total} ({obj.phq9_severity_label.lower()})"


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Who viewed or exported patient data: read-only for everyone, superusers included."""

    list_display = ("at", "user_email", "action", "intake_id", "remote_addr", "detail")
    list_filter = ("action",)
    search_fields = ("user_email", "=intake_id", "remote_addr")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    """Patients' deletion requests. Clinical reviewers carry one out with the action; the
    intakes the clinic already reviewed are kept without identity (intake/rights.py)."""

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

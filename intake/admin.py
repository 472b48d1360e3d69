from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from .eligibility_admin import EligibilityReviewMixin
from .models import Intake, IntakeStep, SafetyAnswer, StatusChange, Trial


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TrialInline(ReadOnlyInline):
    model = Trial
    fields = (
        "medication",
        "daily_dose_mg",
        "weeks",
        "start_month",
        "start_year",
        "current_episode",
        "augmentation",
        "still_taking",
        "outcome",
        "side_effects",
    )
    readonly_fields = fields


class SafetyAnswerInline(ReadOnlyInline):
    model = SafetyAnswer
    fields = ("key", "answer", "details")
    readonly_fields = fields


class IntakeStepInline(ReadOnlyInline):
    model = IntakeStep
    fields = ("step", "completed", "version", "saved_at")
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ("at", "from_status", "to_status", "by", "message")
    readonly_fields = fields


@admin.register(Intake)
class IntakeAdmin(EligibilityReviewMixin, admin.ModelAdmin):
    """Staff can find and read intakes here; the answers are the patient's and are not edited.
    Status changes go through intake.services (the review screens come with the review issue)."""

    list_display = (
        "patient_email",
        "legal_name",
        "status",
        "urgent_flag",
        "phq9_column",
        "submitted_at",
        "updated_at",
    )
    list_filter = ("status", "urgent")
    search_fields = ("patient__email", "patient__full_name", "legal_name", "preferred_name")
    list_select_related = ("patient",)
    date_hierarchy = "created_at"
    ordering = ("-urgent", "-submitted_at", "-created_at")
    inlines = (TrialInline, SafetyAnswerInline, IntakeStepInline, StatusChangeInline)
    fieldsets = (
        (
            "Status",
            {
                "fields": (
                    "patient",
                    "status",
                    "urgent",
                    "urgent_flagged_at",
                    "submitted_at",
                    "staff_message",
                    "outcome",
                    "closed_at",
                )
            },
        ),
        ("Eligibility notes", {"fields": ("eligibility_review",)}),
        (
            "About the patient",
            {
                "fields": (
                    "legal_name",
                    "preferred_name",
                    "date_of_birth",
                    "phone",
                    "contact_method",
                    "contact_time",
                    "preferred_language",
                    "referring_clinician",
                    "insurance_plan",
                )
            },
        ),
        (
            "Depression",
            {
                "fields": (
                    "diagnosis",
                    "episode_start_month",
                    "episode_start_year",
                    "past_episodes",
                    "hospital_stays",
                    "hospital_details",
                    "psychosis",
                    "high_mood",
                    "substance_use_90d",
                    "substance_details",
                )
            },
        ),
        (
            "PHQ-9",
            {
                "fields": (
                    "phq9_score",
                    ("phq9_1", "phq9_2", "phq9_3"),
                    ("phq9_4", "phq9_5", "phq9_6"),
                    ("phq9_7", "phq9_8", "phq9_9"),
                    "phq9_difficulty",
                )
            },
        ),
        (
            "Treatments",
            {
                "fields": (
                    "no_antidepressants",
                    ("therapy_had", "therapy_kind", "therapy_weeks", "therapy_outcome"),
                    ("ect_had", "ect_sessions", "ect_outcome", "ect_month", "ect_year"),
                    ("tms_had", "tms_improvement_pct", "tms_month", "tms_year"),
                    ("ketamine", "ketamine_details"),
                )
            },
        ),
        (
            "Consent",
            {"fields": ("consent_true", "consent_contact", "signed_name", "signed_at")},
        ),
        ("Advanced", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in Intake._meta.fields]
        return [*fields, "phq9_score", "eligibility_review"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only: the answers are the patient's. Staff actions come with the review queue.
        return False

    @admin.display(description="patient", ordering="patient__email")
    def patient_email(self, obj):
        return obj.patient.email

    @admin.display(description="urgent", ordering="urgent")
    def urgent_flag(self, obj):
        if not obj.urgent:
            return ""
        return format_html(
            '<strong class="errornote">Urgent</strong> since {}',
            timezone.localtime(obj.urgent_flagged_at).strftime("%Y-%m-%d %H:%M"),
        )

    @admin.display(description="PHQ-9")
    def phq9_column(self, obj):
        total = obj.phq9_total
        return "" if total is None else f"{total} ({obj.phq9_severity_label.lower()})"

    @admin.display(description="PHQ-9 total and severity")
    def phq9_score(self, obj):
        return self.phq9_column(obj) or "not finished"

"""The review queue (the intake list, its filters and actions) and the intake's page with its
panels: review, urgent path, thread, exports (``review.py``, ``urgent.py``, ``exports.py``)."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import F
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.html import format_html

from portal.admin_base import ModelAdmin

from ..audit import record_access
from ..eligibility.vocabulary import CRITERIA, PHQ9_SEVERITY_LABELS, SEVERITY_BANDS
from ..models import AccessEvent, CriteriaProfile, Intake, IntakeStep
from ..services.evaluation import refresh_evaluations
from ..services.results import CRITERION_STAFF_WORDS
from .documents import DocumentInline
from .exports import ExportsMixin
from .release import ReleaseMixin
from .review import REVIEW_PERMISSION, ReviewMixin
from .urgent import UrgentAlertFilter, UrgentMixin

# --- filters ---------------------------------------------------------------------------------


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


# --- the intake admin ------------------------------------------------------------------------


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
class IntakeAdmin(ReleaseMixin, ReviewMixin, UrgentMixin, ExportsMixin, ModelAdmin):
    """The review queue. The answers are the patient's and are never edited here; the review
    actions (buttons on the intake page) and exports are this admin's own views and actions,
    which call the services. The intake page shows each answer once, in the review panel's
    "Answers, step by step" (change_form.html, from intake.summary); the fields below it are
    the review's own."""

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
        SeverityFilter,
        ProfileFilter,
        UnmetCriterionFilter,
        AssignedFilter,
        UrgentAlertFilter,
        PatientWroteLastFilter,
    )
    search_fields = ("patient__email", "patient__full_name", "legal_name", "preferred_name")
    list_select_related = ("patient", "assigned_to", "urgent_alert")
    # Urgent first, then the oldest submitted; drafts (never submitted) last.
    ordering = ("-urgent", F("submitted_at").asc(nulls_last=True), "pk")
    # Fifty a page: the urgent and oldest are on top, and a reviewer works from the top; half
    # of Django's default hundred halves the page's rendering (README "Performance").
    list_per_page = 50
    inlines = (IntakeStepInline, DocumentInline)
    actions = ("reevaluate", "export_csv", "export_csv_free_text")
    change_form_template = "admin/intake/intake/change_form.html"
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
        return [
            *self.export_urls(),
            *self.review_urls(),
            *self.urgent_urls(),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        intake = self.get_object(request, object_id)
        if intake is not None and self.has_view_permission(request, intake):
            if request.method in ("GET", "HEAD"):
                record_access(request, AccessEvent.Action.VIEW, intake=intake)
            extra_context = {
                **(extra_context or {}),
                **self.review_context(request, intake),
                **self.urgent_context(request, intake),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Re-evaluate the selected intakes (their stored notes and counts)")
    def reevaluate(self, request, queryset):
        if not request.user.has_perm(REVIEW_PERMISSION):
            self.message_user(request, "You cannot re-evaluate intakes.", messages.ERROR)
            return
        count = refresh_evaluations(queryset)
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
        return f"{total} ({PHQ9_SEVERITY_LABELS.get(obj.review_severity, '').lower()})"

    @admin.display(description="PHQ-9 total and severity")
    def phq9_score(self, obj):
        total = obj.phq9_total
        if total is None:
            return "not finished"
        return f"{total} ({obj.phq9_severity_label.lower()})"

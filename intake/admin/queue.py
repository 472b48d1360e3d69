"""The review queue (the intake list, its filters and actions) and the intake's page with its
panels: review, urgent path, thread, exports (``review.py``, ``urgent.py``, ``exports.py``)."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import F, Prefetch
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.admin_base import IdsFirstPaginator, ModelAdmin

from ..audit import record_access
from ..eligibility.vocabulary import SAFETY_STAFF_WORDS, SAFETY_STOP
from ..models import AccessEvent, Intake, IntakeStep, SafetyAnswer
from ..services.evaluation import intake_result, refresh_evaluations
from ..services.results import CRITERION_STAFF_WORDS
from .documents import DocumentInline
from .exports import ExportsMixin
from .filters import (
    AssignedFilter,
    OverdueFilter,
    PatientWroteLastFilter,
    ProfileFilter,
    SafetyFilter,
    SeverityFilter,
    StatusFilter,
    UnmetCriterionFilter,
    queue_rank,
    safety_answered,
)
from .release import ReleaseMixin
from .review import REVIEW_PERMISSION, ReviewMixin
from .summary import phq9_words, summary_context
from .urgent import UrgentAlertFilter, UrgentMixin

# The queue's order: urgent intakes nobody acknowledged, then the oldest sent; drafts (never
# sent) last.
QUEUE_ORDER = (F("queue_rank").asc(), F("submitted_at").asc(nulls_last=True), "pk")

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

    # Six dense columns that fit a 1280-pixel screen; the details are on the intake's page.
    list_display = (
        "patient_column",
        "status_column",
        "flags_column",
        "phq9_column",
        "notes_column",
        "reviewer_column",
    )
    list_filter = (
        StatusFilter,
        UrgentAlertFilter,
        SafetyFilter,
        OverdueFilter,
        "urgent",
        SeverityFilter,
        ProfileFilter,
        UnmetCriterionFilter,
        AssignedFilter,
        PatientWroteLastFilter,
    )
    search_fields = ("patient__email", "patient__full_name", "legal_name", "preferred_name")
    list_select_related = ("patient", "assigned_to", "urgent_alert")
    # The column sorts start from this; the queue's own order is QUEUE_ORDER (get_ordering).
    ordering = (F("submitted_at").asc(nulls_last=True), "pk")
    # The patient page is for patients (a reviewer there gets a 403): no "View on site".
    view_on_site = False
    # Fifty a page: the urgent and oldest are on top, and a reviewer works from the top; half
    # of Django's default hundred halves the page's rendering (README "Performance").
    list_per_page = 50
    # A page's ids first, then its rows: the database sorts ids, not every intake's columns.
    paginator = IdsFirstPaginator
    # The default view is filtered (open intakes): no second COUNT of every intake.
    show_full_result_count = False
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
        queryset = super().get_queryset(request).annotate(queue_rank=queue_rank())
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # The list reads a few short values of the stored evaluation, not the whole of it,
            # and the "yes" safety answers in one more query.
            queryset = (
                queryset.defer("evaluation")
                .annotate(
                    trial_counts=KT("evaluation__counts__staff"),
                    safety_answered=safety_answered(),
                )
                .prefetch_related(
                    Prefetch(
                        "safety_answers",
                        queryset=SafetyAnswer.objects.filter(answer="yes").order_by("pk"),
                        to_attr="safety_yes",
                    )
                )
            )
        return queryset

    def get_ordering(self, request):
        return QUEUE_ORDER

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
            extra_context.update(
                summary_context(intake, intake_result(intake), extra_context["thread"])
            )
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
        name = obj.legal_name or obj.patient.get_full_name() or obj.patient.email
        return format_html("{}<br><small>{}</small>", name, obj.patient.email)

    @admin.display(description="status and sent", ordering="submitted_at")
    def status_column(self, obj):
        sent = f"sent {short_date(obj.submitted_at)}" if obj.submitted_at else "not sent yet"
        wrote = format_html('<br><strong class="patient-wrote-last">{}</strong>', "Patient wrote")
        return format_html(
            "{}<br><small>{}</small>{}",
            obj.get_status_display(),
            sent,
            wrote if obj.patient_wrote_last else "",
        )

    @admin.display(description="urgent and safety", ordering="queue_rank")
    def flags_column(self, obj):
        lines = []
        if obj.urgent:
            lines.append(
                format_html(
                    '<strong class="flag-urgent">Urgent</strong> <small>{}</small>',
                    urgent_state(obj),
                )
            )
        stop = [a.key for a in obj.safety_yes if a.key in SAFETY_STOP]
        caution = [a.key for a in obj.safety_yes if a.key not in SAFETY_STOP]
        for label, keys in (("Stop", stop), ("Caution", caution)):
            if keys:
                words = ", ".join(SAFETY_STAFF_WORDS[key] for key in keys)
                lines.append(
                    format_html(
                        '<strong class="flag-{}">{}:</strong> {}', label.lower(), label, words
                    )
                )
        if not obj.safety_answered:
            lines.append(format_html("<small>{}</small>", "safety not answered"))
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description="PHQ-9", ordering="review_phq9_total")
    def phq9_column(self, obj):
        # The stored snapshot once evaluated; before that (a draft), the answers so far.
        if obj.review_phq9_total is not None:
            total, severity = obj.review_phq9_total, obj.review_severity
        else:
            total, severity = obj.phq9_total, obj.phq9_severity
        answered = sum(answer is not None for answer in obj.phq9_answers)
        text = phq9_words(total, severity, answered, obj.phq9_answers)
        return format_html("{}<br><small>{}</small>", text.score, text.item9)

    @admin.display(description="trials and criteria", ordering="review_failed_trials")
    def notes_column(self, obj):
        if not obj.review_profile_key:
            return format_html("<small>{}</small>", "not evaluated yet")
        unmet = ", ".join(CRITERION_STAFF_WORDS.get(name, name) for name in obj.unmet_criteria)
        # The stored evaluation's own words, as on the intake page, the print packet and the
        # FHIR Bundle.
        return format_html(
            '<span class="trial-counts">{}</span><br><small>{}</small>',
            obj.trial_counts or "not evaluated",
            f"not met: {unmet}" if unmet else "no criterion unmet",
        )

    @admin.display(description="reviewer", ordering="assigned_to__full_name")
    def reviewer_column(self, obj):
        who = obj.assigned_to
        return (who.get_full_name() or who.email) if who else "nobody"

    @admin.display(description="PHQ-9 total and severity")
    def phq9_score(self, obj):
        total = obj.phq9_total
        if total is None:
            return "not finished"
        return f"{total} ({obj.phq9_severity_label.lower()})"


def short_date(moment):
    """The date as on the intake page and the patient's pages: "Sept. 1, 2026"."""
    return date_format(timezone.localtime(moment), "N j, Y")


def urgent_state(obj):
    """Where the urgent path of an urgent intake stands, in a few words."""
    alert = getattr(obj, "urgent_alert", None)
    if alert is None or not alert.acknowledged:
        return "not acknowledged"
    if not alert.has_followup:
        return "acknowledged, no follow-up yet"
    return "follow-up recorded"

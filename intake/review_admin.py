"""The staff review queue's pieces for the intake admin: filters, the action forms, and the
action and export views (each permission-checked, POST-only where it writes, audited)."""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from . import services, thread
from .audit import record_access
from .eligibility.vocabulary import CRITERIA, PHQ9_SEVERITY_LABELS, SEVERITY_BANDS
from .fhir import intake_bundle_json, phq9_date
from .forms import MessageForm
from .models import MAX_MESSAGE_LENGTH, AccessEvent, CriteriaProfile, Intake, Outcome
from .signature import staff_signature
from .summary import summarise
from .wording import check_patient_wording

REVIEW_PERMISSION = "intake.change_intake"
EXPORT_PERMISSION = "intake.export_intake"

# The outcomes a reviewer closes with, the usual three first.
CLOSE_OUTCOMES = [
    (Outcome.CONSULTATION, "Consultation offered"),
    (Outcome.NOT_PROCEEDING, "Not a candidate now"),
    (Outcome.REFERRED, "Referred elsewhere"),
    (Outcome.WITHDRAWN, Outcome.WITHDRAWN.label),
    (Outcome.DUPLICATE, Outcome.DUPLICATE.label),
]


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
        from .eligibility_data import CRITERION_STAFF_WORDS

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


# --- action forms ----------------------------------------------------------------------------


class RequestInfoForm(forms.Form):
    message = forms.CharField(
        label="What the patient needs to add or change",
        help_text="The patient reads this on their intake page, so write it for them.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def clean_message(self):
        message = self.cleaned_data["message"]
        check_patient_wording(message)
        return message


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=CLOSE_OUTCOMES)
    comment = forms.CharField(
        label="Comment (for the care team)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
    countersignature = forms.CharField(
        label="Countersignature: type your full name",
        max_length=150,
        help_text="Your name as on your staff account; recorded with the date and time.",
    )

    def __init__(self, *args, expected_name="", **kwargs):
        super().__init__(*args, **kwargs)
        if expected_name:
            self.fields["countersignature"].help_text = (
                f"Type your name as on your account: {expected_name}. Capitals and spaces do "
                "not matter; it is recorded with the date and time."
            )


class ClinicMessageForm(MessageForm):
    """A staff member's message in the thread with the patient."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Write to the patient"
        self.fields["body"].help_text = (
            "The patient reads this after signing in; their email only says there is an "
            f"update. Up to {MAX_MESSAGE_LENGTH:,} characters."
        )
        self.fields["body"].widget.attrs.update({"rows": 3, "cols": 60})


class PatientWroteLastFilter(admin.SimpleListFilter):
    title = "messages"
    parameter_name = "patient_wrote_last"

    def lookups(self, request, model_admin):
        return [("yes", "The patient wrote last (waiting for an answer)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(patient_wrote_last=True)
        return queryset


# --- helpers ---------------------------------------------------------------------------------


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _intake(object_id):
    return get_object_or_404(
        Intake.objects.select_related("patient", "assigned_to"), pk=_pk(object_id)
    )


def _pk(object_id):
    try:
        return int(object_id)
    except (TypeError, ValueError):
        return -1


def _draft_key(intake):
    return f"intake-message-draft-{intake.pk}"


def _form_errors(form):
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# --- the review actions ----------------------------------------------------------------------


ACTIONS = ("assign", "start", "request_info", "close", "reevaluate", "message")


@require_POST
def review_action(request, object_id, action):
    """One of the review actions on one intake, then back to its page."""
    _require(request, REVIEW_PERMISSION)
    intake = _intake(object_id)
    back = redirect("admin:intake_intake_change", intake.pk)
    try:
        done = _do(request, intake, action)
    except services.InvalidTransitionError as error:
        messages.error(request, str(error))
        if action in KEPT_FORMS:
            keep_typed(request, intake, action, KEPT_FORMS[action], error)
        return back
    if done:
        messages.success(request, done)
    return back


def _do(request, intake, action):
    user = request.user
    if action == "assign":
        services.assign_reviewer(intake=intake, reviewer=user)
        return "The intake is assigned to you."
    if action == "start":
        services.start_review(intake=intake, by=user)
        return "Review started."
    if action == "reevaluate":
        services.refresh_evaluation(intake=intake)
        return "The eligibility notes and queue columns were made again from the current data."
    if action == "request_info":
        form = RequestInfoForm(request.POST)
        if not form.is_valid():
            raise services.InvalidTransitionError(_form_errors(form))
        services.request_more_info(intake=intake, by=user, message=form.cleaned_data["message"])
        return "The intake is back with the patient, with your message."
    if action == "close":
        form = CloseForm(request.POST)
        if not form.is_valid():
            raise services.InvalidTransitionError(_form_errors(form))
        services.close_intake(
            intake=intake,
            by=user,
            outcome=form.cleaned_data["outcome"],
            message=form.cleaned_data["comment"].strip(),
            countersignature=form.cleaned_data["countersignature"],
        )
        return "The intake is closed and countersigned."
    if action == "message":
        form = ClinicMessageForm(request.POST)
        if not form.is_valid():
            # Kept for the page it goes back to, so nothing typed is lost.
            request.session[_draft_key(intake)] = request.POST.get("body", "")
            raise services.InvalidTransitionError(_form_errors(form))
        thread.clinic_writes(intake=intake, by=user, body=form.cleaned_data["body"])
        return "Your message is in the patient's thread; they were emailed to sign in and read it."
    raise services.InvalidTransitionError("Unknown action.")


# A refused action shows its form again with what was typed (kept in the session for the page
# the action redirects to), so a wrong countersignature does not wipe the reviewer's comment.
KEPT_FORMS = {"close": ("outcome", "comment", "countersignature")}


def _kept_key(intake, action):
    return f"intake.kept_form.{intake.pk}.{action}"


def keep_typed(request, intake, action, fields, error):
    request.session[_kept_key(intake, action)] = {
        "data": {name: request.POST.get(name, "") for name in fields},
        "error": str(error),
    }


def typed_form(request, intake, action, form_class, **kwargs):
    """The action's form: bound to what was typed before a refusal (once), else empty."""
    kept = request.session.pop(_kept_key(intake, action), None)
    if not kept:
        return form_class(**kwargs)
    form = form_class(kept["data"], **kwargs)
    if form.is_valid():
        form.add_error(None, kept["error"])
    return form


def review_context(request, intake):
    """What the intake page's review panel needs."""
    return {
        "can_review": request.user.has_perm(REVIEW_PERMISSION),
        "can_export": request.user.has_perm(EXPORT_PERMISSION),
        "request_info_form": RequestInfoForm(),
        "close_form": typed_form(
            request, intake, "close", CloseForm, expected_name=staff_signature(request.user)
        ),
        "history": intake.status_changes.select_related("by"),
        "answers_by_step": summarise(intake),
        "thread": thread.thread(intake),
        "message_form": ClinicMessageForm(
            initial={"body": request.session.pop(_draft_key(intake), "")}
        ),
    }


# --- exports ---------------------------------------------------------------------------------


@require_GET
def print_view(request, object_id, admin_site):
    _require(request, EXPORT_PERMISSION)
    intake = _intake(object_id)
    record_access(request, AccessEvent.Action.PRINT, intake=intake)
    context = {
        **admin_site.each_context(request),
        "intake": intake,
        "sections": summarise(intake),
        "phq9_date": phq9_date(intake),
        "history": intake.status_changes.select_related("by"),
        "printed_at": timezone.now(),
    }
    context.update(_evaluation_context(intake))
    # Each trial as entered, with how the rules counted it (the case lists them in this order).
    counted = context["result"].trial_rows() if context["result"] else []
    context["trials"] = [
        {"trial": trial, "counted": counted[n] if n < len(counted) else None}
        for n, trial in enumerate(intake.trials.all())
    ]
    return TemplateResponse(request, "admin/intake/intake/print.html", context)


def _evaluation_context(intake):
    from .eligibility_data import intake_result, unconfirmed_numbers

    result = intake_result(intake)
    if result is None:
        return {"result": None, "evaluation_error": "see the log, then press Re-evaluate"}
    return {"result": result, "unconfirmed": unconfirmed_numbers(result)}


@require_GET
def fhir_view(request, object_id):
    _require(request, EXPORT_PERMISSION)
    intake = _intake(object_id)
    body = intake_bundle_json(intake, staff=True)
    record_access(request, AccessEvent.Action.FHIR, intake=intake)
    response = HttpResponse(body, content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="intake-{intake.pk}.fhir.json"'
    return response


CSV_COLUMNS = (
    ("intake", lambda i: i.pk),
    ("patient", lambda i: i.legal_name or i.patient.get_full_name()),
    ("email", lambda i: i.patient.email),
    ("date_of_birth", lambda i: i.date_of_birth or ""),
    ("status", lambda i: i.status),
    ("submitted_at", lambda i: _iso(i.submitted_at)),
    ("urgent", lambda i: "yes" if i.urgent else "no"),
    ("phq9_total", lambda i: "" if i.review_phq9_total is None else i.review_phq9_total),
    ("severity", lambda i: i.review_severity),
    ("adequate_failed_trials", lambda i: _blank(i.review_failed_trials)),
    # The stored evaluation's count, in the words of the queue, the intake page and the packet.
    ("trials_counted", lambda i: ((i.evaluation or {}).get("counts") or {}).get("staff", "")),
    ("profile", lambda i: i.review_profile_key),
    ("unmet_criteria", lambda i: " ".join(i.unmet_criteria)),
    ("assigned_reviewer", lambda i: i.assigned_to.email if i.assigned_to else ""),
    ("outcome", lambda i: i.outcome),
    ("closed_at", lambda i: _iso(i.closed_at)),
)
# Only with ?free_text=1: what patients and staff wrote in their own words.
FREE_TEXT_COLUMNS = (
    ("clinic_message", lambda i: i.staff_message),
    ("hospital_details", lambda i: i.hospital_details),
    ("substance_details", lambda i: i.substance_details),
    ("ketamine_details", lambda i: i.ketamine_details),
)


def _iso(value):
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def _blank(value):
    return "" if value is None else value


def _cell(value):
    """A spreadsheet must never run a cell as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def csv_view(request, model_admin):
    """The intake list as CSV, with the changelist's filters and search."""
    _require(request, EXPORT_PERMISSION)
    params = request.GET.copy()
    free_text = params.pop("free_text", None) is not None
    request.GET = params  # the changelist must not see our own option
    changelist = model_admin.get_changelist_instance(request)
    queryset = changelist.get_queryset(request)
    columns = CSV_COLUMNS + (FREE_TEXT_COLUMNS if free_text else ())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="intakes.csv"'
    writer = csv.writer(response)
    writer.writerow([name for name, _ in columns])
    rows = 0
    for intake in queryset.iterator(chunk_size=1000):
        writer.writerow([_cell(get(intake)) for _name, get in columns])
        rows += 1
    detail = f"{rows} rows; filters: {params.urlencode() or 'none'}"
    record_access(request, AccessEvent.Action.CSV, detail=detail + ("; free text" * free_text))
    return response

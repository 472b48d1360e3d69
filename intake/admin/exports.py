"""The intake admin's exports: the print packet and the FHIR Bundle of one intake, and the CSV of
the queue as an admin action (the selected rows, or all that the list's filters and search
match). Each is for reviewers with the export permission and records one access event."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET

from ..audit import record_access
from ..fhir import intake_bundle_json, phq9_date
from ..models import AccessEvent, Diagnosis
from ..services.evaluation import intake_result, unconfirmed_numbers
from ..summary import summarise
from .review import EXPORT_PERMISSION, get_intake, require


def _iso(value):
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def _blank(value):
    return "" if value is None else value


def csv_cell(value):
    """A spreadsheet must never run a cell as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# The ICD-10-CM category of the diagnosis the patient reported (HL7 mCODE Elixhauser depression
# value set, codes from AHRQ HCUP; docs/course.md "Outcomes and packets"). The fourth character
# (severity, psychotic features) is the treating clinician's to write.
DIAGNOSIS_CATEGORIES = {
    Diagnosis.MDD_SINGLE: ("F32", "Major depressive disorder, single episode"),
    Diagnosis.MDD_RECURRENT: ("F33", "Major depressive disorder, recurrent"),
}
# The CPT codes of a TMS course (docs/clinical-facts.md 2b), as the treatment app's CptCode.
REQUESTED_CPT_CODES = (
    ("90867", "Initial session, with motor threshold determination"),
    ("90868", "Subsequent session (treatment delivery)"),
    ("90869", "Motor threshold re-determination"),
)

CSV_COLUMNS = (
    ("intake", lambda i: i.pk),
    ("patient", lambda i: i.legal_name or i.patient.get_full_name()),
    ("email", lambda i: i.patient.email),
    ("date_of_birth", lambda i: i.date_of_birth or ""),
    # The portal's language (the account's: "en" or "es").
    ("language", lambda i: i.patient.language),
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
# Only in the "with free-text answers" export: what patients and staff wrote in their own words.
FREE_TEXT_COLUMNS = (
    ("clinic_message", lambda i: i.staff_message),
    ("hospital_details", lambda i: i.hospital_details),
    ("substance_details", lambda i: i.substance_details),
    ("ketamine_details", lambda i: i.ketamine_details),
    ("interpreter_language", lambda i: i.interpreter_language),
)


def csv_response(request, queryset, *, free_text):
    """The intakes as CSV, recorded with the list's filters and search (the page's query)."""
    columns = CSV_COLUMNS + (FREE_TEXT_COLUMNS if free_text else ())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="intakes.csv"'
    writer = csv.writer(response)
    writer.writerow([name for name, _ in columns])
    rows = 0
    # The list defers the stored evaluation; the CSV reads one phrase of it on every row.
    for intake in queryset.defer(None).iterator(chunk_size=1000):
        writer.writerow([csv_cell(get(intake)) for _name, get in columns])
        rows += 1
    detail = f"{rows} rows; filters: {request.GET.urlencode() or 'none'}"
    record_access(request, AccessEvent.Action.CSV, detail=detail + ("; free text" * free_text))
    return response


class ExportsMixin:
    """The print packet, the FHIR download and the CSV actions, for the intake admin."""

    def export_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/print/", wrap(self.print_view), name="intake_intake_print"),
            path("<path:object_id>/fhir/", wrap(self.fhir_view), name="intake_intake_fhir"),
        ]

    def has_export_permission(self, request):
        return request.user.has_perm(EXPORT_PERMISSION)

    @admin.action(description="Download the selected intakes as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        require(request, EXPORT_PERMISSION)
        return csv_response(request, queryset, free_text=False)

    @admin.action(
        description="Download the selected intakes as CSV, with free-text answers",
        permissions=["export"],
    )
    def export_csv_free_text(self, request, queryset):
        require(request, EXPORT_PERMISSION)
        return csv_response(request, queryset, free_text=True)

    @method_decorator(require_GET)
    def print_view(self, request, object_id):
        require(request, EXPORT_PERMISSION)
        intake = get_intake(object_id)
        record_access(request, AccessEvent.Action.PRINT, intake=intake)
        context = {
            **self.admin_site.each_context(request),
            "intake": intake,
            "sections": summarise(intake),
            "phq9_date": phq9_date(intake),
            "history": intake.status_changes.select_related("by"),
            "printed_at": timezone.now(),
            "diagnosis_category": DIAGNOSIS_CATEGORIES.get(intake.diagnosis),
            "cpt_codes": REQUESTED_CPT_CODES,
            **self._evaluation_context(intake),
        }
        # Each trial as entered, with how the rules counted it (the case lists them in order).
        counted = context["result"].trial_rows() if context["result"] else []
        context["trials"] = [
            {"trial": trial, "counted": counted[n] if n < len(counted) else None}
            for n, trial in enumerate(intake.trials.all())
        ]
        return TemplateResponse(request, "admin/intake/intake/print.html", context)

    @staticmethod
    def _evaluation_context(intake):
        result = intake_result(intake)
        if result is None:
            return {"result": None, "evaluation_error": "see the log, then press Re-evaluate"}
        return {"result": result, "unconfirmed": unconfirmed_numbers(result)}

    @method_decorator(require_GET)
    def fhir_view(self, request, object_id):
        require(request, EXPORT_PERMISSION)
        intake = get_intake(object_id)
        body = intake_bundle_json(intake, staff=True)
        record_access(request, AccessEvent.Action.FHIR, intake=intake)
        response = HttpResponse(body, content_type="application/fhir+json")
        response["Content-Disposition"] = f'attachment; filename="intake-{intake.pk}.fhir.json"'
        return response

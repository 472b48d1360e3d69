"""The clinic's outcome definition, and the Outcomes page with its CSV (treatment/outcomes.py):
clinical reviewers and superusers (``treatment.view_course``); each opening and each download
records an access event."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET

from intake.admin.exports import csv_cell
from intake.audit import record_access
from intake.models import AccessEvent
from portal.admin_base import ModelAdmin

from ..models import OutcomeDefinition
from ..outcomes import JSON_COURSE_KEYS, outcomes
from ..setup.kinds import bundled_outcome_definition

VIEW_PERMISSION = "treatment.view_course"
# The keys of outcomes_report's JSON (docs/contract.md) and the change; no name or other
# identifier of the patient.
CSV_KEYS = (*JSON_COURSE_KEYS[:4], "change", *JSON_COURSE_KEYS[4:])


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


@admin.register(OutcomeDefinition)
class OutcomeDefinitionAdmin(ModelAdmin):
    list_display = ("__str__", "response_drop_percent", "remission_below", "source")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("outcomes/", wrap(self.outcomes_view), name="treatment_outcomes"),
            path("outcomes/csv/", wrap(self.outcomes_csv_view), name="treatment_outcomes_csv"),
            *super().get_urls(),
        ]

    @staticmethod
    def _require(request):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied

    @method_decorator(require_GET)
    def outcomes_view(self, request):
        self._require(request)
        report = outcomes()
        record_access(
            request, AccessEvent.Action.VIEW, detail=f"Outcomes page: {len(report.courses)} courses"
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Outcomes of TMS courses",
            "opts": self.opts,
            "report": report,
            "departs": report.definition.departs_from(bundled_outcome_definition()),
        }
        return TemplateResponse(request, "admin/treatment/outcomes.html", context)

    @method_decorator(require_GET)
    def outcomes_csv_view(self, request):
        self._require(request)
        report = outcomes()
        day = timezone.localdate().isoformat()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="tms-outcomes-{day}.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_KEYS)
        for row in report.courses:
            writer.writerow([csv_cell(_csv_value(getattr(row, key))) for key in CSV_KEYS])
        record_access(
            request, AccessEvent.Action.CSV, detail=f"Outcomes CSV: {len(report.courses)} courses"
        )
        return response

"""The background re-evaluations in the admin: each change to the set-up data starts one
(intake/services/reevaluation.py); staff follow it on its read-only page and on the queue's
banner."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from portal.admin_base import JobAdmin

from ..models import Reevaluation
from ..services.reevaluation import request_reevaluation

# Who sees the jobs: whoever sees the review queue (a job holds no patient data).
VIEW_PERMISSION = "intake.view_intake"


def reevaluate_after(request, reason: str) -> None:
    """Re-evaluate the open intakes after this change, and tell the user where to follow it."""
    job = request_reevaluation(reason=reason, by=request.user)
    if job is None:
        return
    messages.info(
        request,
        format_html(
            "The notes of every open intake are being updated with this change, in the "
            'background: <a href="{}">see how far it has got</a>.',
            reverse("admin:intake_reevaluation_change", args=[job.pk]),
        ),
    )


class ReevaluateOnChangeMixin:
    """For the admins of what the notes are made from: a save that changed something, or a
    delete, re-evaluates the stored evaluations in the background. A change to only
    ``display_only_fields`` (read when a page shows the row, never stored) re-evaluates
    nothing."""

    display_only_fields: tuple[str, ...] = ()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = set(form.changed_data) - set(self.display_only_fields)
        if changed or any(formset.has_changed() for formset in formsets):
            verb = "changed" if change else "added"
            reevaluate_after(request, f"{self._label()} “{form.instance}” {verb}")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reevaluate_after(request, f"{self._label()} “{obj}” deleted")

    def delete_queryset(self, request, queryset):
        count = len(queryset)
        super().delete_queryset(request, queryset)
        reevaluate_after(request, f"{count} {self.opts.verbose_name_plural} deleted")

    def _label(self):
        return str(self.opts.verbose_name).capitalize()


@admin.register(Reevaluation)
class ReevaluationAdmin(JobAdmin):
    """Read-only: jobs start from a change to the set-up data, never from here."""

    list_display = ("reason_column", "status", "progress", "requested_by", "created", "finished")
    list_filter = ("status",)
    list_select_related = ("requested_by",)
    fields = (
        "reason_column",
        "status",
        "progress",
        "requested_by",
        "created",
        "started",
        "finished",
        "error",
    )
    readonly_fields = fields
    change_form_template = "admin/intake/reevaluation/change_form.html"

    def get_fields(self, request, obj=None):
        failed = obj is not None and obj.status == Reevaluation.Status.FAILED
        return self.fields if failed else [name for name in self.fields if name != "error"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(VIEW_PERMISSION)

    def has_module_permission(self, request):
        return request.user.has_perm(VIEW_PERMISSION)

    @admin.display(description="what changed")
    def reason_column(self, job):
        return job.reason_text()

    @admin.display(description="intakes updated")
    def progress(self, job):
        return job.progress_text()

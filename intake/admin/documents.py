"""The patient's papers on the intake's page (an inline panel) and the reviewers' download.

The download is the only URL of ``DocumentAdmin``, which has no list or form of its own: a
document is seen from its intake. Like the intake's page, it is for staff who may view intakes
(clinical reviewers); each download records an access event."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.admin_base import ModelAdmin

from ..audit import record_access
from ..models import AccessEvent, Document
from ..uploads import document_response

VIEW_INTAKE = "intake.view_intake"


class DocumentInline(admin.TabularInline):
    """The intake's papers, read-only, each with its download link (its own template)."""

    model = Document
    template = "admin/intake/intake/documents_inline.html"
    fields = ("kind", "original_name", "size", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(VIEW_INTAKE)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ModelAdmin):
    def has_module_permission(self, request):
        return False  # not a section of its own: the papers are on the intake's page

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [path("<path:object_id>/download/", view, name="intake_document_download")]

    @method_decorator(require_safe)
    @method_decorator(never_cache)
    def download_view(self, request, object_id):
        if not request.user.has_perm(VIEW_INTAKE):
            raise PermissionDenied
        pk = int(object_id) if str(object_id).isdigit() else -1
        document = get_object_or_404(Document, pk=pk)
        if request.method == "GET":  # HEAD sends no file: nothing was read
            record_access(
                request,
                AccessEvent.Action.DOCUMENT,
                intake_id=document.intake_id,
                detail=f"{document.get_kind_display()} (document {document.pk})",
            )
        return document_response(document)

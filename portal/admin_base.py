"""The base of the project's admins: an action on a forged selection gets a message, not a 500.

Django's ``ModelAdmin.response_action`` filters ``pk__in`` with the posted ``_selected_action``
values as they come, so one value that is not a key ("", "x", a number out of range) raises a
ValueError. :class:`ValidSelectionMixin` checks the values first; an invalid one shows the list
again with a plain message and runs nothing. Every admin of this project, and the third-party
ones it re-registers (``portal/admin.py``), use it.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import path

INVALID_SELECTION = "Some of the selected items were not found. Please select them again."


def valid_keys(model, values):
    """Whether every value is a well-formed primary key of ``model``."""
    field = model._meta.pk
    try:
        for value in values:
            field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class ValidSelectionMixin:
    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not valid_keys(self.model, selected):
            self.message_user(request, INVALID_SELECTION, messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class ModelAdmin(ValidSelectionMixin, admin.ModelAdmin):
    """``admin.ModelAdmin`` for this project's models."""


class ReadOnlyModelAdmin(ModelAdmin):
    """A record nobody adds, changes or deletes from the admin (superusers included)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class JobAdmin(ReadOnlyModelAdmin):
    """A background job's pages: only the list and each job's page, no other admin address."""

    def get_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("", view(self.changelist_view), name=f"{name}_changelist"),
            path("<path:object_id>/change/", view(self.change_view), name=f"{name}_change"),
        ]


class IdsFirstPaginator(Paginator):
    """Django's Paginator for a long admin list whose rows are costly to read: a page is read in
    two queries. The first finds the page's ids in the list's order, reading only what that
    order needs; the second reads those rows with every column, join and annotation the list
    shows, in the same order.

    In one query the database sorted every row of the list, with all of that, to keep fifty: at
    10,000 open intakes it was most of the review queue's time (docs/performance.md)."""

    def _get_page(self, object_list, number, paginator):
        if isinstance(object_list, QuerySet) and object_list.query.is_sliced:
            ids = list(object_list.prefetch_related(None).values_list("pk", flat=True))
            object_list = self.object_list.filter(pk__in=ids)
        return super()._get_page(object_list, number, paginator)

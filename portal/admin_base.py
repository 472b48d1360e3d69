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
from django.http import HttpResponseRedirect

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

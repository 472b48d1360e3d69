"""Admin actions refuse forged selections with a message instead of a server error.

Django's ``ModelAdmin.response_action`` filters ``pk__in`` with the posted ``_selected_action``
values as they come, so one value that is not a key ("", "x", a number out of range) raises a
ValueError: a 500 on every admin list with actions, third-party ones included (django-axes,
auth groups). :func:`guard_admin_actions` (called once from ``PortalConfig.ready``) checks the
values first; an invalid one shows the list again with a plain message and runs nothing.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

INVALID_SELECTION = "Some of the selected items were not found. Please select them again."


def _valid_keys(model, values):
    field = model._meta.pk
    try:
        for value in values:
            field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def guard_admin_actions():
    original = admin.ModelAdmin.response_action
    if getattr(original, "guarded", False):
        return

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not _valid_keys(self.model, selected):
            self.message_user(request, INVALID_SELECTION, messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return original(self, request, queryset)

    response_action.guarded = True
    admin.ModelAdmin.response_action = response_action

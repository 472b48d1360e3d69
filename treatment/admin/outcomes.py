"""The clinic's outcome definition (and, later, the outcomes report)."""

from django.contrib import admin

from portal.admin_base import ModelAdmin

from ..models import OutcomeDefinition


@admin.register(OutcomeDefinition)
class OutcomeDefinitionAdmin(ModelAdmin):
    list_display = ("__str__", "response_drop_percent", "remission_below", "source")

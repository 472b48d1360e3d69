"""PHQ-9 check-ins: staff enter a score taken in the clinic."""

from django.contrib import admin

from portal.admin_base import ModelAdmin

from ..models import CheckIn


@admin.register(CheckIn)
class CheckInAdmin(ModelAdmin):
    list_display = ("course", "taken_on", "source", "total", "item9")
    list_filter = ("source",)
    raw_id_fields = ("course", "entered_by")

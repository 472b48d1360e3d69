"""Courses, their authorizations and sessions, and the protocols offered."""

from django.contrib import admin

from portal.admin_base import ModelAdmin

from ..models import Authorization, AuthorizationExtension, Course, Protocol, TreatmentSession
from .fhir import CourseFhirMixin
from .packets import CoursePacketsMixin


@admin.register(Protocol)
class ProtocolAdmin(ModelAdmin):
    list_display = ("name", "description", "default_sessions", "active")
    list_filter = ("active",)
    search_fields = ("name",)


class AuthorizationInline(admin.StackedInline):
    model = Authorization
    extra = 0


class SessionInline(admin.TabularInline):
    model = TreatmentSession
    extra = 0
    exclude = ("recorded_by",)


@admin.register(Course)
class CourseAdmin(CourseFhirMixin, CoursePacketsMixin, ModelAdmin):
    list_display = ("__str__", "protocol", "status", "start_date", "planned_sessions")
    list_filter = ("status", "protocol")
    list_select_related = ("protocol",)
    raw_id_fields = ("patient", "intake", "clinician")
    inlines = [AuthorizationInline, SessionInline]


@admin.register(AuthorizationExtension)
class AuthorizationExtensionAdmin(ModelAdmin):
    list_display = ("authorization", "sessions", "valid_from", "valid_to")
    raw_id_fields = ("authorization",)

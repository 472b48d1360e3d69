from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_base import ModelAdmin, ValidSelectionMixin
from .models import Clinic, PolicyText, User
from .policies import publish


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"  # staff-only admin form: every field is shown on purpose


@admin.register(User)
class UserAdmin(ValidSelectionMixin, BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = (
        "email",
        "full_name",
        "is_staff",
        "is_active",
        "awaiting_confirmation",
        "date_joined",
    )
    list_filter = (
        "is_staff",
        "is_superuser",
        "is_active",
        "awaiting_confirmation",
        "groups",
        ("email_key", admin.EmptyFieldListFilter),  # clashes found by migration 0005
    )
    actions = ("deactivate",)
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name", "date_of_birth")}),
        (
            "Access",
            {
                "fields": (
                    "is_active",
                    "awaiting_confirmation",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined"), "classes": ("collapse",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        # Unticking "Active" is a deactivation by staff: the account no longer waits for its
        # owner's confirmation, so neither the sign-up link nor a password reset turns it on.
        if change and not obj.is_active and "is_active" in form.changed_data:
            obj.awaiting_confirmation = False
        super().save_model(request, obj, form, change)

    @admin.action(
        description="Deactivate: sign-in refused, and no email link turns them on again",
        permissions=["change"],
    )
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(
            is_active=False, awaiting_confirmation=False
        )
        self.message_user(request, f"Deactivated {count} account(s).", messages.SUCCESS)


@admin.register(Clinic)
class ClinicAdmin(ModelAdmin):
    """One record: the list opens it straight away, made from CLINIC_NAME the first time."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            None,
            {"fields": ("name", "phone", "text_line", ("hours", "hours_es"), "address", "website")},
        ),
        ("Urgent answers", {"fields": ("urgent_response", "urgent_response_es")}),
        ("Packets to payers", {"fields": ("npi", "tax_id", "sessions_requested")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        clinic = Clinic.current()
        if clinic._state.adding and self.has_change_permission(request):
            clinic.save()
        return redirect(reverse("admin:portal_clinic_change", args=[1]))


# The third-party admins with actions, registered again on the same base as ours, so that a
# forged selection on their lists is refused with a message too.
THIRD_PARTY_ADMINS = (
    (Group, GroupAdmin),
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
    (TOTPDevice, TOTPDeviceAdmin),
    (StaticDevice, StaticDeviceAdmin),
)

for model, third_party_admin in THIRD_PARTY_ADMINS:
    if not admin.site.is_registered(model):  # axes' admin can be turned off in settings
        continue
    admin.site.unregister(model)
    admin.site.register(
        model, type(third_party_admin.__name__, (ValidSelectionMixin, third_party_admin), {})
    )


@admin.register(PolicyText)
class PolicyTextAdmin(ModelAdmin):
    """The privacy notice, TMS consent and records release. Each save publishes a new version
    (portal/policies.py): the version a patient agreed to is never rewritten."""

    list_display = ("__str__", "title", "published_at")
    list_filter = ("kind",)
    fields = ("kind", "title", "text", "title_es", "text_es", "version", "published_at")
    readonly_fields = ("version", "published_at")
    view_on_site = False  # the notice's page is /privacy/, linked from every page's footer

    def get_readonly_fields(self, request, obj=None):
        # A text's kind is fixed once published; an edit is a new version of the same kind.
        return (*self.readonly_fields, "kind") if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Patients' acknowledgments and signatures point at every version.
        return False

    def save_model(self, request, obj, form, change):
        kind = obj.kind if not change else PolicyText.objects.get(pk=obj.pk).kind
        published = publish(
            kind=kind,
            title=obj.title,
            text=obj.text,
            title_es=obj.title_es,
            text_es=obj.text_es,
        )
        obj.pk, obj.version, obj.published_at = (
            published.pk,
            published.version,
            published.published_at,
        )
        obj._state.adding = False

    def response_change(self, request, obj):
        self.message_user(
            request, f"Published as version {obj.version}; earlier versions are kept."
        )
        return redirect(reverse("admin:portal_policytext_changelist"))

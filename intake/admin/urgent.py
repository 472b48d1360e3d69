"""The urgent path in the intake admin: the queue filter, the panel on the intake's page, and
the acknowledge and follow-up actions (POST only, permission-checked, audited)."""

from django import forms
from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from ..models import FollowUpContact, FollowUpOutcome, Status, UrgentAlert
from ..services import urgent
from .filters import needs_followup
from .review import (
    REVIEW_PERMISSION,
    PageAction,
    back_to,
    form_errors,
    get_intake,
    keep_typed,
    require,
    typed_form,
)

URGENT_FILTER = "urgent_alert"


class UrgentAlertFilter(admin.SimpleListFilter):
    title = "urgent alert"
    parameter_name = URGENT_FILTER

    def lookups(self, request, model_admin):
        return [
            ("unacknowledged", "Not acknowledged yet"),
            ("needs_followup", "No follow-up recorded yet"),
            ("no_followup", "Acknowledged, no follow-up yet"),
            ("followup", "Follow-up recorded"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unacknowledged":
            return urgent.unacknowledged_intakes(queryset)
        if value == "needs_followup":
            return needs_followup(queryset)
        if value == "no_followup":
            return queryset.filter(
                urgent_alert__acknowledged_at__isnull=False, urgent_alert__followup_at__isnull=True
            )
        if value == "followup":
            return queryset.filter(urgent_alert__followup_at__isnull=False)
        return queryset


class FollowUpForm(forms.Form):
    contact = forms.ChoiceField(
        label="How the patient was reached", choices=[("", "---------"), *FollowUpContact.choices]
    )
    outcome = forms.ChoiceField(
        label="Result of the follow-up", choices=[("", "---------"), *FollowUpOutcome.choices]
    )
    note = forms.CharField(
        label="Note (for the care team)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="What was said and agreed, who else was told. Up to 2,000 characters.",
    )


# Prefixed: the close form on the same page has an "outcome" too.
FOLLOWUP_PREFIX = "followup"
FOLLOWUP_FIELDS = tuple(f"{FOLLOWUP_PREFIX}-{name}" for name in ("contact", "outcome", "note"))


def allowed_urgent_actions(intake, alert):
    """The urgent path's actions an intake allows now, in the page's order."""
    if intake.status == Status.CLOSED and not urgent.raised_after_closing(alert, intake):
        return ()
    if alert is None or not alert.acknowledged:
        return ("acknowledge", "followup")
    return ("followup",)


class UrgentMixin:
    """The urgent panel of the intake's page and its two actions, for the intake admin."""

    def urgent_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/urgent/acknowledge/",
                wrap(self.acknowledge_view),
                name="intake_intake_urgent_acknowledge",
            ),
            path(
                "<path:object_id>/urgent/followup/",
                wrap(self.followup_view),
                name="intake_intake_urgent_followup",
            ),
        ]

    @method_decorator(require_POST)
    def acknowledge_view(self, request, object_id):
        require(request, REVIEW_PERMISSION)
        intake = get_intake(object_id)
        try:
            alert, now = urgent.acknowledge(intake=intake, by=request.user)
        except urgent.UrgentError as error:
            messages.error(request, str(error))
        else:
            if now:
                messages.success(request, "You acknowledged the urgent answer.")
            else:
                who = alert.acknowledged_by.get_full_name() or alert.acknowledged_by.email
                messages.info(request, f"{who} had already acknowledged the urgent answer.")
        return back_to(intake)

    @method_decorator(require_POST)
    def followup_view(self, request, object_id):
        require(request, REVIEW_PERMISSION)
        intake = get_intake(object_id)
        form = FollowUpForm(request.POST, prefix=FOLLOWUP_PREFIX)
        try:
            if not form.is_valid():
                raise urgent.UrgentError(form_errors(form))
            urgent.record_followup(
                intake=intake,
                by=request.user,
                contact=form.cleaned_data["contact"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except urgent.UrgentError as error:
            messages.error(request, f"The follow-up was not recorded: {error}")
            keep_typed(request, intake, "followup", FOLLOWUP_FIELDS, error)
        else:
            messages.success(request, "The risk follow-up is recorded.")
        return back_to(intake)

    def urgent_actions(self, request, intake, alert):
        form = _followup_form(request, intake, alert)
        recorded = alert is not None and alert.has_followup
        actions = {
            "acknowledge": PageAction(
                url=reverse("admin:intake_intake_urgent_acknowledge", args=[intake.pk]),
                button="Acknowledge the urgent answer",
                primary=True,
            ),
            "followup": PageAction(
                url=reverse("admin:intake_intake_urgent_followup", args=[intake.pk]),
                button="Record the follow-up",
                form=form,
                legend=f"{'Change' if recorded else 'Record'} the risk follow-up",
            ),
        }
        return [actions[name] for name in allowed_urgent_actions(intake, alert)]

    def urgent_context(self, request, intake):
        """What the intake page's urgent panel needs (nothing for an intake not urgent)."""
        if not intake.urgent:
            return {}
        alert = (
            UrgentAlert.objects.select_related("acknowledged_by", "followup_by")
            .filter(intake=intake)
            .first()
        )
        can_review = request.user.has_perm(REVIEW_PERMISSION)
        return {
            "urgent_alert": alert,
            "urgent_deliveries": list(alert.deliveries.all()) if alert else [],
            "urgent_actions": self.urgent_actions(request, intake, alert) if can_review else [],
            "followup_missing": alert is None or not alert.has_followup,
        }


def _followup_form(request, intake, alert):
    initial = {}
    if alert is not None and alert.has_followup:  # a change starts from what is recorded
        initial = {
            "contact": alert.followup_contact,
            "outcome": alert.followup_outcome,
            "note": alert.followup_note,
        }
    return typed_form(
        request, intake, "followup", FollowUpForm, prefix=FOLLOWUP_PREFIX, initial=initial
    )

"""The review panel of the intake's page: the action forms, the actions a reviewer can take on an
intake in its status (computed here once; the page loops over them), and the admin views that
carry them out (POST only, permission-checked)."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from ..forms import MessageForm
from ..models import MAX_MESSAGE_LENGTH, Intake, Outcome, Status
from ..services import errors, review
from ..services import messages as thread
from ..services.evaluation import intake_result, refresh_evaluation, unconfirmed_numbers
from ..services.review import ALLOWED_TRANSITIONS
from ..signature import staff_signature
from ..summary import summarise
from ..wording import check_patient_wording

REVIEW_PERMISSION = "intake.change_intake"
EXPORT_PERMISSION = "intake.export_intake"

# The outcomes a reviewer closes with, the usual three first.
CLOSE_OUTCOMES = [
    (Outcome.CONSULTATION, "Consultation offered"),
    (Outcome.NOT_PROCEEDING, "Not a candidate now"),
    (Outcome.REFERRED, "Referred elsewhere"),
    (Outcome.WITHDRAWN, Outcome.WITHDRAWN.label),
    (Outcome.DUPLICATE, Outcome.DUPLICATE.label),
]


# --- action forms ----------------------------------------------------------------------------


class RequestInfoForm(forms.Form):
    message = forms.CharField(
        label="What the patient needs to add or change",
        help_text="The patient reads this on their intake page, so write it for them.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def clean_message(self):
        message = self.cleaned_data["message"]
        check_patient_wording(message)
        return message


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=CLOSE_OUTCOMES)
    comment = forms.CharField(
        label="Comment (for the care team)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
    countersignature = forms.CharField(
        label="Countersignature: type your full name",
        max_length=150,
        help_text="Your name as on your staff account; recorded with the date and time.",
    )

    def __init__(self, *args, expected_name="", **kwargs):
        super().__init__(*args, **kwargs)
        if expected_name:
            self.fields["countersignature"].help_text = (
                f"Type your name as on your account: {expected_name}. Capitals and spaces do "
                "not matter; it is recorded with the date and time."
            )


class ClinicMessageForm(MessageForm):
    """A staff member's message in the thread with the patient."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Write to the patient"
        self.fields["body"].help_text = (
            "The patient reads this after signing in; their email only says there is an "
            f"update. Up to {MAX_MESSAGE_LENGTH:,} characters."
        )
        self.fields["body"].widget.attrs.update({"rows": 3, "cols": 60})


# --- helpers shared with the urgent panel ----------------------------------------------------


def require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def get_intake(object_id):
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        pk = -1
    return get_object_or_404(Intake.objects.select_related("patient", "assigned_to"), pk=pk)


def back_to(intake):
    return redirect("admin:intake_intake_change", intake.pk)


def form_errors(form):
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# A refused action shows its form again with what was typed (kept in the session for the page
# the action redirects to), so a wrong countersignature does not wipe the reviewer's comment.
KEPT_FORMS = {"close": ("outcome", "comment", "countersignature")}


def _kept_key(intake, action):
    return f"intake.kept_form.{intake.pk}.{action}"


def keep_typed(request, intake, action, fields, error):
    request.session[_kept_key(intake, action)] = {
        "data": {name: request.POST.get(name, "") for name in fields},
        "error": str(error),
    }


def typed_form(request, intake, action, form_class, **kwargs):
    """The action's form: bound to what was typed before a refusal (once), else empty."""
    kept = request.session.pop(_kept_key(intake, action), None)
    if not kept:
        return form_class(**kwargs)
    form = form_class(kept["data"], **kwargs)
    if form.is_valid():
        form.add_error(None, kept["error"])
    return form


def _draft_key(intake):
    return f"intake-message-draft-{intake.pk}"


@dataclass(frozen=True)
class PageAction:
    """A button on the intake's page, alone or at the foot of its form."""

    url: str
    button: str
    form: forms.Form | None = None
    legend: str = ""
    primary: bool = False


# --- the review actions ----------------------------------------------------------------------

# Each review action: its button, the legend of its form (none: a button alone), whether it is
# the page's main button.
REVIEW_ACTIONS = {
    "assign": ("Assign to me", "", False),
    "start": ("Start review", "", True),
    "reevaluate": ("Re-evaluate", "", False),
    "request_info": ("Send back to the patient", "Ask the patient for more information", False),
    "close": ("Close and countersign", "Close with an outcome", True),
}
ACTIONS = (*REVIEW_ACTIONS, "message")


def allowed_review_actions(intake):
    """The review actions an intake in its status allows, in the page's order."""
    status = intake.status
    allowed = {
        "assign": status != Status.CLOSED,
        "start": status in ALLOWED_TRANSITIONS[Status.IN_REVIEW],
        "reevaluate": True,
        "request_info": status in ALLOWED_TRANSITIONS[Status.NEEDS_INFO],
        "close": status in ALLOWED_TRANSITIONS[Status.CLOSED],
    }
    return tuple(name for name in REVIEW_ACTIONS if allowed[name])


class ReviewMixin:
    """The review panel and its actions, for the intake admin."""

    def review_urls(self):
        view = self.admin_site.admin_view(self.review_view)
        return [
            path(
                f"<path:object_id>/review/{action}/",
                view,
                {"action": action},
                name=f"intake_intake_{action}",
            )
            for action in ACTIONS
        ]

    @method_decorator(require_POST)
    def review_view(self, request, object_id, action):
        """One of the review actions on one intake, then back to its page."""
        require(request, REVIEW_PERMISSION)
        intake = get_intake(object_id)
        try:
            done = getattr(self, f"review_{action}")(request, intake)
        except errors.InvalidTransitionError as error:
            messages.error(request, str(error))
            if action in KEPT_FORMS:
                keep_typed(request, intake, action, KEPT_FORMS[action], error)
        else:
            messages.success(request, done)
        return back_to(intake)

    def review_assign(self, request, intake):
        review.assign_reviewer(intake=intake, reviewer=request.user)
        return "The intake is assigned to you."

    def review_start(self, request, intake):
        review.start_review(intake=intake, by=request.user)
        return "Review started."

    def review_reevaluate(self, request, intake):
        refresh_evaluation(intake=intake)
        return "The eligibility notes and queue columns were made again from the current data."

    def review_request_info(self, request, intake):
        form = RequestInfoForm(request.POST)
        if not form.is_valid():
            raise errors.InvalidTransitionError(form_errors(form))
        message = form.cleaned_data["message"]
        review.request_more_info(intake=intake, by=request.user, message=message)
        return "The intake is back with the patient, with your message."

    def review_close(self, request, intake):
        form = CloseForm(request.POST)
        if not form.is_valid():
            raise errors.InvalidTransitionError(form_errors(form))
        review.close_intake(
            intake=intake,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            message=form.cleaned_data["comment"].strip(),
            countersignature=form.cleaned_data["countersignature"],
        )
        return "The intake is closed and countersigned."

    def review_message(self, request, intake):
        form = ClinicMessageForm(request.POST)
        if not form.is_valid():
            # Kept for the page it goes back to, so nothing typed is lost.
            request.session[_draft_key(intake)] = request.POST.get("body", "")
            raise errors.InvalidTransitionError(form_errors(form))
        thread.clinic_writes(intake=intake, by=request.user, body=form.cleaned_data["body"])
        return "Your message is in the patient's thread; they were emailed to sign in and read it."

    def review_actions(self, request, intake):
        """The review panel's buttons and forms the intake allows now, for a reviewer."""
        action_forms = {
            "request_info": RequestInfoForm(),
            "close": typed_form(
                request, intake, "close", CloseForm, expected_name=staff_signature(request.user)
            ),
        }
        return [
            PageAction(
                url=reverse(f"admin:intake_intake_{name}", args=[intake.pk]),
                button=REVIEW_ACTIONS[name][0],
                form=action_forms.get(name),
                legend=REVIEW_ACTIONS[name][1],
                primary=REVIEW_ACTIONS[name][2],
            )
            for name in allowed_review_actions(intake)
        ]

    def review_context(self, request, intake):
        """What the intake page's review panel needs."""
        can_review = request.user.has_perm(REVIEW_PERMISSION)
        return {
            "can_review": can_review,
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
            "review_actions": self.review_actions(request, intake) if can_review else [],
            "history": intake.status_changes.select_related("by"),
            "answers_by_step": summarise(intake),
            "thread": thread.thread(intake),
            "message_form": ClinicMessageForm(
                initial={"body": request.session.pop(_draft_key(intake), "")}
            ),
        }

    @admin.display(description="automated notes")
    def eligibility_review(self, obj):
        """The notes in staff wording and the trial-by-trial table."""
        if obj is None or obj.pk is None:
            return ""
        result = intake_result(obj)
        if result is None:
            return "The notes could not be made: see the log, then press Re-evaluate."
        return render_to_string(
            "admin/intake/eligibility_review.html",
            {"result": result, "unconfirmed": unconfirmed_numbers(result)},
        )

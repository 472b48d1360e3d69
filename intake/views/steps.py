"""The patient's intake pages: the start page, one page per step, and the review."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.decorators import patient_required
from portal.middleware import pop_kept_form

from ..closed import closed_words
from ..eligibility.phq9_forms import phq9_form
from ..forms import MAX_TRIALS, MessageForm
from ..models import STEP_FIELDS, Intake, Status
from ..questions import ANSWER_STEP_SLUGS, STEPS, STEPS_BY_SLUG, next_step, step_number
from ..services.errors import (
    IntakeError,
    IntakeIncompleteError,
    IntakeNotEditableError,
    InvalidTransitionError,
    StaleStepError,
)
from ..services.evaluation import patient_evaluation
from ..services.messages import MessageError, patient_can_write, patient_writes, thread
from ..services.steps import save_step, submit_intake
from ..summary import summarise
from ..timeline import patient_timeline
from .pages import PAGES

CRISIS_SESSION_KEY = "intake_crisis_announce"
SIGNATURE_MISSING = _("Your signature is missing. Please sign your intake, then send it.")


# What every intake page reads of the intake besides a step's own answers.
PAGE_FIELDS = ("patient", "status", "urgent", "signed_at", "signed_name")


def _intake_for(patient, *, open_only=True, step=None):
    """The signed-in patient's intake, with what every intake page shows, in few queries.
    Given a step, only that step's answers are read: the intake has some 80 columns, and
    reading them all was a tenth of a step page's time."""
    queryset = Intake.objects.for_patient(patient).prefetch_related("steps")
    if open_only:
        queryset = queryset.open()
    if step is not None:
        queryset = queryset.only(*PAGE_FIELDS, *STEP_FIELDS[step])
    return queryset.first()


def _context(request, intake, **extra):
    """What every intake page needs: progress, steps, the crisis box."""
    step_rows = {s.step: s for s in intake.steps.all()} if intake else {}
    announce = request.session.pop(CRISIS_SESSION_KEY, False)
    steps = [
        {
            "slug": step.slug,
            "title": step.title,
            "number": number,
            "completed": step_rows[step.slug].completed if step.slug in step_rows else False,
            "url": _step_url(step.slug),
        }
        for number, step in enumerate(STEPS, start=1)
    ]
    return {
        "intake": intake,
        "steps": steps,
        # The step list's key in the fragment cache (intake/includes/step_nav.html).
        "steps_done": " ".join(s["slug"] for s in steps if s["completed"]),
        "step_count": len(STEPS),
        "show_crisis_help": bool(intake and intake.urgent),
        "announce_crisis_help": announce,
        **extra,
    }


def _step_url(slug):
    if slug == "review":
        return reverse("intake:review")
    return reverse("intake:step", args=[slug])


@require_safe
@never_cache
@patient_required
def home(request):
    return _home(request)


def _home(request, message_form=None, status=200):
    intake = _intake_for(request.user) or _intake_for(request.user, open_only=False)
    context = _context(request, intake)
    if intake is not None:
        missing = intake.missing_steps(intake.steps.all())
        context["missing"] = [STEPS_BY_SLUG[slug] for slug in missing]
        context["resume_url"] = _step_url(missing[0] if missing else "review")
        context["timeline"] = patient_timeline(intake)
        context["thread"] = thread(intake)
        context["can_write"] = patient_can_write(intake)
        context["message_form"] = message_form or MessageForm()
        if intake.status == Status.CLOSED:
            context["closed"] = closed_words(intake)
        if not intake.is_editable:
            context["sections"] = summarise(intake)
            context["eligibility"] = patient_evaluation(intake, closed_too=True)
    return render(request, "intake/home.html", context, status=status)


@require_POST
@never_cache
@sensitive_post_parameters()
@patient_required
def message(request):
    """The patient writes to the clinic from /intake/ (the thread, docs/messages.md)."""
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _home(request, message_form=form, status=400)
    try:
        patient_writes(patient=request.user, body=form.cleaned_data["body"])
    except MessageError as error:
        messages.error(request, str(error))
        return _home(request, message_form=form, status=400)
    messages.success(request, gettext("Your message was sent to the clinic's care team."))
    return redirect(reverse("intake:home") + "#messages")


# Not in ATOMIC_REQUESTS' transaction: showing a step only reads, and the transaction's BEGIN
# and COMMIT were two of its seven round trips to the database. A save has its own transaction.
@transaction.non_atomic_requests
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@sensitive_post_parameters()
@patient_required
def step(request, step):
    page = PAGES.get(step)
    if page is None:
        raise Http404("No such step.")
    if request.method == "POST":
        with transaction.atomic():
            return _post(request, page)
    intake = _intake_for(request.user, step=step)
    if intake is not None and not intake.is_editable:
        return _not_editable(request)
    kept = pop_kept_form(request)
    if kept is not None:
        # Posted just after an idle sign-out: show what the patient typed, for them to save.
        forms = page.build(patient=request.user, intake=intake, data=kept, complete=False)
        page.is_valid(forms)
        messages.info(request, gettext("We kept what you typed. Check it, then save it."))
        return _render_step(request, page, intake, forms, _int(kept.get("version"), default=-1))
    step_row = next((s for s in intake.steps.all() if s.step == step), None) if intake else None
    extra_rows = _int(request.GET.get("add"), default=0, low=0, high=5)
    forms = page.build(patient=request.user, intake=intake, extra_rows=extra_rows)
    return _render_step(request, page, intake, forms, step_row.version if step_row else 0)


def _not_editable(request):
    messages.info(request, IntakeNotEditableError().args[0])
    return redirect("intake:home")


def _post(request, page):
    intake = _intake_for(request.user)
    if intake is not None and not intake.is_editable:
        return _not_editable(request)
    return _save(request, page, intake)


def _save(request, page, intake):
    """Save a step: complete if every answer is there, else as a draft if what was typed is
    valid; otherwise show the page again with the messages."""
    # The version the patient's page was based on: kept when the page is shown again with their
    # answers, so that a later save is still checked against it.
    posted_version = _int(request.POST.get("version"), default=-1)
    action = "remove" if "remove" in request.POST else request.POST.get("action", "continue")
    data = _data_with_removed_row(request.POST)
    forms = save_forms = page.build(patient=request.user, intake=intake, data=data)
    completed = page.is_valid(forms)
    if not completed:
        save_forms = page.build(patient=request.user, intake=intake, data=data, complete=False)
        if not page.is_valid(save_forms):
            # "Save and continue" lists every missing answer; the others only what was typed.
            shown = forms if action == "continue" else save_forms
            return _render_step(request, page, intake, shown, posted_version, status=400)
    try:
        result = save_step(
            patient=request.user,
            step=page.slug,
            expected_version=posted_version,
            completed=completed,
            **page.save_kwargs(save_forms),
        )
    except IntakeError as error:
        return _refused_save(request, page, intake, forms, posted_version, error)
    if result.newly_urgent:
        request.session[CRISIS_SESSION_KEY] = True
    if action == "continue" and not completed:
        # Saved as a draft; the questions still to answer are shown with their messages.
        return _render_step(request, page, result.intake, forms, result.step.version, status=400)
    return _after_save(request, page.slug, action, save_forms)


def _after_save(request, step, action, forms):
    """The page after a save; after "About you", in the language just chosen there (the
    account's, and the header switch's cookie if the patient had used it)."""
    if step != "about-you":
        return _redirect_after_save(request, step, action, forms)
    chosen = request.user.language
    translation.activate(chosen)
    request.LANGUAGE_CODE = chosen
    response = _redirect_after_save(request, step, action, forms)
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) not in (None, chosen):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def _refused_save(request, page, intake, forms, version, error):
    """The page after a save the intake's rules refused: nothing was saved."""
    if isinstance(error, StaleStepError):
        messages.error(request, str(error))
        intake = _intake_for(request.user)
        forms = page.build(patient=request.user, intake=intake)
        return _render_step(request, page, intake, forms, error.current_version, status=409)
    if isinstance(error, IntakeNotEditableError):
        messages.info(request, str(error))
        return redirect("intake:home")
    # A rule the form did not catch (e.g. the account's name changed meanwhile).
    messages.error(request, str(error))
    return _render_step(request, page, intake, forms, version, status=400)


def _returns_to_review(request):
    return request.GET.get("from") == "review" or request.POST.get("from") == "review"


def _redirect_after_save(request, step, action, forms):
    if action == "later":
        messages.success(
            request,
            gettext(
                "Your answers are saved. You can sign out now and come back any time to finish."
            ),
        )
        return redirect("intake:home")
    if action == "add":
        formset = forms.get("formset")
        blank_rows = sum(1 for f in formset.forms if f.is_valid() and f.is_blank())
        if len(formset.kept_forms) >= MAX_TRIALS:
            messages.info(
                request, gettext("You can list up to %(max)s medicines.") % {"max": MAX_TRIALS}
            )
            return redirect(_same_step_url(request, step))
        new_index = len(formset.kept_forms) + blank_rows
        url = _same_step_url(request, step) + ("&" if _returns_to_review(request) else "?")
        return redirect(f"{url}add={blank_rows + 1}#trial-row-{new_index}")
    if action == "remove":
        messages.success(
            request, gettext("The medicine was removed. Your other answers are saved.")
        )
        return redirect(_same_step_url(request, step))
    if _returns_to_review(request):
        return redirect("intake:review")
    return redirect(_step_url(next_step(step)))


def _same_step_url(request, step):
    """The step again; opened from the review, it still returns there when saved."""
    url = reverse("intake:step", args=[step])
    return url + "?from=review" if _returns_to_review(request) else url


def _data_with_removed_row(post):
    """A "Remove" button (no JavaScript needed) marks its row as deleted."""
    index = post.get("remove")
    if index is None or not index.isdigit():
        return post
    data = post.copy()
    data[f"trials-{index}-DELETE"] = "on"
    return data


def _render_step(request, page, intake, forms, version, status=200):
    context = _context(
        request,
        intake,
        step=STEPS_BY_SLUG[page.slug],
        step_number=step_number(page.slug),
        version=version,
        phq9_stem=phq9_form(get_language()).stem,
        return_to_review=_returns_to_review(request),
        **forms,
    )
    return render(request, page.template(), context, status=status)


def _int(value, *, default, low=None, high=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    if low is not None:
        number = max(low, number)
    if high is not None:
        number = min(high, number)
    return number


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@patient_required
def review(request):
    intake = _intake_for(request.user)
    if intake is not None and not intake.is_editable:
        return redirect("intake:home")
    if request.method == "POST":
        if intake is not None and _submit(request, intake):
            return redirect("intake:home")
        return _review_page(request, intake, status=400)
    return _review_page(request, intake)


def _submit(request, intake):
    """Send the intake; True when it went (or cannot be sent any more), with a message."""
    try:
        submit_intake(intake=intake)
    except IntakeIncompleteError as error:
        if error.missing == ["consent"] and not intake.signature_is_current():
            messages.error(request, SIGNATURE_MISSING)
        else:
            messages.error(request, str(error))
        return False
    except InvalidTransitionError as error:
        messages.error(request, str(error))
        return True
    messages.success(
        request,
        gettext(
            "Thank you. Your intake has been sent to the clinic. A member of the care team "
            "will look at it and contact you."
        ),
    )
    return True


def _review_page(request, intake, status=200):
    steps = intake.steps.all() if intake else []
    missing = intake.missing_steps(steps) if intake else list(ANSWER_STEP_SLUGS)
    context = _context(
        request,
        intake,
        step=STEPS_BY_SLUG["review"],
        step_number=step_number("review"),
        sections=summarise(intake) if intake else [],
        missing=[STEPS_BY_SLUG[slug] for slug in missing],
        missing_slugs=missing,
        signature_missing=bool(intake and not intake.signature_is_current(steps)),
        sign_again=bool(intake and intake.is_signed and not intake.signature_is_current(steps)),
        submit_refused=status == 400,
    )
    return render(request, "intake/review.html", context, status=status)

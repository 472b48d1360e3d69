"""The PHQ-9 check-in of a course, the one-time link of its mail, and the thank-you page.

The link alone never opens the form: the patient signs in first (their answers stay behind
their account), and the link then takes them straight to the check-in. The link is used up when
the check-in is saved, not when it is opened, so a mail scanner that opens it uses nothing."""

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from intake.eligibility.phq9_forms import phq9_form
from intake.eligibility.vocabulary import item9_is_urgent
from portal.decorators import patient_required

from ..forms import CheckInForm
from ..models import CheckIn
from ..services.checkins import (
    CheckInError,
    LinkState,
    find_link,
    is_due,
    next_due_date,
    open_course,
    save_patient_check_in,
)
from .thanks import score_words

LINK_KEY = "treatment_check_in_link"
DONE_KEY = "treatment_check_in_done"


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@sensitive_post_parameters()
@patient_required
def check_in(request):
    course = open_course(request.user)
    if course is None or not is_due(course):
        return _not_due(request, course, status=409 if request.method == "POST" else 200)
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            done = save_patient_check_in(
                patient=request.user,
                answers=form.answers,
                difficulty=form.difficulty,
                link_id=request.session.get(LINK_KEY),
            )
        except CheckInError:
            return _not_due(request, course, status=409)
        request.session.pop(LINK_KEY, None)
        request.session[DONE_KEY] = done.pk
        return redirect("treatment:check_in_thanks")
    context = {"form": form, "course": course, "phq9_stem": phq9_form(get_language()).stem}
    return render(request, "treatment/check_in.html", context, status=400 if form.errors else 200)


def _not_due(request, course, *, status):
    context = {"course": course, "next_due": next_due_date(course) if course else None}
    return render(request, "treatment/check_in_not_due.html", context, status=status)


@require_safe
@never_cache
@patient_required
def check_in_link(request, token):
    state, link = find_link(token=token, patient=request.user)
    if state == LinkState.OK:
        request.session[LINK_KEY] = link.pk
        return redirect("treatment:check_in")
    course = open_course(request.user)
    context = {"state": state, "due": course is not None and is_due(course)}
    # A made-up link and another patient's are answered alike: neither says it exists.
    status = 404 if state == LinkState.UNKNOWN else 200
    return render(request, "treatment/check_in_link.html", context, status=status)


@require_safe
@never_cache
@patient_required
def check_in_thanks(request):
    done = CheckIn.objects.filter(
        pk=request.session.get(DONE_KEY), course__patient=request.user
    ).first()
    if done is None:
        return redirect("treatment:check_in")
    urgent = item9_is_urgent(done.item9)
    context = {"check_in": done, "score": score_words(done.total), "urgent": urgent}
    return render(request, "treatment/check_in_thanks.html", context)

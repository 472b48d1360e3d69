"""Access rules other apps use for patient pages.

    from portal.decorators import patient_required, PatientRequiredMixin

    @patient_required
    def step(request, step): ...

    class StepView(PatientRequiredMixin, FormView): ...

A visitor who is not signed in is sent to the sign-in page with ``?next=<this page>``; a signed-in
staff member (is_staff or is_superuser) gets a 403 page saying the intake is for patients; a
patient gets the page.
"""

from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render


def is_staff_account(user):
    return user.is_staff or user.is_superuser


def patients_only_response(request):
    return render(request, "registration/patients_only.html", status=403)


def patient_required(view_func):
    """Only a signed-in patient (not staff) may open the view."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if is_staff_account(request.user):
            return patients_only_response(request)
        return view_func(request, *args, **kwargs)

    return wrapper


class PatientRequiredMixin(LoginRequiredMixin):
    """The class-based-view form of :func:`patient_required`."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_staff_account(request.user):
            return patients_only_response(request)
        return super().dispatch(request, *args, **kwargs)

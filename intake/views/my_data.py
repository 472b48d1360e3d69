"""The patient's "My data" page: download everything (JSON, FHIR) and ask for deletion."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from portal.decorators import patient_required

from ..audit import record_access
from ..fhir import intake_bundle_json
from ..models import AccessEvent, Intake
from ..services.rights import patient_data_json, pending_request, request_deletion


def _attachment(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@never_cache
@patient_required
def my_data(request):
    intakes = Intake.objects.for_patient(request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "intake/my_data.html",
        {"intakes": intakes, "pending": pending_request(request.user)},
    )


@require_safe
@never_cache
@patient_required
def download_json(request):
    body = patient_data_json(request.user)
    if request.method == "GET":  # HEAD sends no data: nothing was exported
        record_access(request, AccessEvent.Action.EXPORT, detail="All my data as JSON")
    return _attachment(body, "application/json", "my-data.json")


@require_safe
@never_cache
@patient_required
def download_fhir(request, pk):
    intake = get_object_or_404(Intake, pk=pk, patient=request.user)
    body = intake_bundle_json(intake)
    if request.method == "GET":  # HEAD sends no data: nothing was exported
        record_access(request, AccessEvent.Action.EXPORT, intake=intake, detail="Intake as FHIR")
    return _attachment(body, "application/fhir+json", f"my-intake-{intake.pk}.fhir.json")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def delete_request(request):
    pending = pending_request(request.user)
    error = None
    if request.method == "POST" and pending is None:
        if request.POST.get("confirm") == "yes":
            _, created = request_deletion(patient=request.user)
            if created:
                record_access(request, AccessEvent.Action.ASK_DELETE)
            messages.success(
                request,
                gettext(
                    "We have your request. The clinic will delete your data and email you when "
                    "it is done."
                ),
            )
            return redirect("my_data")
        error = gettext("Please tick the box to say you want your account and data deleted.")
    return render(
        request,
        "intake/delete_request.html",
        {"pending": pending, "error": error},
        status=400 if error else 200,
    )


__all__ = ["delete_request", "download_fhir", "download_json", "my_data"]

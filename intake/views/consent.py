"""The patient's records release, parent or guardian, and TMS consent pages (docs/consent.md).

No ids in the URLs: always the signed-in patient's own open intake."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from portal.decorators import patient_required
from portal.models import PolicyText
from portal.policies import current_text, latest_agreement

from ..forms import GuardianForm, ReleaseFormSet, SignForm
from ..guardian import is_minor
from ..models import MAX_RELEASE_ROWS, Guardian
from ..services.consent import save_guardian, save_release, sign_tms_consent
from ..services.errors import IntakeError, IntakeNotEditableError
from .steps import _intake_for

Kind = PolicyText.Kind
PAGE = require_http_methods(["GET", "HEAD", "POST"])
TEXT_CHANGED = _("This text changed while the page was open. Please read it again, then sign.")


def _text(kind):
    text = current_text(kind)
    if text is None:
        raise Http404("The clinic has not published this text yet.")
    return text


def _editable_or_none(request):
    """(intake, None), or (None, a redirect) when the intake was sent and cannot change."""
    intake = _intake_for(request.user)
    if intake is not None and not intake.is_editable:
        messages.info(request, IntakeNotEditableError().args[0])
        return None, redirect("intake:home")
    return intake, None


def _posted(request):
    return request.POST if request.method == "POST" else None


def _check_version(form, text):
    if form.is_valid() and form.cleaned_data["version"] != text.version:
        form.add_error(None, TEXT_CHANGED)
    return form.is_valid()


@PAGE
@never_cache
@sensitive_post_parameters()
@patient_required
def release(request):
    intake, away = _editable_or_none(request)
    if away:
        return away
    text = _text(Kind.RECORDS_RELEASE)
    data = _posted(request)
    formset = _release_formset(data, intake)
    rows = formset.rows() if formset.is_valid() else []
    sign = SignForm(data, initial={"version": text.version}, required=bool(rows))
    if data is not None and formset.is_valid() & _check_version(sign, text):
        try:
            save_release(
                patient=request.user,
                rows=rows,
                signed_name=sign.cleaned_data["signed_name"],
                text=text,
            )
        except IntakeError as error:
            sign.add_error("signed_name", str(error))
        else:
            messages.success(request, gettext("Your list of doctors and pharmacies is saved."))
            return redirect("intake:review")
    context = {"formset": formset, "form": sign, "text": text, "intake": intake}
    context["signed"] = latest_agreement(request.user, Kind.RECORDS_RELEASE)
    return render(request, "intake/release.html", context, status=200 if data is None else 400)


def _release_formset(data, intake):
    saved = list(intake.release_requests.all()) if intake is not None else []
    initial = [
        {
            "id": r.pk,
            "kind": r.kind,
            "name": r.name,
            "practice": r.practice,
            "phone": r.phone,
            "city": r.city,
        }
        for r in saved
    ]
    formset = ReleaseFormSet(data, initial=initial, prefix="rows")
    formset.extra = max(0, min(MAX_RELEASE_ROWS - len(saved), max(1, 2 - len(saved))))
    return formset


@PAGE
@never_cache
@sensitive_post_parameters()
@patient_required
def guardian(request):
    intake, away = _editable_or_none(request)
    if away:
        return away
    if not is_minor(intake, patient=request.user):
        messages.info(request, gettext("You are 18 or older, so no parent or guardian is needed."))
        return redirect("intake:review")
    saved = Guardian.objects.filter(intake=intake).first() if intake else None
    initial = (
        {f: getattr(saved, f) for f in ("name", "relationship", "phone", "email")} if saved else {}
    )
    form = GuardianForm(_posted(request), initial=initial)
    if form.is_valid():
        try:
            fields = ("name", "relationship", "phone", "email", "signed_name")
            save_guardian(patient=request.user, **{f: form.cleaned_data[f] for f in fields})
        except IntakeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, gettext("Thank you. The parent or guardian's consent is saved.")
            )
            return redirect("intake:review")
    context = {"form": form, "saved": saved, "intake": intake}
    return render(request, "intake/guardian.html", context, status=400 if form.is_bound else 200)


@PAGE
@never_cache
@sensitive_post_parameters()
@patient_required
def tms_consent(request):
    text = _text(Kind.TMS_CONSENT)
    form = SignForm(_posted(request), initial={"version": text.version})
    if request.method == "POST" and _check_version(form, text):
        try:
            sign_tms_consent(
                patient=request.user,
                signed_name=form.cleaned_data["signed_name"],
                version=form.cleaned_data["version"],
            )
        except IntakeError as error:
            form.add_error("signed_name", str(error))
        else:
            messages.success(request, gettext("Thank you. Your signed consent is saved."))
            return redirect("intake:tms_consent")
    signed = latest_agreement(request.user, Kind.TMS_CONSENT)
    context = {"form": form, "text": text, "signed": signed}
    context["signed_current"] = bool(signed and signed.version == text.version)
    return render(request, "intake/tms_consent.html", context, status=400 if form.is_bound else 200)

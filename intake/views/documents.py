"""The patient's papers for the clinic: the page that lists and takes them, a download, and
removing one. The reviewers' download is in the admin (intake/admin/documents.py)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.decorators import patient_required

from ..forms import DocumentForm
from ..models import Document, Intake
from ..services.documents import DocumentError, remove_document, save_document
from ..uploads import document_response

HELP = {
    Document.Kind.PHARMACY: (
        _(
            "A list of the medicines you have filled. Your pharmacy can print one, or you can "
            "save it from their app or website."
        )
    ),
    Document.Kind.REFERRAL: _("A letter or form from the doctor who sent you to us."),
    Document.Kind.INSURANCE_FRONT: (
        _("A clear photo of the front of your card. Make sure all the words can be read.")
    ),
    Document.Kind.INSURANCE_BACK: _("A clear photo of the back of your card."),
}


def _open_intake(patient):
    return Intake.objects.for_patient(patient).open().first()


def _page(request, intake, failed=None, status=200):
    by_kind = {d.kind: d for d in intake.documents.all()} if intake else {}
    slots = [
        {
            "kind": kind,
            "label": kind.label,
            "help": HELP[kind],
            "document": by_kind.get(kind.value),
            "form": failed if failed and failed.data.get("kind") == kind.value else None,
        }
        for kind in Document.Kind
    ]
    context = {"intake": intake, "slots": slots, "blank_form": DocumentForm()}
    if failed is not None and not any(slot["form"] for slot in slots):
        context["page_error"] = gettext("Please choose one of the papers below and try again.")
    return render(request, "intake/documents.html", context, status=status)


@transaction.non_atomic_requests  # the service's own transaction decides the file's fate
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@patient_required
def documents(request):
    intake = _open_intake(request.user)
    if request.method != "POST":
        return _page(request, intake)
    form = DocumentForm(request.POST, request.FILES)
    if intake is None or not form.is_valid():
        return _page(request, intake, failed=form, status=400)
    kind = Document.Kind(form.cleaned_data["kind"])
    try:
        save_document(intake=intake, kind=kind, clean=form.cleaned_data["file"])
    except DocumentError as error:
        messages.error(request, str(error))
        return redirect("intake:documents")
    messages.success(
        request, gettext("Thank you. We saved your %(paper)s.") % {"paper": kind.label.lower()}
    )
    return redirect("intake:documents")


@require_safe
@never_cache
@patient_required
def document_file(request, document_id):
    document = get_object_or_404(Document.objects.for_patient(request.user), pk=document_id)
    return document_response(document)


@transaction.non_atomic_requests
@require_POST
@never_cache
@patient_required
def document_remove(request, document_id):
    document = get_object_or_404(
        Document.objects.for_patient(request.user).filter(intake__in=Intake.objects.open()),
        pk=document_id,
    )
    remove_document(document=document)
    messages.success(
        request,
        gettext("We removed your %(paper)s.") % {"paper": document.get_kind_display().lower()},
    )
    return redirect("intake:documents")

"""The patient's documents: keep one (replacing the one of the same kind), remove one, and
remove all of a patient's when their deletion request is carried out.

A file and its row live or die together: the file is written first and removed again if the
row is not committed; a replaced or removed file goes only once the change is committed. So
each write here is its own transaction (``durable``): a view calling it must not run inside
the request's transaction (``transaction.non_atomic_requests``)."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from ..models import Document, Intake, Status
from ..uploads import document_storage
from .errors import IntakeError

logger = logging.getLogger(__name__)


class DocumentError(IntakeError):
    """A document write the rules refuse; ``str()`` is fit for the patient."""


def save_document(*, intake, kind, clean):
    """Keep ``clean`` (an ``uploads.CleanFile``) as the intake's document of ``kind``."""
    storage = document_storage()
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    name = f"{intake.pk}/{uuid.uuid4().hex}.{extension[clean.content_type]}"
    stored = storage.save(name, ContentFile(clean.content))
    try:
        with transaction.atomic(durable=True):
            locked = Intake.objects.select_for_update().get(pk=intake.pk)
            if locked.status == Status.CLOSED:
                raise DocumentError(
                    gettext("This intake is closed, so you cannot add papers to it.")
                )
            old = Document.objects.filter(intake=locked, kind=kind).first()
            if old is not None:
                old.delete()
                _remove_after_commit([old.stored_name])
            document = Document.objects.create(
                intake=locked,
                kind=kind,
                original_name=clean.original_name,
                stored_name=stored,
                content_type=clean.content_type,
                size=len(clean.content),
            )
    except BaseException:
        _remove_files([stored])
        raise
    return document


def remove_document(*, document):
    with transaction.atomic(durable=True):
        deleted, _ = Document.objects.filter(pk=document.pk).delete()
        if deleted:
            _remove_after_commit([document.stored_name])


def forget_documents(*, intakes):
    """Delete the rows of the intakes' documents now and their files once committed (part of
    a patient's deletion: a document identifies the patient, even on an intake kept)."""
    documents = Document.objects.filter(intake__in=intakes)
    names = list(documents.values_list("stored_name", flat=True))
    documents.delete()
    _remove_after_commit(names)
    return len(names)


def _remove_after_commit(names):
    if names:
        transaction.on_commit(lambda: _remove_files(names))


def _remove_files(names):
    storage = document_storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # The row is gone either way; a file left behind is logged for the operator.
            logger.exception("Could not remove the document file %s", name)

"""Patients' documents: what a file is, from its content; images re-encoded without their
metadata; the private storage; the download response both the patient's and the reviewers'
views send.

The type is never taken from the file's name or the browser's word for it: a PDF starts with
``%PDF-`` and has a cross-reference and an end mark; a JPEG or PNG starts with its signature
and must open with Pillow, within ``DOCUMENT_MAX_PIXELS``. Images are decoded and saved again,
so that EXIF (the camera, the place a photo was taken), comments and anything hidden after the
picture are gone.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

STORAGE_ALIAS = "documents"

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Where a PDF's end mark and its pointer to the cross-reference must be (PDF 1.7, 7.5.5; readers
# look in the last kilobyte).
PDF_TAIL = 1024


class UploadRejected(ValueError):
    """A file the portal will not keep; ``message`` is fit to show to the patient."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    original_name: str


class PrivateFileSystemStorage(FileSystemStorage):
    """The local folder of patients' documents: no URL, so nothing can link to a file."""

    def url(self, name):
        raise ValueError("Patients' documents have no URL; they are served by a view.")


def document_storage():
    return storages[STORAGE_ALIAS]


def _megabytes(size):
    return f"{size / (1024 * 1024):.0f} MB"


def check_upload(upload):
    """The upload as it will be stored, or ``UploadRejected``."""
    max_bytes = settings.DOCUMENT_MAX_BYTES
    if not upload.size:
        raise UploadRejected(gettext("This file is empty. Please choose another file."), "empty")
    if upload.size > max_bytes:
        raise _too_big(max_bytes)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_big(max_bytes)
    name = (upload.name or "file")[:255]
    if data.startswith(PDF_MAGIC):
        _check_pdf(data)
        return CleanFile(data, "application/pdf", name)
    if data.startswith(JPEG_MAGIC):
        return CleanFile(_reencode(data, "JPEG"), "image/jpeg", name)
    if data.startswith(PNG_MAGIC):
        return CleanFile(_reencode(data, "PNG"), "image/png", name)
    raise UploadRejected(
        gettext("We can only take PDF, JPEG or PNG files. Please choose a photo or a PDF."),
        "wrong_type",
    )


def _too_big(max_bytes):
    return UploadRejected(
        gettext("This file is too big. Each file can be up to %(size)s.")
        % {"size": _megabytes(max_bytes)},
        "too_big",
    )


def _unreadable():
    return UploadRejected(
        gettext("We could not open this file. It may be damaged. Please try another one."),
        "unreadable",
    )


def _check_pdf(data):
    header = data[:16].split(b"\n")[0].split(b"\r")[0]
    version = header[len(PDF_MAGIC) :].strip()
    tail = data[-PDF_TAIL:]
    if (
        not version[:1].isdigit()
        or b"%%EOF" not in tail
        or b"startxref" not in tail
        or b"obj" not in data
    ):
        raise _unreadable()


def _reencode(data, image_format):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                width, height = image.size
                if width * height > settings.DOCUMENT_MAX_PIXELS:
                    raise UploadRejected(
                        gettext("This picture is too large. Please take a smaller photo or a PDF."),
                        "too_many_pixels",
                    )
                image.load()
                # The picture the right way up, as the camera meant, before EXIF goes.
                clean = ImageOps.exif_transpose(image)
    except UploadRejected:
        raise
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise UploadRejected(
            gettext("This picture is too large. Please take a smaller photo or a PDF."),
            "too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _unreadable() from error
    # Comments, EXIF, XMP, text chunks: none of it is written again. A palette's transparent
    # colour is part of the picture, not metadata.
    transparency = clean.info.get("transparency") if clean.mode == "P" else None
    clean.info = {} if transparency is None else {"transparency": transparency}
    out = io.BytesIO()
    if image_format == "JPEG":
        clean.convert("RGB").save(out, "JPEG", quality=90)
    else:
        if clean.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            clean = clean.convert("RGBA")
        clean.save(out, "PNG", optimize=False)
    return out.getvalue()


def document_response(document):
    """The file as a download: never shown inline, never sniffed as another type."""
    response = FileResponse(
        document_storage().open(document.stored_name, "rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

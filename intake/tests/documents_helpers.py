"""Sample files for the documents' tests: a phone photo with its EXIF (GPS included), a PNG,
a small well-formed PDF, and a document kept through the service as an upload would be."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from intake.models import Document
from intake.services.documents import save_document
from intake.uploads import check_upload

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
)
GPS_IFD = 0x8825
CAMERA_MAKE = 0x010F


def jpeg_with_exif(size=(64, 40)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[CAMERA_MAKE] = "SpyPhone"
    exif[GPS_IFD] = {1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (79.0, 58.0, 56.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at 12 Elm St")
    return out.getvalue()


def png_bytes(size=(30, 20)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 10)).save(out, "PNG")
    return out.getvalue()


def upload(content, name="card.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_document(intake, kind=Document.Kind.INSURANCE_FRONT, content=None, name="card.jpg"):
    clean = check_upload(upload(content or jpeg_with_exif(), name))
    return save_document(intake=intake, kind=kind, clean=clean)

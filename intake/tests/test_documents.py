"""The patient's papers: upload (type from the content, size and pixel limits, metadata
removed), private storage, access to the downloads, replacing and removing, and deletion."""

import io
import struct
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image, PngImagePlugin

from intake.models import AccessEvent, Document, Status
from intake.services import documents as document_services
from intake.services import rights
from intake.tests.documents_helpers import (
    GPS_IFD,
    PDF,
    add_document,
    jpeg_with_exif,
    png_bytes,
    upload,
)
from intake.tests.factories import build_intake, submitted_intake
from intake.uploads import check_upload, document_storage

pytestmark = pytest.mark.django_db

URL = reverse("intake:documents")


@pytest.fixture
def intake(patient):
    return build_intake(patient, status=Status.DRAFT)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


def stored_files():
    storage = document_storage()
    folders, _ = storage.listdir("")
    return sorted(f"{d}/{f}" for d in folders for f in storage.listdir(d)[1])


def send(client, content, name="card.jpg", kind="insurance_front", content_type="image/jpeg"):
    return client.post(URL, {"kind": kind, "file": upload(content, name, content_type)})


def png_claiming(width, height):
    """A PNG whose header claims ``width`` x ``height`` pixels, with almost no data."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


# --- Upload -----------------------------------------------------------------------------------


def test_the_patient_uploads_a_photo_of_the_insurance_card_and_sees_it_listed(
    patient_client, intake
):
    response = send(patient_client, jpeg_with_exif(), name="IMG_0042.jpg")
    assert response.status_code == 302
    document = Document.objects.get(intake=intake)
    assert (document.kind, document.content_type) == ("insurance_front", "image/jpeg")
    assert stored_files() == [document.stored_name]
    page = patient_client.get(URL).content.decode()
    assert "IMG_0042.jpg" in page
    assert "Remove insurance card, front" in page
    assert (
        "Papers for your insurance" in patient_client.get(reverse("intake:home")).content.decode()
    )


def test_a_photo_comes_out_without_its_exif_gps_or_comment(patient_client, intake):
    original = jpeg_with_exif()
    with Image.open(io.BytesIO(original)) as image:  # the sample has them to lose
        assert image.getexif().get_ifd(GPS_IFD)
    send(patient_client, original)
    document = Document.objects.get(intake=intake)
    with document_storage().open(document.stored_name) as file:
        kept = file.read()
    assert b"SpyPhone" not in kept
    assert b"Elm St" not in kept
    assert b"Exif" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "comment" not in image.info
        assert image.size == (64, 40)


def test_a_png_comes_out_without_its_exif_and_text_but_keeps_its_transparency():
    picture = Image.new("P", (10, 10))
    exif = Image.Exif()
    exif[0x010F] = "SpyPhone"
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at 12 Elm St")
    out = io.BytesIO()
    picture.save(out, "PNG", exif=exif.tobytes(), pnginfo=text, transparency=0)
    clean = check_upload(upload(out.getvalue(), "card.png", "image/png"))
    assert b"SpyPhone" not in clean.content
    assert b"Elm St" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.info == {"transparency": 0}


def test_a_pdf_is_kept_as_it_is_and_a_png_as_a_png(patient_client, intake):
    send(patient_client, PDF, name="pharmacy.pdf", kind="pharmacy", content_type="text/plain")
    send(patient_client, png_bytes(), name="back.png", kind="insurance_back")
    pdf = Document.objects.get(intake=intake, kind="pharmacy")
    assert pdf.content_type == "application/pdf"
    with document_storage().open(pdf.stored_name) as file:
        assert file.read() == PDF
    assert Document.objects.get(intake=intake, kind="insurance_back").content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 this is a program", "referral.pdf", "We can only take PDF, JPEG or PNG"),
        (b"<html><script>alert(1)</script>", "card.png", "We can only take PDF, JPEG or PNG"),
        (b"", "empty.pdf", "This file is empty"),
        (b"%PDF-1.4\nno objects and no end", "broken.pdf", "We could not open this file"),
        (b"\xff\xd8\xff\xe0 not really a picture", "card.jpg", "We could not open this file"),
        (png_claiming(100_000, 100_000), "bomb.png", "This picture is too large"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_kept(
    patient_client, intake, content, name, message
):
    response = send(patient_client, content, name=name, kind="referral")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_refused(patient_client, intake, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    response = send(patient_client, PDF + b"%" * (1024 * 1024), name="big.pdf", kind="pharmacy")
    assert response.status_code == 400
    assert "This file is too big. Each file can be up to 1 MB." in response.content.decode()
    assert not Document.objects.exists()


def test_a_picture_over_the_pixel_limit_is_refused(patient_client, intake, settings):
    settings.DOCUMENT_MAX_PIXELS = 1000
    response = send(patient_client, jpeg_with_exif(size=(100, 100)))
    assert response.status_code == 400
    assert "This picture is too large" in response.content.decode()
    assert stored_files() == []


def test_no_file_or_an_unknown_kind_is_refused(patient_client, intake):
    assert patient_client.post(URL, {"kind": "insurance_front"}).status_code == 400
    response = send(patient_client, PDF, name="x.pdf", kind="passport")
    assert response.status_code == 400
    assert "Please choose one of the papers below" in response.content.decode()
    assert not Document.objects.exists()


def test_a_new_file_replaces_the_old_one_after_commit(
    patient_client, intake, django_capture_on_commit_callbacks
):
    old = add_document(intake)
    with django_capture_on_commit_callbacks(execute=True):
        send(patient_client, png_bytes(), name="new.png")
    new = Document.objects.get(intake=intake)
    assert new.original_name == "new.png"
    assert stored_files() == [new.stored_name]
    assert old.stored_name != new.stored_name


def test_a_failed_write_leaves_no_file_and_no_row(intake, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Document.objects, "create", fail)
    with pytest.raises(RuntimeError):
        add_document(intake)
    assert not Document.objects.exists()
    assert stored_files() == []


def test_a_closed_intake_takes_no_papers(patient_client, patient):
    build_intake(patient, status=Status.CLOSED, outcome="withdrawn", closed_at=timezone.now())
    response = send(patient_client, jpeg_with_exif())
    assert response.status_code == 400
    assert "first start your intake" in response.content.decode()
    assert not Document.objects.exists()


def test_the_patient_removes_a_paper(patient_client, intake, django_capture_on_commit_callbacks):
    document = add_document(intake)
    url = reverse("intake:document_remove", args=[document.pk])
    assert patient_client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = patient_client.post(url)
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert stored_files() == []


def test_another_patient_cannot_remove_it(client, other_patient, intake):
    document = add_document(intake)
    client.force_login(other_patient)
    assert client.post(reverse("intake:document_remove", args=[document.pk])).status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


def test_the_storage_gives_no_url():
    with pytest.raises(ValueError, match="no URL"):
        document_storage().url("1/x.pdf")


# --- Access -------------------------------------------------------------------------------------


@pytest.fixture
def document(intake):
    return add_document(intake)


def _admin_url(document):
    return reverse("admin:intake_document_download", args=[document.pk])


def _patient_url(document):
    return reverse("intake:document", args=[document.pk])


def test_the_owner_downloads_it_as_an_attachment(patient_client, document):
    response = patient_client.get(_patient_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"intake-{document.intake_id}-insurance-front.jpg" in response["Content-Disposition"]
    with document_storage().open(document.stored_name) as file:
        assert b"".join(response.streaming_content) == file.read()


def test_another_patient_gets_a_404(client, other_patient, document):
    client.force_login(other_patient)
    assert client.get(_patient_url(document)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, document):
    response = client.get(_patient_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(_admin_url(document))["Location"].startswith("/admin/login/")


def test_a_content_editor_gets_a_403_on_both_downloads(editor_client, document):
    assert editor_client.get(_admin_url(document)).status_code == 403
    assert editor_client.get(_patient_url(document)).status_code == 403
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.DOCUMENT).exists()


def test_a_reviewer_downloads_it_and_the_access_is_recorded(reviewer_client, reviewer, document):
    response = reviewer_client.get(_admin_url(document))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AccessEvent.objects.get(action=AccessEvent.Action.DOCUMENT)
    assert (event.user, event.intake_id) == (reviewer, document.intake_id)
    assert "Insurance card, front" in event.detail
    assert (
        reviewer_client.get(reverse("admin:intake_document_download", args=[999999])).status_code
        == 404
    )


def test_the_intake_page_shows_the_papers_to_a_reviewer(reviewer_client, patient):
    intake = submitted_intake(patient=patient)
    document = add_document(intake, name="front-of-card.jpg")
    page = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    html = page.content.decode()
    assert "Patient&#x27;s papers" in html or "Patient's papers" in html
    assert "front-of-card.jpg" in html
    assert _admin_url(document) in html


def test_papers_are_not_a_section_of_the_admin(reviewer_client):
    assert (
        "/admin/intake/document/"
        not in reviewer_client.get(reverse("admin:index")).content.decode()
    )


# --- Deletion and the patient's own data ----------------------------------------------------------


def test_my_data_lists_the_papers(patient, intake):
    add_document(intake, name="card.jpg")
    add_document(intake, kind=Document.Kind.PHARMACY, content=PDF, name="pharmacy.pdf")
    listed = rights.patient_data(patient)["intakes"][0]["documents"]
    assert {(d["kind_label"], d["name"]) for d in listed} == {
        ("Insurance card, front", "card.jpg"),
        ("Pharmacy record", "pharmacy.pdf"),
    }
    assert all(d["uploaded_at"] for d in listed)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_deletion_removes_the_papers_even_of_a_kept_intake(
    patient, reviewer, status, django_capture_on_commit_callbacks
):
    intake = build_intake(patient, status=status)
    add_document(intake)
    add_document(intake, kind=Document.Kind.REFERRAL, content=PDF, name="referral.pdf")
    deletion_request, _ = rights.request_deletion(patient=patient)
    with django_capture_on_commit_callbacks(execute=True):
        rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    assert not Document.objects.exists()
    assert stored_files() == []


def test_a_failed_deletion_keeps_the_papers(patient, reviewer, intake, monkeypatch):
    document = add_document(intake)

    def fail(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(rights, "_forget_sign_in_records", lambda email: fail())
    deletion_request, _ = rights.request_deletion(patient=patient)
    with pytest.raises(RuntimeError):
        rights.carry_out_deletion(deletion_request=deletion_request, by=reviewer)
    assert Document.objects.filter(pk=document.pk).exists()
    assert stored_files() == [document.stored_name]


def test_a_file_that_cannot_be_removed_is_logged(caplog, monkeypatch):
    def refuse(name):
        raise OSError("read-only file system")

    monkeypatch.setattr(document_storage(), "delete", refuse)
    document_services._remove_files(["1/gone.pdf", "1/also.pdf"])
    assert caplog.text.count("Could not remove the document file") == 2

"""Papers in a real browser, at phone and desktop size: the patient adds a photo of their
insurance card from /intake/ and sees it listed; a reviewer downloads it from the intake's
page, without the photo's metadata, and the download is recorded."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from intake.models import AccessEvent, Document
from intake.tests.documents_helpers import jpeg_with_exif
from intake.tests.factories import submitted_intake
from portal.tests.browser.pages import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_patient_adds_the_insurance_card_and_a_reviewer_downloads_it(
    patient_page, patient, reviewer, screen, live_server, tmp_path
):
    intake = submitted_intake(patient=patient)
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_exif())
    page = patient_page

    page.goto("/intake/")
    page.get_by_role("link", name="Add my papers").click()
    card = page.get_by_role("region", name="Insurance card, front")
    card.get_by_label("Choose a file or take a photo").set_input_files(str(photo))
    card.get_by_role("button", name="Upload insurance card, front").click()
    expect(page.get_by_text("Thank you. We saved your insurance card, front.")).to_be_visible()
    card = page.get_by_role("region", name="Insurance card, front")
    expect(card.get_by_role("link", name="IMG_0042.jpg")).to_be_visible()
    assert no_sideways_scroll(page)

    signed_in(page, live_server, reviewer)
    page.goto(f"/admin/intake/intake/{intake.pk}/change/")
    papers = page.get_by_role("region", name="Patient's papers")
    expect(papers).to_contain_text("Insurance card, front")
    expect(papers).to_contain_text("IMG_0042.jpg")
    with page.expect_download() as download_info:
        papers.get_by_role("link", name="IMG_0042.jpg").click()
    saved = tmp_path / "downloaded.jpg"
    download_info.value.save_as(saved)
    with Image.open(io.BytesIO(saved.read_bytes())) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    document = Document.objects.get(intake=intake)
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.DOCUMENT, user=reviewer, intake_id=intake.pk
    ).exists()
    assert download_info.value.suggested_filename == document.download_name

"""The clinic's privacy notice: a public page, edited by staff as new versions, acknowledged at
sign-up; the acknowledgment records the version the person was shown (docs/consent.md)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.models import PolicyAgreement, PolicyText
from portal.policies import current_text, publish

from .test_accounts import signup_data

pytestmark = pytest.mark.django_db

Kind = PolicyText.Kind


def test_the_notice_is_a_public_page_with_its_version_and_date(client):
    notice = current_text(Kind.PRIVACY_NOTICE)
    response = client.get("/privacy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert notice.title in html
    assert "Version 1, published" in html
    assert "EXAMPLE TEXT" in html  # the bundled notice says the clinic must replace it


def test_the_sign_up_form_links_to_the_notice_and_asks_to_acknowledge_it(client):
    html = client.get(reverse("signup")).content.decode()
    assert 'href="/privacy/"' in html
    assert 'for="id_privacy_notice"' in html
    assert 'name="notice_version" value="1"' in html


def test_sign_up_without_the_acknowledgment_is_refused_with_a_clear_message(client, mailoutbox):
    data = signup_data()
    del data["privacy_notice"]
    response = client.post(reverse("signup"), data)
    html = response.content.decode()
    assert "Please read the privacy notice, then tick the box to say you read it." in html
    assert 'href="#id_privacy_notice"' in html  # the error summary links to the box
    assert not get_user_model().objects.filter(email="carol@example.com").exists()
    assert mailoutbox == []


def test_the_acknowledgment_records_the_version_shown(client):
    client.post(reverse("signup"), signup_data())
    user = get_user_model().objects.get(email="carol@example.com")
    acknowledgment = PolicyAgreement.objects.get(user=user)
    assert (acknowledgment.kind, acknowledgment.version) == (Kind.PRIVACY_NOTICE, 1)
    assert acknowledgment.text == current_text(Kind.PRIVACY_NOTICE)


def test_a_new_version_is_shown_and_recorded_as_new(client):
    publish(kind=Kind.PRIVACY_NOTICE, title="Privacy notice", text="Our new notice.")
    html = client.get(reverse("signup")).content.decode()
    assert 'name="notice_version" value="2"' in html
    assert "Version 2" in client.get("/privacy/").content.decode()
    client.post(reverse("signup"), signup_data(notice_version="2"))
    acknowledgment = PolicyAgreement.objects.get(user__email="carol@example.com")
    assert acknowledgment.version == 2


def test_an_acknowledgment_of_an_older_version_is_asked_again(client):
    """The notice changed while the form was open: the person reads the new one first."""
    publish(kind=Kind.PRIVACY_NOTICE, title="Privacy notice", text="Our new notice.")
    response = client.post(reverse("signup"), signup_data(notice_version="1"))
    html = response.content.decode()
    assert "The privacy notice changed while this page was open" in html
    assert 'name="notice_version" value="2"' in html
    assert not get_user_model().objects.filter(email="carol@example.com").exists()


def test_staff_edits_publish_a_new_version_and_keep_the_old_one(editor_client):
    notice = current_text(Kind.PRIVACY_NOTICE)
    url = reverse("admin:portal_policytext_change", args=[notice.pk])
    response = editor_client.post(url, {"title": "Privacy notice", "text": "Edited words."})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert "Edited words." not in notice.text  # version 1 is as patients read it
    latest = current_text(Kind.PRIVACY_NOTICE)
    assert (latest.version, latest.text) == (2, "Edited words.")
    listing = editor_client.get(reverse("admin:portal_policytext_changelist"))
    assert "Published as version 2" in listing.content.decode()
    assert (
        editor_client.get(reverse("admin:portal_policytext_delete", args=[latest.pk])).status_code
        == 403
    )


def test_without_a_published_notice_the_page_is_missing_and_sign_up_asks_nothing(client):
    PolicyText.objects.filter(kind=Kind.PRIVACY_NOTICE).delete()
    assert client.get("/privacy/").status_code == 404
    data = signup_data()
    del data["privacy_notice"]
    assert client.post(reverse("signup"), data).status_code == 302

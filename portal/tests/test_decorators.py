from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from .factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("portal.tests.decorator_urls")]

PAGES = [
    ("/patient-page/7/?tab=2", b"hello alice@example.com 7"),
    ("/patient-class-page/", b"hello alice@example.com"),
]


@pytest.mark.parametrize(("url", "content"), PAGES)
def test_a_patient_gets_the_page(client, patient, url, content):
    client.force_login(patient)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == content


@pytest.mark.parametrize(("url", "_content"), PAGES)
def test_a_visitor_is_sent_to_sign_in_with_the_page_as_next(client, url, _content):
    response = client.get(url)
    assert response.status_code == 302
    login_path, query = response.url.split("?")
    assert login_path == reverse("login")
    assert parse_qs(query) == {"next": [url]}


@pytest.mark.parametrize(("url", "_content"), PAGES)
def test_after_sign_in_the_patient_lands_on_the_page_asked_for(client, patient, url, _content):
    login_url = client.get(url).url
    response = client.post(
        login_url,
        {"username": "alice@example.com", "password": "correct horse battery", "next": url},
    )
    assert response.status_code == 302
    assert response.url == url


@pytest.mark.parametrize("is_superuser", [False, True])
@pytest.mark.parametrize(("url", "_content"), PAGES)
def test_staff_get_a_403_saying_the_page_is_for_patients(client, url, _content, is_superuser):
    staff = StaffFactory(is_superuser=is_superuser)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "The intake is for patients" in html
    assert "staff account" in html
    assert 'href="#main"' in html  # in the site design
    assert b"hello" not in response.content


def test_a_post_by_a_visitor_whose_sign_in_expired_is_sent_to_sign_in(client):
    response = client.post("/patient-page/3/", {"answer": "kept"})
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/patient-page/3/"

"""Who may open the intake pages, with which methods, and at what cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import Intake
from intake.questions import ANSWER_STEP_SLUGS

from .factories import TrialFactory

pytestmark = pytest.mark.django_db

ALL_PAGES = [reverse("intake:home"), reverse("intake:review")] + [
    reverse("intake:step", args=[s]) for s in ANSWER_STEP_SLUGS
]


@pytest.mark.parametrize("url", ALL_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url", ALL_PAGES)
def test_staff_cannot_use_the_patient_intake(client, admin_user, url):
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 403
    assert not Intake.objects.exists()


@pytest.mark.parametrize("url", ALL_PAGES)
def test_the_owner_can_open_every_page(client, patient, url):
    client.force_login(patient)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("step", ANSWER_STEP_SLUGS)
def test_another_patient_never_sees_alices_answers(client, patient, other_patient, save, step):
    client.force_login(patient)
    assert save(step, **_marker_for(step)).status_code == 302
    client.force_login(other_patient)
    for url in (reverse("intake:step", args=[step]), reverse("intake:review")):
        response = client.get(url)
        assert response.status_code == 200
        assert "Zebrafish" not in response.content.decode()
    assert not other_patient.intakes.exists()


def _marker_for(step):
    """A distinctive answer in a free-text field of each step."""
    return {
        "about-you": {"interpreter_language": "Zebrafish"},
        "depression": {"hospital_details": "Zebrafish ward"},
        "phq9": {},
        "antidepressants": {"trials-0-side_effects": "Zebrafish dreams"},
        "other-treatments": {"ketamine": "ketamine", "ketamine_details": "Zebrafish"},
        "safety": {"seizure": "yes", "seizure_details": "Zebrafish"},
        "consent": {},
    }[step]


def test_a_step_that_does_not_exist_is_404(client, patient):
    client.force_login(patient)
    assert client.get(reverse("intake:step", args=["secrets"])).status_code == 404


@pytest.mark.parametrize("url", ALL_PAGES)
def test_wrong_methods_are_refused(client, patient, url):
    client.force_login(patient)
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_the_start_page_is_read_only(client, patient):
    client.force_login(patient)
    assert client.post(reverse("intake:home")).status_code == 405


def test_pages_are_not_cached(client, patient):
    client.force_login(patient)
    response = client.get(reverse("intake:step", args=["about-you"]))
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("url", ALL_PAGES)
def test_pages_have_no_inline_script_or_style(client, complete_intake, url):

    html = client.get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html
    assert 'src="/static/js/intake.js" defer' in html


@pytest.mark.parametrize("url", ALL_PAGES)
def test_pages_use_a_bounded_number_of_queries(
    client, complete_intake, django_assert_max_num_queries, url
):
    # 13: the header asks once whether the patient has a TMS course (its "My TMS course" link).
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


def queries(client, url):
    client.get(url)  # what the steps keep in the cache (intake/step_cache.py) is read once
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_no_page_runs_more_queries_with_more_medicines(client, complete_intake):
    """Every patient page, with 1 medicine and then with 50 (one setup for all pages)."""
    complete_intake.trials.all().delete()
    TrialFactory(intake=complete_intake)
    with_one = {url: queries(client, url) for url in ALL_PAGES}
    TrialFactory.create_batch(49, intake=complete_intake)
    assert complete_intake.trials.count() == 50
    assert {url: queries(client, url) for url in ALL_PAGES} == with_one

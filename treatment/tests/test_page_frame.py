"""The page frame drawn from the fragment cache (CACHES["fragments"]: the header's brand and menu,
the footer, the idle warning, the intake's step list) still shows each reader what is true for
them now: each test first warms the cache with one page, then changes what the frame shows and
reads the next page, as a patient clicking on would."""

import re

import pytest
from django.urls import reverse

from intake.tests.factories import step_data, submitted_intake
from portal.models import Clinic
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db

ABOUT_YOU = reverse("intake:step", args=["about-you"])


def _part(html, pattern):
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(0)


def header(response):
    return _part(response.content.decode(), r"<header.*?</header>")


def footer(response):
    return _part(response.content.decode(), r"<footer.*?</footer>")


def step_list(response):
    return _part(response.content.decode(), r'<nav class="intake-steps".*?</nav>')


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient)
    return client


def test_the_step_list_marks_a_step_done_as_soon_as_it_is_saved(signed_in):
    assert "(done)" not in step_list(signed_in.get(ABOUT_YOU))
    page = signed_in.get(reverse("intake:step", args=["depression"]))
    data = {"version": str(page.context["version"]), **step_data("depression")}
    signed_in.post(reverse("intake:step", args=["depression"]), data)
    steps = step_list(signed_in.get(ABOUT_YOU))
    assert re.search(r"2\. [^<]+</a>\s*<span class=\"step-done\">\(done\)", steps), steps
    assert steps.count("(done)") == 1
    assert 'aria-current="step">1. ' in steps  # still the page the patient is on


def test_the_course_link_appears_once_the_clinic_starts_a_course(signed_in, patient):
    intake = submitted_intake(patient=patient)
    home = signed_in.get(reverse("intake:home"))
    assert "My TMS course" not in header(home)
    course_of(intake)
    assert "My TMS course" in header(signed_in.get(reverse("intake:home")))
    on_course_page = header(signed_in.get(reverse("treatment:course")))
    assert re.search(r'href="/treatment/"\s*aria-current="page"', on_course_page)
    assert "aria-current" not in header(signed_in.get(reverse("intake:home")))


def test_a_clinic_edit_shows_in_the_footer_on_the_next_page(client):
    Clinic(name="Lakeside TMS", phone="(555) 010-2000").save()
    assert "(555) 010-2000" in footer(client.get(reverse("home")))
    clinic = Clinic.objects.get()
    clinic.phone = "(555) 010-3000"
    clinic.save()
    page = client.get(reverse("home"))
    assert "(555) 010-3000" in footer(page)
    assert "(555) 010-2000" not in footer(page)
    clinic.name = "Lakeside TMS Center"
    clinic.save()
    assert "Lakeside TMS Center" in header(client.get(reverse("home")))


def test_the_frame_is_in_the_language_the_reader_chose(signed_in):
    english = signed_in.get(ABOUT_YOU)
    assert "Sign out" in header(english)
    assert "Need help now?" in footer(english)
    signed_in.post(reverse("set_language"), {"language": "es", "next": ABOUT_YOU})
    spanish = signed_in.get(ABOUT_YOU)
    assert "Cerrar sesión" in header(spanish)
    assert "Aprenda" in header(spanish)
    assert "¿Necesita ayuda ahora?" in footer(spanish)
    assert "Su formulario de ingreso, paso a paso" in step_list(spanish)
    assert 'data-stay="Mantener la sesión iniciada"' in spanish.content.decode()
    for english_word in ("Sign out", "Learn<", "Need help now?", "Stay signed in"):
        assert english_word not in spanish.content.decode(), english_word


def test_after_signing_out_the_menu_offers_sign_in_not_the_account(signed_in):
    assert "Account" in header(signed_in.get(reverse("education:index")))
    signed_in.post(reverse("logout"))
    menu = header(signed_in.get(reverse("education:index")))
    assert "Sign in" in menu
    assert "Account" not in menu
    assert "Sign out" not in menu

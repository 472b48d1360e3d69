"""In Chromium: what a patient typed into an intake step survives the idle sign-out, whether
the page's own timer sends it or the patient presses "Save" after the limit."""

import time

import pytest
from django.conf import settings as django_settings
from django.utils.module_loading import import_string
from playwright.sync_api import expect

from portal.middleware import LAST_ACTIVITY
from portal.tests.factories import PASSWORD

pytestmark = pytest.mark.browser

STEP = "/intake/about-you/"


def idle_for(page, seconds):
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    key = cookies[django_settings.SESSION_COOKIE_NAME]
    store = import_string(django_settings.SESSION_ENGINE + ".SessionStore")(key)
    store[LAST_ACTIVITY] = int(time.time()) - seconds
    store.save()


def sign_in(page):
    page.get_by_label("Email address").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_idle_timer_keeps_the_typing_for_after_sign_in(patient_page, live_server, settings):
    settings.PATIENT_IDLE_TIMEOUT_MINUTES = 2
    page = patient_page
    page.clock.install()
    page.goto(STEP)
    page.get_by_label("Another language you speak best at appointments (optional)").fill(
        "Portuguese"
    )
    idle_for(page, 2 * 60 + 5)
    # The page's timer runs out: it sends the step, the server signs the patient out.
    page.clock.fast_forward("02:05")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You were signed out after 2 minutes")).to_be_visible()
    sign_in(page)
    expect(page).to_have_url(f"{live_server.url}{STEP}")
    expect(page.get_by_text("We kept what you typed")).to_be_visible()
    expect(
        page.get_by_label("Another language you speak best at appointments (optional)")
    ).to_have_value("Portuguese")


def test_saving_a_step_after_the_idle_limit_keeps_the_typing(patient_page, live_server):
    page = patient_page
    page.goto(STEP)
    page.get_by_label("Another language you speak best at appointments (optional)").fill(
        "Portuguese"
    )
    idle_for(page, 30 * 60 + 5)  # the laptop slept; the page's timer never ran
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page)
    expect(page).to_have_url(f"{live_server.url}{STEP}")
    expect(
        page.get_by_label("Another language you speak best at appointments (optional)")
    ).to_have_value("Portuguese")

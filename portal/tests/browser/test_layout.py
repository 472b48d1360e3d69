"""Layout for every public and patient page: nothing scrolls sideways at 320 px, page zoom to
200% keeps the page usable, and motion respects prefers-reduced-motion."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.services.steps import submit_intake

from .pages import fill_intake, patient_urls, public_urls, seed_content, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


def sideways_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def every_page(page, live_server, patient):
    """Yield each public and patient page, opened (patient pages before and after sending)."""
    content = seed_content()
    for url in public_urls(content):
        page.goto(url)
        yield url
    intake = fill_intake(patient)
    signed_in(page, live_server, patient)
    for url in patient_urls():
        page.goto(url)
        yield url
    submit_intake(intake=intake)
    page.goto(reverse("intake:home"))
    yield "/intake/ (sent)"


@pytest.mark.parametrize("screen", [NARROW], ids=["320px"])
def test_no_page_scrolls_sideways_at_320_px(page, screen, live_server, patient):
    too_wide = {
        url: overflow
        for url in every_page(page, live_server, patient)
        if (overflow := sideways_overflow(page)) > 0
    }
    assert not too_wide, too_wide


@pytest.fixture
def zoomed(browser):
    """A 1280-px-wide window zoomed to 200%: 640 CSS pixels at two device pixels each."""
    context = browser.new_context(
        viewport={"width": 640, "height": 400}, device_scale_factor=2, base_url=None
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_pages_zoomed_to_200_percent_stay_usable(zoomed, live_server, patient):
    page = zoomed
    page.goto(live_server.url + "/")  # relative URLs below resolve against the live server
    problems = {}
    for url in every_page(_Prefixed(page, live_server.url), live_server, patient):
        if (overflow := sideways_overflow(page)) > 0:
            problems[url] = f"scrolls sideways by {overflow} px"
        # The page's main action and the menu button can be reached and seen.
        buttons = page.locator("main .btn, main button[type=submit]")
        for index in range(buttons.count()):
            button = buttons.nth(index)
            if not button.is_visible():
                continue
            box = button.bounding_box()
            if box["x"] < 0 or box["x"] + box["width"] > 640:
                problems[url] = f"button {button.inner_text()!r} is cut off"
        expect(page.get_by_role("button", name="Show or hide the menu")).to_be_visible()
    assert not problems, problems


class _Prefixed:
    """The zoomed page, opening paths on the live server (its context has no base URL)."""

    def __init__(self, page, base):
        self._page, self._base = page, base

    def goto(self, url):
        return self._page.goto(self._base + url)

    def __getattr__(self, name):
        return getattr(self._page, name)


def test_motion_respects_prefers_reduced_motion(page):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/")
    durations = page.evaluate(
        """() => [...document.querySelectorAll("*")].flatMap(el => {
             const s = getComputedStyle(el);
             return [s.transitionDuration, s.animationDuration]
               .flatMap(v => v.split(",")).map(v => parseFloat(v) * (v.includes("ms") ? 1 : 1000));
           })"""
    )
    assert max(durations) <= 1, max(durations)
    # Without the preference, Bootstrap's transitions are still there: the check can fail.
    page.emulate_media(reduced_motion="no-preference")
    page.reload()
    assert page.evaluate(
        """() => [...document.querySelectorAll(".btn, .form-control, .navbar-toggler")]
             .some(el => parseFloat(getComputedStyle(el).transitionDuration) > 0)"""
    )

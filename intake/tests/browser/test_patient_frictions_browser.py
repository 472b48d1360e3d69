"""Small frictions a patient met on the intake, those a person sees or does, in a real browser at
phone and desktop size: the "Add another medicine" button looks active; a row removed in the
page lists no errors; an edit from the review comes back to it; a missing signature is named;
988 in the notes can be tapped; signing out says so; no page asks for a favicon that is a 404."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from intake.tests.browser.test_intake_journey import fill_trial
from intake.tests.factories import make_intake
from portal.tests.browser.pages import fill_intake, open_menu_if_collapsed, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG relative luminance and contrast, from the computed "rgb(r, g, b)" colours.
CONTRAST = """(el) => {
  const rgb = (s) => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  let bg = null;
  for (let node = el; node && !bg; node = node.parentElement) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") bg = c;
  }
  const style = getComputedStyle(el);
  return {
    text: ratio(rgb(style.color), rgb(bg || "rgb(255, 255, 255)")),
    border: ratio(rgb(style.borderTopColor), rgb(bg || "rgb(255, 255, 255)")),
    opacity: Number(style.opacity),
    disabled: el.disabled,
    cursor: style.cursor,
  };
}"""


def test_add_another_medicine_looks_like_an_active_button(patient_page, screen):
    page = patient_page
    page.goto("/intake/antidepressants/")
    button = page.get_by_role("button", name="Add another medicine")
    expect(button).to_be_visible()
    expect(button).to_be_enabled()
    looks = button.evaluate(CONTRAST)
    assert looks["text"] >= 4.5, looks
    assert looks["border"] >= 3, looks
    assert looks["opacity"] == 1
    # The site's accent, like the other actions (not Bootstrap's grey "secondary").
    expect(button).to_have_css("color", "rgb(11, 90, 122)")
    button.click()
    expect(page.get_by_role("group", name="Medicine 2")).to_be_visible()


def test_a_row_removed_in_the_page_lists_no_errors_when_another_is_wrong(patient_page, screen):
    page = patient_page
    page.goto("/intake/antidepressants/")
    first = page.get_by_role("group", name="Medicine 1")
    first.get_by_label("Highest daily dose, in mg (optional)").fill("150")  # no name: an error
    page.get_by_role("button", name="Add another medicine").click()
    second = page.get_by_role("group", name="Medicine 2")
    second.get_by_label("Highest daily dose, in mg (optional)").fill("-5")
    second.get_by_label("Weeks at that dose (optional)").fill("abc")
    page.get_by_role("button", name="Remove medicine 2").click()
    page.get_by_role("button", name="Save and continue").first.click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    # Only the first row's answers (its name, and the questions it still needs).
    expect(summary).to_contain_text("Medicine 1, medicine name")
    assert summary.locator("li").count() == summary.locator("li", has_text="Medicine 1").count()
    expect(summary).not_to_contain_text("Medicine 2")
    expect(page.get_by_role("group", name="Medicine 2")).to_have_count(0)


def test_save_and_continue_from_the_review_comes_back_to_the_review(
    page, live_server, patient, screen
):
    intake = fill_intake(patient)
    intake.steps.filter(step="antidepressants").update(completed=False)
    signed_in(page, live_server, patient)
    page.goto("/intake/review/")
    # The step still to finish, opened from the review's list.
    missing = page.locator("#missing-steps")
    missing.get_by_role("link", name="Antidepressants you have tried").click()
    fill_trial(
        page.get_by_role("group", name="Medicine 2"),
        name="Lexapro",
        dose="10",
        weeks="8",
        result="No real change",
    )
    page.get_by_role("button", name="Save and continue").first.click()
    expect(page).to_have_url(f"{live_server.url}/intake/review/")
    expect(page.get_by_role("heading", name="Check and send your intake")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Lexapro")
    # And from an answer's "Edit" link, with a row added on the way.
    page.locator('a.edit-link[href="/intake/antidepressants/?from=review"]').click()
    page.get_by_role("button", name="Add another medicine").click()
    fill_trial(
        page.get_by_role("group", name="Medicine 3"),
        name="Prozac",
        dose="20",
        weeks="8",
        result="No real change",
    )
    page.get_by_role("button", name="Save and continue").first.click()
    expect(page).to_have_url(f"{live_server.url}/intake/review/")
    expect(page.locator("body")).to_contain_text("Prozac")


def test_a_missing_signature_is_named_with_a_link_to_sign(page, live_server, patient, screen):
    intake = fill_intake(patient)
    intake.signed_name = ""
    intake.signed_at = None
    intake.save(update_fields=["signed_name", "signed_at"])
    signed_in(page, live_server, patient)
    page.goto("/intake/review/")
    box = page.locator("#missing-steps")
    expect(box).to_be_in_viewport()
    expect(box).to_contain_text("Your signature is missing.")
    expect(box).not_to_contain_text("These steps still need answers")
    box.get_by_role("link", name="Sign your intake").click()
    expect(page).to_have_url(f"{live_server.url}/intake/consent/?from=review")
    page.get_by_label("Type your full name to sign").fill(patient.full_name)
    page.get_by_role("button", name="Save and continue").first.click()
    expect(page).to_have_url(f"{live_server.url}/intake/review/")
    expect(page.locator("#missing-steps")).to_have_count(0)


def test_988_and_911_in_the_notes_can_be_tapped(page, live_server, patient, screen):
    make_intake(
        patient, phq9=[3, 3, 2, 2, 1, 2, 2, 1, 2], urgent=True, urgent_flagged_at=timezone.now()
    )
    signed_in(page, live_server, patient)
    page.goto("/intake/")
    notes = page.locator(".notes-urgent")
    expect(notes.locator('a[href="tel:988"]')).to_have_text("988")
    expect(notes.locator('a[href="sms:988"]')).to_have_text("text")
    expect(notes.locator('a[href="tel:911"]')).to_have_text("911")


def test_signing_out_says_so_with_the_crisis_and_home_links(patient_page, screen, live_server):
    page = patient_page
    page.goto("/intake/")
    open_menu_if_collapsed(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("You are signed out.")).to_be_in_viewport()
    expect(page.locator('footer a[href="tel:988"]')).to_have_count(1)
    expect(page.get_by_role("link", name="Start or continue my intake")).to_be_visible()


def test_no_page_asks_for_a_missing_favicon(page, live_server, patient):
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    for path in ("/", "/learn/", "/accounts/login/"):
        page.goto(path)
    page.goto("/favicon.ico")
    assert not missing
    signed = Client()
    signed.force_login(patient)
    assert signed.get(reverse("favicon")).status_code == 302

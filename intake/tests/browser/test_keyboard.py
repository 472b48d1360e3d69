"""The whole intake with the keyboard alone (Tab, Shift-Tab, Enter, Space, arrow keys), with a
visible focus ring at every stop; and a failed save whose error summary takes focus and links to
each field."""

import pytest
from playwright.sync_api import expect

from intake.models import Intake, Status
from intake.questions import ANSWER_STEP_SLUGS
from intake.tests.factories import step_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", value: el.value,
    checked: !!el.checked, text: (el.innerText || "").trim(),
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      || style.boxShadow !== "none",
    body: el === document.body,
  };
}"""
TYPED = {"text", "tel", "email", "number", "textarea", "search", ""}


def answers_for(step):
    """What the keyboard enters on each step: the factories' valid answers (two medicines)."""
    data = step_data(step, patient=None)
    return {k: v for k, v in data.items() if k not in {"action", "version"} and "FORMS" not in k}


def fill_by_keyboard(page, answers, *, submit="Save and continue", rings):
    """Tab through the page; enter each answer the focused control needs; press Enter on
    `submit`. Each focused control must show a focus ring."""
    move = True
    for _ in range(400):
        if move:
            page.keyboard.press("Tab")
        move = True
        el = page.evaluate(FOCUSED)
        if el["body"]:
            continue
        rings.append((page.url, el["name"] or el["text"], el["ring"]))
        wanted = answers.get(el["name"])
        if el["tag"] == "button" and el["text"] == "Add another medicine":
            if page.locator("[name$='-medication']").count() < 2:
                page.keyboard.press("Enter")
                # The new row's first box may take the focus: answer it before moving on.
                move = page.evaluate(FOCUSED)["text"] == "Add another medicine"
            continue
        if el["tag"] == "button" and el["text"] == submit:
            page.keyboard.press("Enter")
            return
        if wanted is None:
            continue
        if el["type"] == "radio":
            if not el["checked"] and el["value"] == wanted:
                page.keyboard.press("Space")
            for _ in range(12):
                if page.evaluate(FOCUSED)["value"] == wanted:
                    break
                page.keyboard.press("ArrowDown")
        elif el["type"] == "checkbox":
            if wanted == "on" and not el["checked"]:
                page.keyboard.press("Space")
        elif el["tag"] == "select":
            for _ in range(15):
                if page.evaluate(FOCUSED)["value"] == wanted:
                    break
                page.keyboard.press("ArrowDown")
        elif el["type"] in TYPED and el["value"] != wanted:
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.type(wanted)
    raise AssertionError(f"Tab never reached “{submit}” on {page.url}")


def test_the_whole_intake_can_be_completed_with_the_keyboard_alone(patient_page, patient):
    page = patient_page
    rings = []
    page.goto("/intake/")
    page.get_by_role("link", name="Start my intake").focus()
    page.keyboard.press("Enter")

    # Step 1 without the phone number: the error summary takes focus and links to the field.
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    first = answers_for(ANSWER_STEP_SLUGS[0])
    fill_by_keyboard(page, {**first, "phone": ""}, rings=rings)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Phone number")
    for href in summary.get_by_role("link").evaluate_all("links => links.map(a => a.hash)"):
        assert page.locator(href).count() == 1, href
    while not link.evaluate("a => a === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    phone = page.get_by_label("Phone number")
    expect(phone).to_be_focused()
    # Shift-Tab goes back, Tab forward again.
    page.keyboard.press("Shift+Tab")
    expect(phone).not_to_be_focused()
    page.keyboard.press("Tab")
    expect(phone).to_be_focused()
    page.keyboard.type(first["phone"])
    fill_by_keyboard(page, first, rings=rings)

    for number, step in enumerate(ANSWER_STEP_SLUGS[1:], start=2):
        expect(page.get_by_text(f"Step {number} of 8")).to_be_visible()
        errors = page.locator("#error-summary")
        assert not errors.count(), errors.inner_text()
        fill_by_keyboard(page, answers_for(step), rings=rings)

    expect(page.get_by_text("Step 8 of 8")).to_be_visible()
    fill_by_keyboard(page, {}, submit="Send my intake to the clinic", rings=rings)
    expect(page.get_by_text("Your intake has been sent to the clinic")).to_be_visible()

    without_ring = [(url, name) for url, name, ring in rings if not ring]
    assert not without_ring, without_ring
    intake = Intake.objects.get(patient=patient)
    assert intake.status == Status.SUBMITTED
    assert [t.medication for t in intake.trials.all()] == ["sertraline", "Wellbutrin XL"]
    assert intake.phq9_total == 16
    assert intake.safety_answers.filter(answer="no").count() == intake.safety_answers.count()

"""The whole intake in a real browser (Chromium) at phone size, and one step by keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from intake.models import Intake, Status
from intake.questions import ANSWER_STEP_SLUGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "erin@example.com"
PASSWORD = "slow green harbour"
NAME = "Erin Example"
PHONE = {"width": 375, "height": 667}


def open_menu_if_collapsed(page):
    toggler = page.get_by_role("button", name="Show or hide the menu")
    if toggler.is_visible():
        toggler.click()


def sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def group(scope, name):
    """A question with several answers: its fieldset, found by its legend."""
    return scope.get_by_role("group", name=name, exact=False)


def answer(scope, question, choice):
    group(scope, question).get_by_label(choice, exact=True).check()


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def fill_trial(row, *, name, dose, weeks, result):
    row.get_by_label("Medicine name").fill(name)
    row.get_by_label("Highest daily dose, in mg (optional)").fill(dose)
    row.get_by_label("Weeks at that dose (optional)").fill(weeks)
    answer(row, "during your current episode", "Yes")
    answer(row, "as an add-on", "No")
    answer(row, "How did it work for you?", result)


@pytest.mark.parametrize("screen", [PHONE], ids=["phone"])
def test_a_new_patient_completes_and_sends_the_intake_on_a_phone(page, screen, mailoutbox):
    assert page.viewport_size == PHONE
    # Sign up and confirm the email address.
    page.goto("/accounts/signup/")
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Month").fill("7")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Year").fill("1984")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm and sign in").click()

    page.goto("/intake/")
    no_sideways_scrolling(page)
    page.get_by_role("link", name="Start my intake").click()

    # 1. About you: the account's name and date of birth are already there.
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    expect(page.get_by_label("Your legal name")).to_have_value(NAME)
    page.get_by_label("Phone number").fill("555-123-4567")
    answer(page, "best way to reach you", "Text message")
    answer(page, "best time to reach you", "Evening")
    page.get_by_label("Which language do you prefer?").fill("English")
    page.get_by_label("Your insurance plan name (optional)").fill("Aetna Choice POS II")
    no_sideways_scrolling(page)
    save_and_continue(page)

    # 2. Your depression
    expect(page.get_by_text("Step 2 of 8")).to_be_visible()
    answer(page, "What has a clinician told you", "Major depression that has come back (recurrent)")
    page.get_by_label("Month").select_option("3")
    page.get_by_label("Year").fill("2023")
    answer(page, "how many times have you had depression", "Two or three")
    answer(page, "stayed in a hospital", "No")
    answer(page, "heard or seen things", "No")
    answer(page, "unusually high mood", "No")
    answer(page, "alcohol or drug use", "No")
    save_and_continue(page)

    # 3. PHQ-9: item 9 above "Not at all" shows crisis help at once, before saving.
    expect(page.get_by_text("Step 3 of 8")).to_be_visible()
    crisis_now = page.locator("#phq9-crisis")
    expect(crisis_now).to_be_hidden()
    first_eight = (
        *("Nearly every day", "Nearly every day", "More than half the days", "Several days"),
        *("Several days", "More than half the days", "Several days", "Not at all"),
    )
    for number, choice in enumerate(first_eight, start=1):
        answer(page, f"{number}. ", choice)
    answer(page, "9. Thoughts that you would be better off dead", "Several days")
    expect(crisis_now).to_be_visible()
    expect(crisis_now).to_contain_text("988")
    answer(page, "How difficult have these problems made it", "Very difficult")
    no_sideways_scrolling(page)
    save_and_continue(page)

    # 4. Antidepressants: crisis help at the top; three rows, the second removed.
    expect(page.get_by_text("Step 4 of 8")).to_be_visible()
    crisis = page.locator("#intake-crisis")
    expect(crisis).to_be_visible()
    expect(crisis).to_have_attribute("role", "alert")
    fill_trial(
        group(page, "Medicine 1"), name="Zoloft", dose="150", weeks="8", result="No real change"
    )
    page.get_by_role("button", name="Add another medicine").click()
    fill_trial(group(page, "Medicine 2"), name="Lexapro", dose="10", weeks="2", result="Worse")
    page.get_by_role("button", name="Add another medicine").click()
    fill_trial(
        group(page, "Medicine 3"),
        name="Wellbutrin XL",
        dose="300",
        weeks="6",
        result="Somewhat better",
    )
    page.get_by_role("button", name="Remove medicine 2").click()
    expect(page.get_by_role("group", name="Medicine 3")).to_have_count(0)
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("Your answers are saved")).to_be_visible()

    # Sign out midway, sign back in, resume where the patient left off.
    open_menu_if_collapsed(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page)
    page.goto("/intake/")
    expect(page.locator("#intake-crisis")).to_be_visible()
    expect(page.locator("#intake-crisis")).not_to_have_attribute("role", "alert")
    page.get_by_role("link", name="Continue where I left off").click()
    expect(page.get_by_text("Step 5 of 8")).to_be_visible()
    page.get_by_role("link", name="4. Antidepressants you have tried").click()
    expect(page.get_by_label("Medicine name")).to_have_count(2)
    expect(group(page, "Medicine 1").get_by_label("Medicine name")).to_have_value("Zoloft")
    expect(group(page, "Medicine 2").get_by_label("Medicine name")).to_have_value("Wellbutrin XL")
    save_and_continue(page)

    # 5. Other treatments
    expect(page.get_by_text("Step 5 of 8")).to_be_visible()
    answer(page, "talk therapy (psychotherapy)", "Yes")
    answer(page, "What kind of talk therapy?", "Cognitive behavioural therapy (CBT)")
    page.get_by_label("About how many weeks did it last? (optional)").fill("12")
    answer(page, "How did talk therapy work", "No real change")
    answer(page, "ECT (electroconvulsive therapy)?", "No")
    answer(page, "Have you had TMS before?", "No")
    answer(page, "ketamine or esketamine (Spravato)", "No")
    save_and_continue(page)

    # 6. Safety: a "yes" asks for details.
    expect(page.get_by_text("Step 6 of 8")).to_be_visible()
    for fieldset in page.locator(".safety-item fieldset").all():
        fieldset.get_by_label("No", exact=True).check()
    answer(page, "seizure, a convulsion or epilepsy", "Yes")
    page.locator("#id_seizure_details").fill("One seizure in 2010, after a fever.")
    save_and_continue(page)

    # 7. Consent and signature: a name that does not match is refused in plain words.
    expect(page.get_by_text("Step 7 of 8")).to_be_visible()
    page.get_by_label("My answers are true").check()
    page.get_by_label("The clinic may contact me").check()
    page.get_by_label("Type your full name to sign").fill("Erin")
    save_and_continue(page)
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("does not match the name")
    page.get_by_label("Type your full name to sign").fill("  erin   example ")
    save_and_continue(page)

    # 8. Review and send.
    expect(page.get_by_text("Step 8 of 8")).to_be_visible()
    expect(page.get_by_text("Wellbutrin XL")).to_be_visible()
    expect(page.get_by_text("Lexapro")).to_have_count(0)
    expect(page.get_by_text("One seizure in 2010")).to_be_visible()
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Send my intake to the clinic").click()

    expect(page.get_by_text("Your intake has been sent to the clinic")).to_be_visible()
    expect(page.get_by_text("Status: Sent to the clinic")).to_be_visible()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)
    # Printed, the page is the answers alone: no menu, footer or buttons.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.get_by_role("heading", name="Wellbutrin XL")).to_be_visible()
    page.emulate_media(media="screen")

    intake = Intake.objects.get(patient__email=EMAIL)
    assert intake.status == Status.SUBMITTED
    assert intake.urgent
    assert [t.medication for t in intake.trials.all()] == ["Zoloft", "Wellbutrin XL"]
    assert intake.signed_name == "erin example"
    assert intake.phq9_total == 14


def test_a_step_can_be_filled_and_saved_with_the_keyboard_alone(patient_page):
    page = patient_page
    page.goto("/intake/about-you/")

    def tab_to(locator, limit=80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if locator.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached {locator}")

    tab_to(page.get_by_label("Your legal name"))
    expect(page.get_by_label("Your legal name")).to_have_value("Alice Example")
    tab_to(page.locator("#id_date_of_birth_0"))
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("27")
    page.keyboard.press("Tab")
    page.keyboard.type("1980")
    tab_to(page.get_by_label("Phone number"))
    page.keyboard.type("555 123 4567")
    # A radio group takes one Tab; the arrow keys choose within it.
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # "Text message"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # "Morning"
    tab_to(page.get_by_label("Which language do you prefer?"))
    page.keyboard.type("English")
    tab_to(page.get_by_role("button", name="Save and continue"))
    # The focused button shows a focus ring (an outline, or Bootstrap's shadow ring).
    ring = page.evaluate(
        "(s => [s.outlineStyle, s.boxShadow])(getComputedStyle(document.activeElement))"
    )
    assert ring != ["none", "none"]
    page.keyboard.press("Enter")
    expect(page.get_by_text("Step 2 of 8")).to_be_visible()

    intake = Intake.objects.get()
    assert (intake.contact_method, intake.contact_time) == ("text", "morning")
    assert intake.phone == "555 123 4567"
    assert str(intake.date_of_birth) == "1980-03-27"


NARROW = {"width": 320, "height": 640}


@pytest.mark.parametrize("screen", [NARROW], ids=["320px"])
def test_every_intake_page_fits_a_320_px_screen(patient_page, screen, patient):
    from intake import services

    services.save_step(
        patient=patient, step="phq9", answers={"phq9_9": 1}, expected_version=0, completed=False
    )
    services.save_step(
        patient=patient,
        step="antidepressants",
        answers={},
        expected_version=0,
        completed=False,
        trials=[{"id": None, "medication": "X" * 100, "side_effects": "Y" * 300}],
    )
    page = patient_page
    for url in (
        "/intake/",
        *(f"/intake/{slug}/" for slug in ANSWER_STEP_SLUGS),
        "/intake/review/",
    ):
        page.goto(url)
        expect(page.locator("#intake-crisis")).to_be_visible()
        no_sideways_scrolling(page)

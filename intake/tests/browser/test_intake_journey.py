"""Whole patient journeys in a real browser (Chromium), each at phone and desktop size: from an
article through sign-up, the intake (left and resumed), the notes and back to an article; and
crisis help from PHQ-9 item 9 to the last page. Also one step by keyboard alone, and every
intake page at 320 px."""

import re

import pytest
from playwright.sync_api import expect

from intake.models import Intake, Status
from intake.questions import ANSWER_STEP_SLUGS
from intake.tests.notes_helpers import import_seed_articles
from portal.tests.browser.pages import open_menu_if_collapsed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "erin@example.com"
PASSWORD = "slow green harbour"
NAME = "Erin Example"


@pytest.fixture
def seeded():
    """The bundled articles (a transactional test flushes them; the set-up data is loaded
    again for every transactional test, conftest.py)."""
    import_seed_articles()


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


def expect_step(page, number):
    expect(page.get_by_text(f"Step {number} of 8")).to_be_visible()


def fill_trial(row, *, name, dose, weeks, result):
    row.get_by_label("Medicine name").fill(name)
    row.get_by_label("Highest daily dose, in mg (optional)").fill(dose)
    row.get_by_label("Weeks at that dose (optional)").fill(weeks)
    answer(row, "during your current episode", "Yes")
    answer(row, "as an add-on", "No")
    answer(row, "How did it work for you?", result)


def fill_about_you(page, *, date_of_birth=None):
    expect_step(page, 1)
    if date_of_birth:
        month, day, year = date_of_birth
        page.get_by_label("Month").fill(month)
        page.get_by_label("Day").fill(day)
        page.get_by_label("Year").fill(year)
    page.get_by_label("Phone number").fill("555-123-4567")
    answer(page, "best way to reach you", "Text message")
    answer(page, "best time to reach you", "Evening")
    page.get_by_label("Another language you speak best at appointments (optional)").fill("")
    page.get_by_label("Your insurance plan name (optional)").fill("Aetna Choice POS II")
    no_sideways_scrolling(page)
    save_and_continue(page)


def fill_depression(page):
    expect_step(page, 2)
    answer(page, "What has a clinician told you", "Major depression that has come back (recurrent)")
    page.get_by_label("Month").select_option("3")
    page.get_by_label("Year").fill("2023")
    answer(page, "how many times have you had depression", "Two or three")
    answer(page, "stayed in a hospital", "No")
    answer(page, "heard or seen things", "No")
    answer(page, "unusually high mood", "No")
    answer(page, "alcohol or drug use", "No")
    save_and_continue(page)


FIRST_EIGHT = (
    *("Nearly every day", "Nearly every day", "More than half the days", "Several days"),
    *("Several days", "More than half the days", "Several days", "Not at all"),
)  # 13 points


def fill_phq9_first_eight(page):
    expect_step(page, 3)
    for number, choice in enumerate(FIRST_EIGHT, start=1):
        answer(page, f"{number}. ", choice)
    answer(page, "How difficult have these problems made it", "Very difficult")


def answer_item_nine(page, choice):
    answer(page, "9. Thoughts that you would be better off dead", choice)


def fill_other_treatments(page):
    expect_step(page, 5)
    answer(page, "talk therapy (psychotherapy)", "Yes")
    answer(page, "What kind of talk therapy?", "Cognitive behavioral therapy (CBT)")
    page.get_by_label("About how many weeks did it last? (optional)").fill("12")
    answer(page, "How did talk therapy work", "No real change")
    answer(page, "ECT (electroconvulsive therapy)?", "No")
    answer(page, "Have you had TMS before?", "No")
    answer(page, "ketamine or esketamine (Spravato)", "No")
    save_and_continue(page)


def fill_safety(page, *, seizure=None):
    expect_step(page, 6)
    for fieldset in page.locator(".safety-item fieldset").all():
        fieldset.get_by_label("No", exact=True).check()
    if seizure:
        answer(page, "seizure, a convulsion or epilepsy", "Yes")
        page.locator("#id_seizure_details").fill(seizure)
    save_and_continue(page)


def fill_consent(page, name):
    expect_step(page, 7)
    page.get_by_label("My answers are true").check()
    page.get_by_label("The clinic may contact me").check()
    page.get_by_label("Type your full name to sign").fill(name)
    save_and_continue(page)


def send(page):
    expect_step(page, 8)
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Send my intake to the clinic").click()
    expect(page.get_by_text("Your intake has been sent to the clinic")).to_be_visible()
    expect(page.get_by_text("Status: Sent to the clinic")).to_be_visible()


def notes_region(page):
    return page.get_by_role("region", name="Notes on your treatment history")


def test_a_patient_reads_signs_up_fills_leaves_returns_sends_and_follows_a_note(
    page, screen, mailoutbox, seeded
):
    assert page.viewport_size == screen
    # Reads an answer on the public pages.
    page.goto("/learn/")
    page.get_by_role("link", name=re.compile("any good in treating depression")).first.click()
    page.get_by_role("link", name="Read “Looks promising” on its own page").click()
    expect(page.get_by_role("heading", name="Looks promising", level=1)).to_be_visible()
    expect(page.get_by_text("Refractory depression is often hard to treat")).to_be_visible()
    # No panel for a visitor: it is about the patient's own intake.
    expect(page.get_by_role("complementary", name="How this relates to your intake")).to_have_count(
        0
    )
    no_sideways_scrolling(page)

    # Signs up from there and confirms the email address.
    open_menu_if_collapsed(page)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Month").fill("7")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Year").fill("1984")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_label("I have read the clinic's privacy notice").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert mailoutbox[-1].to == [EMAIL]
    page.goto(re.search(r"https?://\S+", mailoutbox[-1].body).group(0))
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_text("Your email is confirmed")).to_be_visible()

    page.goto("/intake/")
    no_sideways_scrolling(page)
    page.get_by_role("link", name="Start my intake").click()

    # 1. About you: the account's name and date of birth are already there.
    expect(page.get_by_label("Your legal name")).to_have_value(NAME)
    fill_about_you(page)
    fill_depression(page)

    # 3. PHQ-9, item 9 "Not at all": no crisis box.
    fill_phq9_first_eight(page)
    answer_item_nine(page, "Not at all")
    expect(page.locator("#phq9-crisis")).to_be_hidden()
    no_sideways_scrolling(page)
    save_and_continue(page)

    # 4. Three antidepressants, then "finish later".
    expect_step(page, 4)
    expect(page.locator("#intake-crisis")).to_have_count(0)
    fill_trial(
        group(page, "Medicine 1"), name="Zoloft", dose="150", weeks="8", result="No real change"
    )
    page.get_by_role("button", name="Add another medicine").click()
    fill_trial(group(page, "Medicine 2"), name="Lexapro", dose="20", weeks="10", result="Worse")
    page.get_by_role("button", name="Add another medicine").click()
    fill_trial(
        group(page, "Medicine 3"),
        name="Wellbutrin XL",
        dose="300",
        weeks="6",
        result="Somewhat better",
    )
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("Your answers are saved")).to_be_visible()

    # Leaves: signs out and closes the page.
    open_menu_if_collapsed(page)
    with page.expect_navigation():  # the new page's menu, not the old one's
        page.get_by_role("button", name="Sign out").click()
    open_menu_if_collapsed(page)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    context = page.context
    page.close()

    # Returns in a new page: signs in, finds the saved answers, goes on where they left off.
    page = context.new_page()
    sign_in(page)
    page.goto("/intake/")
    expect(page.get_by_text("It has not been sent to the clinic yet")).to_be_visible()
    page.get_by_role("link", name="Continue where I left off").click()
    expect_step(page, 5)
    page.get_by_role("link", name="4. Antidepressants you have tried").click()
    expect(page.get_by_label("Medicine name")).to_have_count(3)
    for number, medicine in enumerate(("Zoloft", "Lexapro", "Wellbutrin XL"), start=1):
        row = group(page, f"Medicine {number}")
        expect(row.get_by_label("Medicine name")).to_have_value(medicine)
    expect(group(page, "Medicine 2").get_by_label("Highest daily dose, in mg")).to_have_value("20")
    expect(group(page, "Medicine 3").get_by_label("Somewhat better", exact=True)).to_be_checked()
    save_and_continue(page)

    fill_other_treatments(page)
    fill_safety(page, seizure="One seizure in 2010, after a fever.")

    # 7. A signature that does not match the name is refused in plain words.
    fill_consent(page, "Erin")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("does not match the name")
    page.get_by_label("Type your full name to sign").fill("  erin   example ")
    save_and_continue(page)

    # 8. Review and send.
    for medicine in ("Zoloft", "Lexapro", "Wellbutrin XL"):
        expect(page.get_by_text(medicine, exact=True)).to_be_visible()
    expect(page.get_by_text("One seizure in 2010")).to_be_visible()
    send(page)
    expect(page.get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)

    # The notes, and one of their links to its article.
    notes = notes_region(page)
    expect(notes).to_be_visible()
    expect(notes).to_contain_text("Your care team")
    no_sideways_scrolling(page)
    notes.get_by_role("link", name="How doctors count a medicine trial").first.click()
    heading = page.get_by_role("heading", name="What counts as a full medicine trial", level=1)
    expect(heading).to_be_visible()
    panel = page.get_by_role("complementary", name="How this relates to your intake")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("listitem").first).not_to_be_empty()
    no_sideways_scrolling(page)
    panel.get_by_role("link", name="See all the notes on your intake").click()
    expect(notes).to_be_visible()

    # Printed, the page is the answers alone: no menu, notes or buttons.
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(notes).to_be_hidden()
    expect(page.get_by_role("heading", name="Wellbutrin XL")).to_be_visible()
    page.emulate_media(media="screen")

    intake = Intake.objects.get(patient__email=EMAIL)
    assert intake.status == Status.SUBMITTED
    assert not intake.urgent
    assert [t.medication for t in intake.trials.order_by("position")] == [
        "Zoloft",
        "Lexapro",
        "Wellbutrin XL",
    ]
    assert intake.signed_name == "erin example"
    assert intake.phq9_total == 13


def crisis_help(page):
    """The crisis box at the top of an intake page, with its 988 link."""
    box = page.locator("#intake-crisis")
    expect(box).to_be_visible()
    expect(box.get_by_role("link", name="988")).to_be_visible()
    return box


def test_crisis_help_shows_at_once_and_on_every_later_intake_page(
    patient_page, patient, screen, seeded
):
    page = patient_page
    page.goto("/intake/about-you/")
    fill_about_you(page, date_of_birth=("3", "27", "1980"))
    fill_depression(page)

    # 3. PHQ-9: item 9 above "Not at all" shows crisis help at once, before saving.
    fill_phq9_first_eight(page)
    crisis_now = page.get_by_role("alert").filter(has_text="988")
    expect(crisis_now).to_have_count(0)
    step_url = page.url
    answer_item_nine(page, "Several days")
    expect(crisis_now).to_be_visible()
    expect(crisis_now.get_by_role("link", name="Call 988")).to_be_visible()
    assert page.url == step_url
    no_sideways_scrolling(page)
    save_and_continue(page)

    # Flagged urgent as soon as the step is saved.
    intake = Intake.objects.get(patient=patient)
    assert intake.urgent
    assert intake.urgent_flagged_at is not None

    # 4. In full, announced (role="alert") on the next page.
    expect_step(page, 4)
    expect(crisis_help(page)).to_have_attribute("role", "alert")
    fill_trial(
        group(page, "Medicine 1"), name="Zoloft", dose="150", weeks="8", result="No real change"
    )
    page.get_by_role("button", name="Add another medicine").click()
    fill_trial(group(page, "Medicine 2"), name="Lexapro", dose="10", weeks="2", result="Worse")
    page.get_by_role("button", name="Remove medicine 2").click()
    expect(page.get_by_role("group", name="Medicine 2")).to_have_count(0)
    crisis_help(page)
    save_and_continue(page)

    # Every later page keeps it at the top, in its short form, announced no more.
    expect(crisis_help(page)).not_to_have_attribute("role", "alert")
    fill_other_treatments(page)
    crisis_help(page)
    fill_safety(page)
    crisis_help(page)
    fill_consent(page, patient.full_name)
    expect_step(page, 8)
    expect(crisis_help(page)).to_contain_text("Call or text 988")
    send(page)
    expect(notes_region(page)).to_be_visible()
    crisis_help(page)
    no_sideways_scrolling(page)

    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED
    assert intake.urgent
    assert intake.phq9_9 == 1
    assert [t.medication for t in intake.trials.all()] == ["Zoloft"]


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
    tab_to(page.get_by_label("Another language you speak best at appointments (optional)"))
    page.keyboard.type("Portuguese")
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
    from intake.services.steps import save_step

    save_step(
        patient=patient, step="phq9", answers={"phq9_9": 1}, expected_version=0, completed=False
    )
    save_step(
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

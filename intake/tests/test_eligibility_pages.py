"""Where the eligibility notes show: /intake/ after submission, the "why we ask" line on each
step, the "How this relates to your intake" box on article pages, the catalogue's suggestions."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education.models import Article
from intake.eligibility.wording import find_decision_words
from intake.models import CriteriaProfile, Medication, MedicationAlias, NoteText, Status, StepHelp
from intake.services.evaluation import refresh_evaluation

from .factories import make_intake
from .notes_helpers import import_seed_articles

pytestmark = pytest.mark.django_db

HOME = reverse("intake:home")
FAILED_TRIALS_MET = "We counted 2 medicines that did not help you enough (2 full trials)"


@pytest.fixture
def articles():
    import_seed_articles()
    return {a.slug: a for a in Article.objects.select_related("question")}


def notes_section(html):
    match = re.search(r'<section class="intake-notes.*?</section>', html, re.S)
    return match.group(0) if match else ""


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- /intake/ -------------------------------------------------------------------------------


def test_a_sent_intake_shows_the_notes_with_links_to_the_articles(client, patient, articles):
    make_intake(patient)
    client.force_login(patient)
    notes = notes_section(page(client, HOME))
    assert "Notes on your treatment history" in notes
    assert FAILED_TRIALS_MET in notes
    counting = articles["what-counts-as-a-full-medicine-trial"].get_absolute_url()
    assert f'<a href="{counting}">How doctors count a medicine trial</a>' in notes
    assert ">Why some rules ask for one medicine and others for two or more</a>" in notes
    # Every part looks in place: the summary still says the care team checks each part.
    assert "Nothing stands out for a closer look yet" in notes
    assert "What needs a closer look" not in notes
    # The trial summary names what counted.
    assert (
        "Taken at a full dose for long enough, and did not help enough: Sertraline, "
        "Wellbutrin XL (bupropion)." in notes
    )
    # The care team decides; never a verdict.
    assert "care team" in notes
    assert not find_decision_words(notes)
    # Every link on the notes works.
    for href in set(re.findall(r'href="(/learn/[^"]+)"', notes)):
        assert client.get(href).status_code == 200, href


def test_notes_are_ordered_by_level_most_serious_first(client, patient):
    make_intake(patient, safety_yes=["pacemaker", "seizure"], phq9=(3, 3, 2, 2, 1, 2, 2, 1, 2))
    client.force_login(patient)
    notes = notes_section(page(client, HOME))
    labels = re.findall(r'<p class="note-level fw-semibold mb-1">(.*?)</p>', notes)
    assert labels[:3] == ["Please read this first", "A clinician must review this",
                          "To check with you"]  # fmt: skip
    assert labels[-1] == "Good to know"
    assert notes.index("better off dead") < notes.index("pacemaker") < notes.index("seizure")


def test_an_unpublished_article_is_not_linked(client, patient, articles):
    Article.objects.filter(slug="what-counts-as-a-full-medicine-trial").update(
        status=Article.Status.DRAFT
    )
    make_intake(patient)
    client.force_login(patient)
    notes = notes_section(page(client, HOME))
    assert FAILED_TRIALS_MET in notes
    assert "How doctors count a medicine trial" not in notes
    assert ">Why some rules ask for one medicine and others for two or more</a>" in notes


def test_before_the_articles_are_imported_the_notes_show_without_links(client, patient):
    make_intake(patient)
    client.force_login(patient)
    notes = notes_section(page(client, HOME))
    assert FAILED_TRIALS_MET in notes
    assert "note-links" not in notes


def test_the_whole_flow_submit_then_see_the_notes(client, complete_intake, articles):
    assert "Notes on your treatment history" not in page(client, HOME)
    assert client.post(reverse("intake:review")).status_code == 302
    notes = notes_section(page(client, HOME))
    assert FAILED_TRIALS_MET in notes
    assert ">How doctors count a medicine trial</a>" in notes


@pytest.mark.parametrize("status", [Status.DRAFT, Status.NEEDS_INFO])
def test_no_notes_unless_the_intake_is_sent(client, patient, status):
    extra = {"staff_message": "Please add doses."} if status == Status.NEEDS_INFO else {}
    make_intake(patient, status=status, **extra)
    client.force_login(patient)
    assert "Notes on your treatment history" not in page(client, HOME)


def test_a_closed_intake_still_shows_its_notes(client, patient):
    make_intake(patient, status=Status.CLOSED, outcome="consultation")
    client.force_login(patient)
    assert "Notes on your treatment history" in page(client, HOME)


def test_another_patient_never_sees_alices_notes(client, patient, other_patient):
    make_intake(patient, trials=[{"medication": "Zebrafishine", "daily_dose_mg": 10,
                                  "weeks": 8, "outcome": "no_change"}])  # fmt: skip
    client.force_login(other_patient)
    html = page(client, HOME)
    assert "Zebrafishine" not in html
    assert "Notes on your treatment history" not in html
    make_intake(other_patient)
    html = page(client, HOME)
    assert "Notes on your treatment history" in html
    assert "Zebrafishine" not in html


def test_the_insurance_plan_mapped_by_staff_changes_the_notes(client, patient):
    from intake.models import InsurancePlanMapping

    InsurancePlanMapping.objects.create(
        plan_name="BCBS Michigan", profile=CriteriaProfile.objects.get(key="strict-4-trials")
    )
    make_intake(patient, insurance_plan="BCBS Michigan")
    client.force_login(patient)
    assert "The rules we used look for 2 add-on medicines" in notes_section(page(client, HOME))


def test_a_missing_profile_shows_the_page_without_notes_not_an_error(client, patient):
    CriteriaProfile.objects.all().delete()
    make_intake(patient)
    client.force_login(patient)
    html = page(client, HOME)
    assert "Notes on your treatment history" not in html
    assert "Your answers" in html


def test_the_home_page_with_notes_runs_a_fixed_number_of_queries(client, patient, articles):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(HOME).status_code == 200
        return len(context.captured_queries)

    intake = make_intake(patient)
    refresh_evaluation(intake=intake)  # the stored evaluation, as when the intake is sent
    client.force_login(patient)
    count()  # the first page reads the clinic's details, then keeps them in the cache
    few = count()
    for n in range(10):
        intake.trials.create(medication=f"fluoxetine {n}", daily_dose_mg=20, weeks=8,
                             outcome="no_change", position=10 + n)  # fmt: skip
    refresh_evaluation(intake=intake)
    assert count() == few
    assert few <= 20


# --- "why we ask" on each step --------------------------------------------------------------


def test_each_step_says_why_we_ask_with_links(client, patient, articles):
    client.force_login(patient)
    html = page(client, reverse("intake:step", args=["antidepressants"]))
    assert "Why we ask:" in html
    assert "Many plans cover TMS after medicines have not helped enough." in html
    href = articles["what-counts-as-a-full-medicine-trial"].get_absolute_url()
    assert f'<a href="{href}">How doctors count a medicine trial</a>' in html
    for step in ("about-you", "depression", "phq9", "other-treatments", "safety", "consent"):
        assert "Why we ask:" in page(client, reverse("intake:step", args=[step])), step
    assert "Why we ask:" in page(client, reverse("intake:review"))


def test_a_staff_edit_of_a_why_we_ask_line_shows_on_the_step(client, patient, articles):
    StepHelp.objects.filter(step="safety").update(
        text="The magnet is strong.", article_slugs=["rtms", "not-an-article"]
    )
    client.force_login(patient)
    html = page(client, reverse("intake:step", args=["safety"]))
    assert "The magnet is strong." in html
    assert ">RTMS</a>" in html  # a link stored without its own text shows the title
    assert "not-an-article" not in html


def test_a_step_without_a_line_shows_none(client, patient):
    StepHelp.objects.filter(step="phq9").delete()
    client.force_login(patient)
    assert "Why we ask:" not in page(client, reverse("intake:step", args=["phq9"]))


def test_medicine_suggestions_come_from_the_catalogue(client, patient):
    MedicationAlias.objects.create(
        medication=Medication.objects.get(generic_name="sertraline"), name="Zolof Clinic Brand"
    )
    client.force_login(patient)
    html = page(client, reverse("intake:step", args=["antidepressants"]))
    datalist = re.search(r'<datalist id="medication-suggestions">.*?</datalist>', html, re.S)[0]
    for name in ("Zoloft", "sertraline", "Wellbutrin XL", "Trintellix", "Zolof Clinic Brand"):
        assert f'<option value="{name}">' in datalist, name


# --- the article panel ----------------------------------------------------------------------


def test_the_owner_sees_how_an_article_relates_to_their_intake(client, patient, articles):
    make_intake(patient)
    client.force_login(patient)
    response = client.get(articles["what-counts-as-a-full-medicine-trial"].get_absolute_url())
    html = response.content.decode()
    assert "How this relates to your intake" in html
    assert FAILED_TRIALS_MET in html
    assert f'href="{HOME}"' in html
    assert "no-store" in response["Cache-Control"]


def test_a_staff_edit_of_the_wording_shows_in_the_panel(client, patient, articles):
    NoteText.objects.filter(code="criterion.failed_trials.met").update(
        patient_text="Two medicines counted; this part looks met."
    )
    make_intake(patient)
    client.force_login(patient)
    html = page(client, articles["what-counts-as-a-full-medicine-trial"].get_absolute_url())
    assert "Two medicines counted; this part looks met." in html


def test_no_panel_on_an_article_no_note_links_to(client, patient, articles):
    make_intake(patient)  # no ECT, so nothing links to "RTMS"
    client.force_login(patient)
    assert "How this relates" not in page(client, articles["rtms"].get_absolute_url())


def test_no_panel_for_anyone_else(client, patient, other_patient, admin_user, articles):
    make_intake(patient)
    url = articles["what-counts-as-a-full-medicine-trial"].get_absolute_url()
    response = client.get(url)
    assert "How this relates" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")
    for user in (other_patient, admin_user):
        client.force_login(user)
        html = page(client, url)
        assert "How this relates" not in html
        assert FAILED_TRIALS_MET not in html


def test_no_panel_while_the_intake_is_a_draft(client, patient, articles):
    make_intake(patient, status=Status.DRAFT)
    client.force_login(patient)
    assert "How this relates" not in page(
        client, articles["what-counts-as-a-full-medicine-trial"].get_absolute_url()
    )


def test_the_article_page_with_the_panel_runs_a_fixed_number_of_queries(client, patient, articles):
    url = articles["what-counts-as-a-full-medicine-trial"].get_absolute_url()

    def count():
        with CaptureQueriesContext(connection) as context:
            assert "How this relates" in page(client, url)
        return len(context.captured_queries)

    intake = make_intake(patient)
    refresh_evaluation(intake=intake)  # the stored evaluation, as when the intake is sent
    client.force_login(patient)
    count()  # the first page reads the clinic's details, then keeps them in the cache
    few = count()
    for n in range(10):
        intake.trials.create(medication=f"fluoxetine {n}", daily_dose_mg=20, weeks=8,
                             outcome="no_change", position=10 + n)  # fmt: skip
    refresh_evaluation(intake=intake)
    assert count() == few
    assert few <= 16


def test_the_notes_lead_with_a_plain_summary_then_next_steps_then_the_details(client, patient):
    make_intake(patient, safety_yes=["pacemaker"], phq9=(3, 3, 2, 2, 1, 2, 2, 1, 1))
    client.force_login(patient)
    notes = notes_section(page(client, HOME))
    order = ["Your safety comes first", "better off dead", "pacemaker", "In short",
             "What looks in place:", "Your care team looks at your whole history",
             "What you can do next", "Bring your pharmacy records", "The details"]  # fmt: skip
    positions = [notes.index(text) for text in order]
    assert positions == sorted(positions)
    # The urgent and safety notes stand apart: not repeated among the details.
    details = notes[notes.index("The details") :]
    assert "better off dead" not in details
    assert "pacemaker" not in details


def test_only_a_yes_on_the_safety_screen_asks_for_its_papers(client, patient, other_patient):
    make_intake(patient, phq9=(3, 3, 2, 2, 1, 2, 2, 1, 1))  # urgent, no "yes" on the screen
    client.force_login(patient)
    assert "Bring any card or paper about an implant" not in notes_section(page(client, HOME))
    make_intake(other_patient, safety_yes=["pacemaker"])
    client.force_login(other_patient)
    assert "Bring any card or paper about an implant" in notes_section(page(client, HOME))


def test_no_colour_or_wording_reads_as_a_pass_or_a_fail(client, patient):
    make_intake(patient, trials=[{"medication": "Lexapro", "daily_dose_mg": 10, "weeks": 3,
                                  "outcome": "side_effects"}])  # fmt: skip
    client.force_login(patient)
    notes = notes_section(page(client, HOME))
    for verdict in ("border-success", "border-warning", "text-success", "Looks met",
                    "Not yet met", "counts as a full trial", "None of them counts",
                    "did not work for you", "trial(s)"):  # fmt: skip
        assert verdict not in notes, verdict
    assert "Looks in place" in notes
    assert "Needs a closer look" in notes
    assert "What needs a closer look: the medicines you tried" in notes

"""The step pages: saving, resuming, two tabs, the PHQ-9 and crisis help."""

import pytest
from django.urls import reverse

from intake.eligibility.vocabulary import PHQ9_ITEMS
from intake.models import IntakeStep
from intake.questions import ANSWER_STEP_SLUGS, STEP_SLUGS

from .factories import step_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("step", ANSWER_STEP_SLUGS)
def test_save_and_continue_saves_and_goes_to_the_next_step(client, patient, save, step):
    client.force_login(patient)
    response = save(step)
    next_slug = STEP_SLUGS[STEP_SLUGS.index(step) + 1]
    expected = (
        reverse("intake:review")
        if next_slug == "review"
        else reverse("intake:step", args=[next_slug])
    )
    assert response.status_code == 302
    assert response.url == expected
    row = IntakeStep.objects.get(intake__patient=patient, step=step)
    assert row.completed
    assert row.version == 1


def test_every_step_shows_its_number_and_links_to_every_other_step(client, patient):
    client.force_login(patient)
    for number, slug in enumerate(STEP_SLUGS, start=1):
        url = reverse("intake:review") if slug == "review" else reverse("intake:step", args=[slug])
        html = client.get(url).content.decode()
        assert f"Step {number} of 8" in html
        assert 'aria-current="step"' in html
        for other in ANSWER_STEP_SLUGS:
            assert f'href="{reverse("intake:step", args=[other])}"' in html
        if slug != "review":
            assert "Save and continue" in html
            assert "Save and finish later" in html


def test_answers_are_there_after_signing_out_and_in_again(client, patient, save):
    client.force_login(patient)
    save("about-you", interpreter_language="Portuguese", phone="555 222 3333")
    client.post(reverse("logout"))
    assert client.get(reverse("intake:step", args=["about-you"])).status_code == 302
    client.force_login(patient)
    html = client.get(reverse("intake:step", args=["about-you"])).content.decode()
    assert 'value="Portuguese"' in html
    assert 'value="555 222 3333"' in html


def test_save_and_finish_later_keeps_a_half_answered_step(client, patient, save):
    client.force_login(patient)
    response = save(
        "depression",
        action="later",
        diagnosis="bipolar",
        psychosis="",
        high_mood="",
        episode_start_year="",
        episode_start_month="",
    )
    assert response.status_code == 302
    assert response.url == reverse("intake:home")
    intake = patient.intakes.get()
    assert intake.diagnosis == "bipolar"
    assert intake.psychosis == ""
    assert not intake.steps.get(step="depression").completed
    html = client.get(reverse("intake:home")).content.decode()
    assert "Your answers are saved" in html
    assert "Not finished" in html


def test_save_and_continue_with_missing_answers_saves_them_and_says_what_is_missing(
    client, patient, save
):
    client.force_login(patient)
    response = save("depression", diagnosis="not_sure", psychosis="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_psychosis_0"' in html
    assert "Please answer this question." in html
    intake = patient.intakes.get()
    assert intake.diagnosis == "not_sure"  # what was typed is saved, as a draft
    assert not intake.steps.get(step="depression").completed
    # The form carries the new version, so the next save is not refused as stale.
    assert response.context["version"] == 1


def test_invalid_input_is_not_saved_and_is_shown_again(client, patient, save):
    client.force_login(patient)
    save("about-you")
    response = save(
        "about-you", action="later", phone="call me maybe", interpreter_language="Greek"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please enter a phone number with 7 to 15 digits" in html
    assert 'value="call me maybe"' in html
    intake = patient.intakes.get()
    assert intake.phone == "555-123-4567"
    assert intake.interpreter_language == ""  # nothing half-written


def test_expired_sign_in_comes_back_to_the_same_step(client, patient, save):
    client.force_login(patient)
    save("about-you")
    client.logout()  # the session expired while the patient typed
    url = reverse("intake:step", args=["phq9"])
    response = client.post(url, {"version": "0", **step_data("phq9")})
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    login = client.post(
        response.url,
        {"username": patient.email, "password": "correct horse battery", "next": url},
    )
    assert login.status_code == 302
    assert login.url == url
    assert patient.intakes.get().legal_name == "Alice Example"


def test_free_text_is_stored_as_typed_and_escaped_on_output(client, patient, save):
    client.force_login(patient)
    typed = '<script>alert("x")</script> & O\'Brien'
    save("depression", hospital_details=typed)
    assert patient.intakes.get().hospital_details == typed
    html = client.get(reverse("intake:review")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#x27;Brien" in html


def test_too_long_text_gets_a_clear_message(client, patient, save):
    client.force_login(patient)
    response = save("depression", hospital_details="x" * 1001)
    assert response.status_code == 400
    assert "Please keep this to 1000 characters or fewer (it has 1001)." in (
        response.content.decode()
    )
    assert not patient.intakes.exists() or patient.intakes.get().hospital_details == ""


def test_a_save_based_on_an_old_page_is_refused_and_shows_the_current_answers(
    client, patient, save
):
    client.force_login(patient)
    save("about-you", interpreter_language="")
    url = reverse("intake:step", args=["about-you"])
    # Two tabs open the step at version 1; the first saves, the second is stale.
    first = client.post(
        url, {"version": "1", **step_data("about-you", interpreter_language="Greek")}
    )
    assert first.status_code == 302
    second = client.post(
        url, {"version": "1", **step_data("about-you", interpreter_language="Welsh")}
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "changed in another window" in html
    assert 'value="Greek"' in html
    assert 'value="Welsh"' not in html
    assert second.context["version"] == 2
    assert patient.intakes.get().interpreter_language == "Greek"


def test_a_forged_version_is_refused(client, patient, save):
    client.force_login(patient)
    url = reverse("intake:step", args=["about-you"])
    response = client.post(url, {"version": "abc", **step_data("about-you")})
    assert response.status_code == 409
    assert not IntakeStep.objects.filter(step="about-you", completed=True).exists()


def test_a_stale_page_shown_again_for_bad_input_is_still_stale(client, patient, save):
    client.force_login(patient)
    save("about-you", interpreter_language="")  # version 1
    url = reverse("intake:step", args=["about-you"])
    client.post(url, {"version": "1", **step_data("about-you", interpreter_language="Greek")})
    # The other tab (still at version 1) sends bad input: shown again, based on version 1 ...
    bad = client.post(url, {"version": "1", **step_data("about-you", phone="nope")})
    assert bad.status_code == 400
    assert bad.context["version"] == 1
    # ... so its corrected save cannot silently erase the first tab's answer.
    again = client.post(
        url, {"version": "1", **step_data("about-you", interpreter_language="Welsh")}
    )
    assert again.status_code == 409
    assert patient.intakes.get().interpreter_language == "Greek"


def test_phq9_items_and_answers_are_worded_exactly(client, patient):
    client.force_login(patient)
    html = client.get(reverse("intake:step", args=["phq9"])).content.decode()
    assert (
        "Over the last 2 weeks, how often have you been bothered by any of the following "
        "problems?" in html
    )
    for item in PHQ9_ITEMS:
        assert item.replace("'", "&#x27;") in html
    for answer in ("Not at all", "Several days", "More than half the days", "Nearly every day"):
        assert answer in html
    assert "Not difficult at all" in html
    assert "Extremely difficult" in html


def test_phq9_total_and_severity_are_computed_on_the_server(client, patient, save):
    client.force_login(patient)
    save("phq9")
    intake = patient.intakes.get()
    assert intake.phq9_total == 16
    assert intake.phq9_severity == "moderately_severe"
    html = client.get(reverse("intake:review")).content.decode()
    assert "16 of 27" in html
    assert "moderately severe" not in html.lower()  # the band is for the care team


def test_item_9_above_not_at_all_flags_urgent_and_shows_crisis_help_from_then_on(
    client, patient, save
):
    client.force_login(patient)
    before = client.get(reverse("intake:step", args=["antidepressants"])).content.decode()
    assert 'id="intake-crisis"' not in before
    response = save("phq9", phq9_9="1")
    intake = patient.intakes.get()
    assert intake.urgent
    assert intake.urgent_flagged_at is not None
    # The next page announces it once (role="alert") ...
    html = client.get(response.url).content.decode()
    assert 'id="intake-crisis" role="alert"' in html
    assert 'href="tel:988"' in html
    assert "911" in html
    # ... and every intake page after shows it at the top, calmly, without re-announcing.
    for url in (reverse("intake:home"), reverse("intake:step", args=["about-you"])):
        html = client.get(url).content.decode()
        assert 'id="intake-crisis"' in html
        assert 'id="intake-crisis" role="alert"' not in html
        assert html.index('id="intake-crisis"') < html.index("<h1")


def test_item_9_not_at_all_does_not_flag_urgent(client, patient, save):
    client.force_login(patient)
    save("phq9", phq9_9="0")
    assert not patient.intakes.get().urgent


def test_urgent_stays_flagged_if_item_9_is_changed_back(client, patient, save):
    client.force_login(patient)
    save("phq9", phq9_9="2")
    flagged_at = patient.intakes.get().urgent_flagged_at
    save("phq9", phq9_9="0")
    intake = patient.intakes.get()
    assert intake.urgent
    assert intake.urgent_flagged_at == flagged_at


def test_the_phq9_page_has_crisis_help_ready_for_an_item_9_answer(client, patient):
    client.force_login(patient)
    html = client.get(reverse("intake:step", args=["phq9"])).content.decode()
    assert 'id="phq9-crisis" role="alert"' in html
    assert 'data-crisis-trigger="true"' in html


def test_talk_therapy_asks_for_weeks_only(client, patient):
    """The rules read the number as weeks, so the question asks for weeks, not "weeks or
    sessions", and says how sessions relate to weeks."""
    client.force_login(patient)
    html = client.get(reverse("intake:step", args=["other-treatments"])).content.decode()
    assert "About how many weeks did it last?" in html
    assert "weeks or sessions" not in html
    assert "once a week, this is about the number of sessions" in html


def test_the_phq9_page_shows_crisis_help_under_item_9_when_it_comes_back_with_it(
    client, patient, save
):
    client.force_login(patient)
    save("phq9", phq9_9="2")
    html = client.get(reverse("intake:step", args=["phq9"])).content.decode()
    box = html.index('id="phq9-crisis"')
    assert html.index('name="phq9_9"') < box < html.index('name="phq9_difficulty"')
    assert "hidden" not in html[box : html.index(">", box)]
    save("phq9", phq9_9="0")
    html = client.get(reverse("intake:step", args=["phq9"])).content.decode()
    box = html.index('id="phq9-crisis"')
    assert "hidden" in html[box : html.index(">", box)]

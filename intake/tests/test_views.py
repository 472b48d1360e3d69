"""The patient's intake pages: who may open them, saving and resuming, the review and submit."""

import pytest
from django.urls import reverse

from intake.models import Intake, IntakeStep, Status
from intake.questions import ANSWER_STEP_SLUGS, PHQ9_ITEMS, SAFETY_QUESTIONS, STEP_SLUGS
from intake.services import request_more_info, start_review

from .factories import IntakeFactory, management, step_data, trial_row

pytestmark = pytest.mark.django_db

ALL_PAGES = [reverse("intake:home"), reverse("intake:review")] + [
    reverse("intake:step", args=[s]) for s in ANSWER_STEP_SLUGS
]


# --- Who may open the intake -------------------------------------------------------------


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
        "about-you": {"preferred_language": "Zebrafish"},
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


# --- Steps: saving, progress, resuming ---------------------------------------------------


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
    save("about-you", preferred_language="Portuguese", phone="555 222 3333")
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
    response = save("about-you", action="later", phone="call me maybe", preferred_language="Greek")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please enter a phone number with 7 to 15 digits" in html
    assert 'value="call me maybe"' in html
    intake = patient.intakes.get()
    assert intake.phone == "555-123-4567"
    assert intake.preferred_language == "English"  # nothing half-written


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


# --- Two tabs ----------------------------------------------------------------------------


def test_a_save_based_on_an_old_page_is_refused_and_shows_the_current_answers(
    client, patient, save
):
    client.force_login(patient)
    save("about-you", preferred_language="English")
    url = reverse("intake:step", args=["about-you"])
    # Two tabs open the step at version 1; the first saves, the second is stale.
    first = client.post(url, {"version": "1", **step_data("about-you", preferred_language="Greek")})
    assert first.status_code == 302
    second = client.post(
        url, {"version": "1", **step_data("about-you", preferred_language="Welsh")}
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "changed in another window" in html
    assert 'value="Greek"' in html
    assert 'value="Welsh"' not in html
    assert second.context["version"] == 2
    assert patient.intakes.get().preferred_language == "Greek"


def test_a_forged_version_is_refused(client, patient, save):
    client.force_login(patient)
    url = reverse("intake:step", args=["about-you"])
    response = client.post(url, {"version": "abc", **step_data("about-you")})
    assert response.status_code == 409
    assert not IntakeStep.objects.filter(step="about-you", completed=True).exists()


# --- PHQ-9 and crisis help ---------------------------------------------------------------


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
    assert "16 of 27 (moderately severe)" in client.get(reverse("intake:review")).content.decode()


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


# --- Antidepressant rows -----------------------------------------------------------------


def _trial_post(rows, *, initial=0, version, **extra):
    data = {"version": str(version), **management(len(rows), initial), "action": "continue"}
    for index, row in enumerate(rows):
        data.update(trial_row(index, **row))
    data.update(extra)
    return data


def test_trials_are_saved_in_order(client, patient, save):
    client.force_login(patient)
    save("antidepressants")
    trials = list(patient.intakes.get().trials.values_list("medication", "daily_dose_mg"))
    assert [(m, int(d)) for m, d in trials] == [("sertraline", 150), ("Wellbutrin XL", 300)]


def test_add_another_medicine_without_javascript_saves_and_adds_a_blank_row(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    response = client.post(url, _trial_post([{"medication": "Zoloft"}], version=0, action="add"))
    assert response.status_code == 302
    assert response.url.startswith(f"{url}?add=1")
    page = client.get(response.url)
    formset = page.context["formset"]
    assert len(formset.forms) == 2
    assert formset.forms[0].initial["medication"] == "Zoloft"
    assert "Medicine 2" in page.content.decode()
    assert patient.intakes.get().trials.count() == 1


def test_remove_without_javascript_removes_only_that_row(client, patient, save):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    client.post(
        url,
        _trial_post(
            [{"medication": "Zoloft"}, {"medication": "Lexapro"}, {"medication": "Prozac"}],
            version=0,
        ),
    )
    ids = list(patient.intakes.get().trials.values_list("pk", flat=True))
    rows = [
        {"id": str(pk), "medication": name}
        for pk, name in zip(ids, ["Zoloft", "Lexapro", "Prozac"], strict=True)
    ]
    rows[2]["side_effects"] = "typed but not yet saved"
    response = client.post(url, _trial_post(rows, initial=3, version=1, remove="1"))
    assert response.status_code == 302
    trials = list(patient.intakes.get().trials.values_list("pk", "medication", "side_effects"))
    assert trials == [
        (ids[0], "Zoloft", ""),
        (ids[2], "Prozac", "typed but not yet saved"),
    ]
    assert "The medicine was removed" in client.get(response.url).content.decode()


def test_a_removed_row_with_bad_input_elsewhere_stays_removed_on_the_error_page(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    data = _trial_post(
        [{"medication": "Zoloft"}, {"medication": "Lexapro", "daily_dose_mg": "lots"}],
        version=0,
        remove="0",
    )
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="trials-0-DELETE" value="on"' in html
    assert 'value="Lexapro"' in html
    assert "Please enter the dose as a number of milligrams" in html


def test_a_forged_row_count_is_capped(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    data = _trial_post([{"medication": f"med {i}"} for i in range(3)], version=0)
    data["trials-TOTAL_FORMS"] = "100000"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "You can list up to 30 medicines" in response.content.decode()
    assert not patient.intakes.exists() or not patient.intakes.get().trials.exists()


def test_a_missing_management_form_is_a_clear_error_not_a_crash(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    response = client.post(url, {"version": "0", "action": "continue"})
    assert response.status_code == 400
    assert "Please reload it" in response.content.decode()


def test_another_intakes_row_id_cannot_be_changed(client, patient, other_patient):
    from .factories import TrialFactory

    bobs = TrialFactory(intake=IntakeFactory(patient=other_patient), medication="Bob's med")
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    data = _trial_post([{"id": str(bobs.pk), "medication": "hijacked"}], version=0)
    assert client.post(url, data).status_code == 302
    bobs.refresh_from_db()
    assert bobs.medication == "Bob's med"
    assert bobs.intake.patient == other_patient
    assert patient.intakes.get().trials.get().medication == "hijacked"


def test_no_antidepressants_or_a_list_is_needed_to_continue(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    response = client.post(url, _trial_post([], version=0))
    assert response.status_code == 400
    assert "Please list at least one antidepressant, or tick this box" in (
        response.content.decode()
    )
    # The first try saved a draft (version 1).
    response = client.post(url, _trial_post([], version=1, no_antidepressants="on"))
    assert response.status_code == 302
    assert patient.intakes.get().no_antidepressants


def test_no_antidepressants_with_a_list_is_contradictory(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    response = client.post(
        url, _trial_post([{"medication": "Zoloft"}], version=0, no_antidepressants="on")
    )
    assert response.status_code == 400
    assert "Please untick the box or remove the medicines" in response.content.decode()


def test_medicine_names_are_suggested_but_any_name_is_accepted(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    html = client.get(url).content.decode()
    assert 'list="medication-suggestions"' in html
    assert '<option value="Zoloft">' in html
    client.post(url, _trial_post([{"medication": "  Brand   Nobody  Knows "}], version=0))
    assert patient.intakes.get().trials.get().medication == "Brand Nobody Knows"


# --- Review and submit -------------------------------------------------------------------


def test_review_shows_every_answer_with_edit_links(client, complete_intake):
    html = client.get(reverse("intake:review")).content.decode()
    for slug in ANSWER_STEP_SLUGS:
        edit = reverse("intake:step", args=[slug]) + "?from=review"
        assert f'href="{edit}" class="edit-link"' in html
    for text in (
        "Aetna Choice POS II",
        "Major depression that has come back (recurrent)",
        "March 2023",
        "Wellbutrin XL",
        "300 mg a day",
        "Cognitive behavioural therapy (CBT)",
        SAFETY_QUESTIONS["metal_in_head"].replace("(", "(")[:40],
        "Alice Example",
    ):
        assert text in html, text


def test_submit_is_refused_with_the_list_of_missing_steps(client, patient, save):
    client.force_login(patient)
    save("about-you")
    save("phq9")
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Before you can send your intake" in html
    for title in ("Your depression", "Antidepressants you have tried", "Consent and signature"):
        assert title in html
    assert patient.intakes.get().status == Status.DRAFT


def test_a_blank_intake_cannot_be_submitted(client, patient):
    client.force_login(patient)
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    assert not Intake.objects.filter(status=Status.SUBMITTED).exists()


def test_an_unsigned_intake_cannot_be_submitted(client, complete_intake):
    Intake.objects.filter(pk=complete_intake.pk).update(signed_name="", signed_at=None)
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    assert "Consent and signature" in response.content.decode()


def test_submitting_twice_makes_one_submission(client, complete_intake):
    first = client.post(reverse("intake:review"))
    second = client.post(reverse("intake:review"))
    assert first.status_code == 302
    assert second.status_code == 302
    complete_intake.refresh_from_db()
    assert complete_intake.status == Status.SUBMITTED
    assert complete_intake.status_changes.filter(to_status=Status.SUBMITTED).count() == 1
    assert Intake.objects.count() == 1


def test_after_submission_the_intake_is_read_only_with_status_and_answers(client, complete_intake):
    client.post(reverse("intake:review"))
    html = client.get(reverse("intake:home")).content.decode()
    assert "Sent to the clinic" in html
    assert "Wellbutrin XL" in html
    assert "Print or save as PDF" in html
    assert 'class="edit-link"' not in html
    # Steps redirect to the status page and refuse changes.
    url = reverse("intake:step", args=["about-you"])
    assert client.get(url).url == reverse("intake:home")
    response = client.post(
        url, {"version": "1", **step_data("about-you", preferred_language="Klingon")}
    )
    assert response.status_code == 302
    complete_intake.refresh_from_db()
    assert complete_intake.preferred_language == "English"


def test_needs_info_makes_it_editable_again_with_the_clinics_message(
    client, complete_intake, admin_user, save
):
    client.post(reverse("intake:review"))
    start_review(intake=complete_intake, by=admin_user)
    request_more_info(intake=complete_intake, by=admin_user, message="Which dose of <Zoloft>?")
    html = client.get(reverse("intake:home")).content.decode()
    assert "The clinic asked for more information" in html
    assert "Which dose of &lt;Zoloft&gt;?" in html
    assert "Which dose of &lt;Zoloft&gt;?" in client.get(reverse("intake:review")).content.decode()
    assert save("about-you", preferred_language="Spanish").status_code == 302
    assert client.post(reverse("intake:review")).status_code == 400  # sign again first
    assert save("consent").status_code == 302
    assert client.post(reverse("intake:review")).status_code == 302
    complete_intake.refresh_from_db()
    assert complete_intake.status == Status.SUBMITTED
    assert complete_intake.preferred_language == "Spanish"


# --- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ALL_PAGES)
def test_pages_use_a_bounded_number_of_queries(
    client, complete_intake, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_trials_page_does_not_query_per_row(
    client, complete_intake, django_assert_max_num_queries
):
    from .factories import TrialFactory

    TrialFactory.create_batch(20, intake=complete_intake)
    with django_assert_max_num_queries(12):
        client.get(reverse("intake:step", args=["antidepressants"]))
    with django_assert_max_num_queries(14):
        client.get(reverse("intake:review"))


def test_the_error_summary_names_the_row_to_fix(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    data = _trial_post(
        [{"medication": "Zoloft"}, {"medication": "", "daily_dose_mg": "40"}], version=0
    )
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        '<a href="#id_trials-1-medication">Medicine 2, medicine name: '
        "Please type the name of the medicine.</a>" in html
    )


def test_an_edit_from_the_review_comes_back_to_the_review_and_asks_to_sign_again(
    client, complete_intake
):
    review = client.get(reverse("intake:review")).content.decode()
    assert "Please sign again" not in review
    edit = reverse("intake:step", args=["depression"]) + "?from=review"
    page = client.get(edit)
    assert '<input type="hidden" name="from" value="review">' in page.content.decode()
    data = {"version": str(page.context["version"]), "from": "review"}
    data.update(step_data("depression", diagnosis="mdd_single"))
    response = client.post(edit, data)
    assert response.status_code == 302
    assert response.url == reverse("intake:review")
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "You changed some answers after you signed" in html
    assert complete_intake.status_changes.count() == 0
    # Signing again lets it go.
    page = client.get(reverse("intake:step", args=["consent"]))
    data = {"version": str(page.context["version"]), **step_data("consent")}
    client.post(reverse("intake:step", args=["consent"]), data)
    assert client.post(reverse("intake:review")).status_code == 302
    complete_intake.refresh_from_db()
    assert complete_intake.status == Status.SUBMITTED
    assert complete_intake.diagnosis == "mdd_single"


def test_adding_a_row_after_an_incomplete_row_keeps_it_and_adds_one(client, patient):
    client.force_login(patient)
    url = reverse("intake:step", args=["antidepressants"])
    # The first row has no result yet: saved as a draft, and one blank row added.
    response = client.post(
        url, _trial_post([{"medication": "Zoloft", "outcome": ""}], version=0, action="add")
    )
    assert response.status_code == 302
    assert response.url == f"{url}?add=1#trial-row-1"
    formset = client.get(response.url).context["formset"]
    assert len(formset.forms) == 2
    assert patient.intakes.get().trials.get().outcome == ""


@pytest.mark.parametrize("url", ALL_PAGES)
def test_pages_have_no_inline_script_or_style(client, complete_intake, url):
    import re

    html = client.get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html
    assert 'src="/static/js/intake.js" defer' in html

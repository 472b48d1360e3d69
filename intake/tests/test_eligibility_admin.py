"""The admin staff use for the eligibility data, and the notes block of the intake page."""

import pytest
from django.urls import reverse

from intake.models import (
    CriteriaProfile,
    InsurancePlanMapping,
    Medication,
    MedicationAlias,
    NoteText,
    StepHelp,
)
from intake.services.evaluation import evaluate_case_dict

from .factories import make_intake
from .test_eligibility_data import CONTRACT_CASE

pytestmark = pytest.mark.django_db


def url(model, action="changelist", *args):
    return reverse(f"admin:intake_{model}_{action}", args=args)


def form_data(response):
    """The POST data of an admin change form as it stands (fields and inlines)."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is True:
                data[key] = "on"
            elif value is False or value is None:
                continue
            elif isinstance(value, list | tuple):
                data[key] = value
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            add(form)
    return data


def post_change(admin_client, model, obj, **changes):
    change_url = url(model, "change", obj.pk)
    data = {**form_data(admin_client.get(change_url)), **changes}
    data = {key: value for key, value in data.items() if value is not None}
    return admin_client.post(change_url, data)


# --- smoke ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["medication", "criteriaprofile", "insuranceplanmapping", "notetext", "stephelp"]
)
def test_changelist_add_and_change_pages_open(admin_client, model):
    assert admin_client.get(url(model)).status_code == 200
    assert admin_client.get(url(model), {"q": "a"}).status_code == 200
    assert admin_client.get(url(model, "add")).status_code == 200
    first = {
        "medication": Medication,
        "criteriaprofile": CriteriaProfile,
        "insuranceplanmapping": InsurancePlanMapping,
        "notetext": NoteText,
        "stephelp": StepHelp,
    }[model].objects.first()
    if first is None:
        first = InsurancePlanMapping.objects.create(
            plan_name="Plan A", profile=CriteriaProfile.objects.first()
        )
    assert admin_client.get(url(model, "change", first.pk)).status_code == 200


def test_medications_are_found_by_brand_name_and_filtered_by_class(admin_client):
    html = admin_client.get(url("medication"), {"q": "zoloft"}).content.decode()
    assert "sertraline" in html
    assert "escitalopram" not in html
    response = admin_client.get(url("medication"), {"is_augmentation_agent__exact": "1"})
    names = [m.generic_name for m in response.context["cl"].result_list]
    assert "aripiprazole" in names
    assert "sertraline" not in names
    response = admin_client.get(url("medication"), {"drug_class__exact": "NDRI"})
    assert [m.generic_name for m in response.context["cl"].result_list] == ["bupropion"]


def test_the_medication_list_does_not_query_per_row(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        html = admin_client.get(url("medication")).content.decode()
    assert "Zoloft" in html


def test_note_texts_list_their_level_and_filter_by_it(admin_client):
    response = admin_client.get(url("notetext"), {"level": "urgent"})
    assert [n.code for n in response.context["cl"].result_list] == ["urgent.item9"]
    html = admin_client.get(url("notetext"), {"q": "cochlear"}).content.decode()
    assert "safety.cochlear_implant" in html
    assert ">stop<" in html


# --- medications ----------------------------------------------------------------------------


def _new_medication(**extra):
    return {
        "generic_name": "gepirone",
        "drug_class": "serotonin modulator",
        "min_adequate_daily_mg": "18.2",
        "usual_max_daily_mg": "72.6",
        "source": "label",
        "aliases-TOTAL_FORMS": "2",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-name": "Exxua",
        "aliases-1-name": "",
        **extra,
    }


def test_staff_add_a_medication_with_a_brand_name_and_it_counts_next_time(admin_client):
    case = {**CONTRACT_CASE, "trials": [{"medication": "EXXUA", "daily_dose_mg": 20,
                                          "weeks": 8, "outcome": "no_change"}]}  # fmt: skip
    assert evaluate_case_dict(case).evaluation.trials[0].status == "uncertain"
    response = admin_client.post(url("medication", "add"), _new_medication())
    assert response.status_code == 302
    assert MedicationAlias.objects.get(name="Exxua").medication.generic_name == "gepirone"
    assert evaluate_case_dict(case).evaluation.adequate_failed_trials == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"aliases-1-name": "exxua"}, "This name is listed twice."),
        ({"aliases-1-name": "Zoloft"}, "This name already belongs to a medication."),
        ({"aliases-1-name": "sertraline"}, "already the generic name of sertraline"),
        ({"aliases-1-name": "Gepirone"}, "This is already the generic name."),
        ({"generic_name": "Lexapro"}, "already another name of escitalopram"),
        ({"generic_name": "SERTRALINE"}, "A medication with this generic name already exists."),
        ({"usual_max_daily_mg": "10"}, "The usual maximum cannot be below the minimum dose."),
        ({"drug_class": "vitamin"}, "Select a valid choice."),
    ],
)
def test_a_medication_that_breaks_a_rule_is_refused_with_a_message(admin_client, extra, message):
    before = Medication.objects.count(), MedicationAlias.objects.count()
    response = admin_client.post(url("medication", "add"), _new_medication(**extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Medication.objects.count(), MedicationAlias.objects.count()) == before


def test_a_staff_change_of_a_dose_in_the_admin_changes_the_next_evaluation(admin_client):
    sertraline = Medication.objects.get(generic_name="sertraline")
    case = {**CONTRACT_CASE, "trials": [{"medication": "Zoloft", "daily_dose_mg": 100,
                                          "weeks": 8, "outcome": "no_change"}]}  # fmt: skip
    assert evaluate_case_dict(case).evaluation.adequate_failed_trials == 1
    response = post_change(admin_client, "medication", sertraline, min_adequate_daily_mg="125")
    assert response.status_code == 302
    sertraline.refresh_from_db()
    assert sertraline.min_adequate_daily_mg == 125
    assert evaluate_case_dict(case).evaluation.adequate_failed_trials == 0


# --- profiles -------------------------------------------------------------------------------


def test_a_staff_change_of_a_profile_in_the_admin_changes_the_next_evaluation(admin_client):
    profile = CriteriaProfile.objects.get(key="typical-2-classes")
    assert evaluate_case_dict(CONTRACT_CASE).evaluation.criteria["severity"] == "met"
    response = post_change(admin_client, "criteriaprofile", profile, min_phq9_total="20")
    assert response.status_code == 302
    assert evaluate_case_dict(CONTRACT_CASE).evaluation.criteria["severity"] == "unmet"


def test_ticking_clinic_default_moves_the_default(admin_client):
    profile = CriteriaProfile.objects.get(key="fda-label")
    response = post_change(admin_client, "criteriaprofile", profile, is_default="on")
    assert response.status_code == 302
    assert list(CriteriaProfile.objects.default().values_list("key", flat=True)) == ["fda-label"]
    assert evaluate_case_dict(CONTRACT_CASE).evaluation.profile == "fda-label"


def test_the_make_default_action(admin_client):
    profile = CriteriaProfile.objects.get(key="strict-4-trials")
    response = admin_client.post(
        url("criteriaprofile"),
        {"action": "make_default", "_selected_action": [profile.pk]},
        follow=True,
    )
    assert "is now the clinic default" in response.content.decode()
    assert CriteriaProfile.objects.default().get() == profile


def test_a_profile_that_breaks_a_rule_is_refused_with_a_message(admin_client):
    profile = CriteriaProfile.objects.get(key="typical-2-classes")
    response = post_change(
        admin_client, "criteriaprofile", profile, min_psychotherapy_weeks=None, min_phq9_total="30"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the minimum weeks of psychotherapy when it is required." in html
    assert "Ensure this value is less than or equal to 27." in html
    profile.refresh_from_db()
    assert (profile.min_psychotherapy_weeks, profile.min_phq9_total) == (6, 15)


def test_a_plan_name_mapped_twice_is_refused_with_a_message(admin_client):
    profile = CriteriaProfile.objects.get(key="fda-label")
    InsurancePlanMapping.objects.create(plan_name="Medicare Part B", profile=profile)
    response = admin_client.post(
        url("insuranceplanmapping", "add"), {"plan_name": "medicare part b", "profile": profile.pk}
    )
    assert response.status_code == 200
    assert "This plan name is already mapped." in response.content.decode()
    assert InsurancePlanMapping.objects.count() == 1


# --- note texts and "why we ask" ------------------------------------------------------------


def test_a_staff_change_of_a_notes_wording_in_the_admin_changes_the_next_evaluation(
    admin_client,
):
    note = NoteText.objects.get(code="criterion.failed_trials.met")
    response = post_change(
        admin_client,
        "notetext",
        note,
        patient_text="Counted {counted} of {required}: this part looks met.",
        # The Spanish must use the English's placeholders, so it changes with them.
        patient_text_es="Contamos {counted} de {required}.",
        article_slugs="mixed-results | What studies found\n"
        "https://clinic.example/learn/q/absolutely/ |  How TMS   compares with medicines ",
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.article_slugs == [
        {"slug": "mixed-results", "text": "What studies found"},
        {"slug": "absolutely", "text": "How TMS compares with medicines"},
    ]
    evaluation = evaluate_case_dict(CONTRACT_CASE).evaluation
    text = next(n.text for n in evaluation.notes if n.code == "criterion.failed_trials")
    assert text == "Counted 2 of 2: this part looks met."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"patient_text": "You are {age} and {mood}."}, "This note has no {mood}"),
        ({"patient_text": "Good news: you are eligible."}, "Patients must not read “eligible”"),
        ({"patient_text": "You qualify for TMS."}, "Patients must not read “qualify”"),
        ({"article_slugs": "Looks Promising!"}, "is not an article address"),
        ({"article_slugs": "rtms | How TMS works\nrtms | Again"}, "“rtms” is listed twice."),
        ({"article_slugs": "rtms"}, "Add the link text after “rtms | ”"),
        ({"article_slugs": "rtms | Why you are eligible"}, "Patients must not read “eligible”"),
        ({"article_slugs": "rtms | " + "x" * 121}, "Keep each link text under 120 characters"),
    ],
)
def test_a_note_text_that_breaks_a_rule_is_refused_with_a_message(admin_client, changes, message):
    note = NoteText.objects.get(code="criterion.age.met")
    before = (note.patient_text, note.article_slugs)
    response = post_change(admin_client, "notetext", note, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    note.refresh_from_db()
    assert (note.patient_text, note.article_slugs) == before


def test_a_note_text_for_a_code_the_rules_never_show_cannot_be_added(admin_client):
    response = admin_client.post(
        url("notetext", "add"), {"code": "made.up", "patient_text": "Hello."}
    )
    assert response.status_code == 200
    assert "The rules never show a note “made.up”." in response.content.decode()
    assert not NoteText.objects.filter(code="made.up").exists()


def test_a_note_texts_page_shows_its_level_placeholders_and_live_links(admin_client):
    from .notes_helpers import import_seed_articles

    import_seed_articles()
    NoteText.objects.filter(code="criterion.failed_trials.met").update(
        article_slugs=["looks-promising", "gone"]
    )
    note = NoteText.objects.get(code="criterion.failed_trials.met")
    html = admin_client.get(url("notetext", "change", note.pk)).content.decode()
    assert "{counted}, {required}, {uncertain}" in html
    assert ">Looks promising</a>" in html
    assert "gone: not published or not found, so not shown yet" in html


def test_staff_edit_a_why_we_ask_line(admin_client):
    line = StepHelp.objects.get(step="phq9")
    response = post_change(
        admin_client, "stephelp", line, text="The score helps track how you feel.",
        article_slugs="absolutely | How TMS compares with medicines",
    )  # fmt: skip
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.text == "The score helps track how you feel."
    response = post_change(admin_client, "stephelp", line, text="You might be rejected.")
    assert response.status_code == 200
    assert "Patients must not read “rejected”" in response.content.decode()


# --- the intake change page -----------------------------------------------------------------


def test_the_intake_page_shows_the_notes_in_staff_wording_and_the_trial_table(
    admin_client, patient
):
    intake = make_intake(
        patient,
        trials=[
            {"medication": "Zoloft", "daily_dose_mg": 25, "weeks": 8, "outcome": "no_change"},
            {"medication": "Wellbutrin XL", "daily_dose_mg": 300, "weeks": 6,
             "outcome": "partial"},
        ],
        safety_yes=["pacemaker"],
    )  # fmt: skip
    response = admin_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Eligibility notes" in html
    assert "Typical payer: two failed trials from two classes (example)" in html
    # staff wording: plain clinical sentences, the source named in words, never a code
    assert "1 of 2 medicine trials counted (1 full trial); no trial is uncertain." in html
    assert "1 trial counted (2 needed): 1 adequate failed trial, 0 intolerances" in html
    assert "Pacemaker or implanted defibrillator" in html
    assert "(Tendler 2023)" in html
    assert "<strong>A clinician must review this</strong>" in html
    assert (
        "Zoloft (sertraline): 25 mg a day, under the catalogue&#x27;s minimum adequate dose of "
        "50 mg; not counted." in html
    )
    assert "sertraline (SSRI)" in html
    assert "bupropion (NDRI)" in html
    assert "not counted" in html
    for code in ("not_counted", "no_change", "§", "clinical-facts", "criterion.", "trial."):
        assert code not in html.split("Eligibility notes", 1)[1], code


def test_unconfirmed_numbers_are_marked_in_the_admin_and_beside_the_notes(admin_client, patient):
    profiles = admin_client.get(reverse("admin:intake_criteriaprofile_changelist")).content
    assert b"Unconfirmed" in profiles
    medications = admin_client.get(reverse("admin:intake_medication_changelist")).content
    assert b"Unconfirmed" in medications
    assert b"As in the source" in medications
    venlafaxine = Medication.objects.get(generic_name="venlafaxine")
    assert "75 mg" in venlafaxine.unconfirmed_reason
    page = admin_client.get(reverse("admin:intake_medication_change", args=[venlafaxine.pk]))
    assert "The ATRQ&#x27;s own threshold has not been checked." in page.content.decode()

    intake = make_intake(
        patient,
        trials=[{"medication": "Effexor XR", "daily_dose_mg": 150, "weeks": 8,
                 "outcome": "no_change"}],
    )  # fmt: skip
    html = admin_client.get(reverse("admin:intake_intake_change", args=[intake.pk])).content
    html = html.decode()
    assert "Unconfirmed numbers" in html
    assert "of these payers only Cigna gives a number, and it is 4 weeks" in html
    assert "Venlafaxine dose: The usual lower dose in the UpToDate table is 75 mg" in html

"""Step 4, the antidepressants: rows added and removed, with and without JavaScript."""

import pytest
from django.urls import reverse

from .factories import IntakeFactory, TrialFactory, management, trial_row

pytestmark = pytest.mark.django_db


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

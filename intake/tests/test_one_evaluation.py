"""One stored evaluation, shown the same everywhere: the patient's notes, the review queue, the
intake's admin page, the print packet and the FHIR Bundle all read Intake.evaluation, so their
counts always agree, with plurals right."""

import html
import json
import random
import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from intake.eligibility import Evaluation, evaluate
from intake.models import Intake
from intake.services.evaluation import intake_result, refresh_evaluation
from intake.services.results import TrialCounts, evaluation_from_stored, stored_from_result
from intake.setup.files import build_note_texts
from portal.tests.factories import PatientFactory

from .factories import make_intake
from .strategies import CATALOGUE, cases, profiles

pytestmark = pytest.mark.django_db

HOME = reverse("intake:home")
TEXTS = build_note_texts()
MEDICINES = ("Lexapro", "sertraline", "Zoloft", "Wellbutrin XL", "venlafaxine", "mirtazapine",
             "aripiprazole", "Lithobid", "Zolofft", "trazodone", "duloxetine")  # fmt: skip
OUTCOMES = ("partial", "no_change", "worse", "side_effects", "response", "ongoing", "")
LEXAPRO = {"medication": "Lexapro", "daily_dose_mg": 10, "weeks": 3, "outcome": "side_effects"}


def generated_trials(rng):
    return [
        {
            "medication": rng.choice(MEDICINES),
            "daily_dose_mg": rng.choice((None, 5, 10, 20, 50, 75, 150, 300)),
            "weeks": rng.choice((None, 2, 3, 4, 6, 8, 12)),
            "outcome": rng.choice(OUTCOMES),
        }
        for _ in range(rng.randint(0, 5))
    ]


def text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def first(pattern, page):
    match = re.search(pattern, page, re.S)
    assert match, pattern
    return text_of(match.group(1))


@pytest.fixture
def staff_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def shown_everywhere(intake, staff_client):
    """The count of medicine trials as each place shows it."""
    patient_client = Client()
    patient_client.force_login(intake.patient)
    notes = patient_client.get(HOME).content.decode()
    admin_page = staff_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    packet = staff_client.get(reverse("admin:intake_intake_print", args=[intake.pk]))
    bundle = json.loads(
        staff_client.get(reverse("admin:intake_intake_fhir", args=[intake.pk])).content
    )
    queue = staff_client.get(reverse("admin:intake_intake_changelist"), {"q": intake.legal_name})
    (counts_observation,) = [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation" and "valueString" in entry["resource"]
    ]
    return {
        "notes": first(r'<li class="trial-counts">(.*?)</li>', notes),
        "admin": first(r'<span class="trial-counts">(.*?)</span>', admin_page.content.decode()),
        "print": first(r'<span class="trial-counts">(.*?)</span>', packet.content.decode()),
        "queue": first(
            r'<td class="field-notes_column"><span class="trial-counts">(.*?)</span>',
            queue.content.decode(),
        ),
        "fhir": counts_observation["valueString"],
    }


def test_every_place_shows_the_same_counts_for_many_generated_cases(staff_client):
    rng = random.Random(13)
    cases = [[LEXAPRO], [], *(generated_trials(rng) for _ in range(22))]
    for number, trials in enumerate(cases):
        patient = PatientFactory(full_name=f"Patient {number}")
        intake = make_intake(patient, trials=trials, legal_name=f"Patient Number{number}")
        refresh_evaluation(intake=intake)
        intake.refresh_from_db()
        result = intake_result(intake)
        counts = result.counts
        shown = shown_everywhere(intake, staff_client)
        assert shown["notes"] == counts.patient, trials
        assert shown["admin"] == shown["print"] == shown["queue"] == shown["fhir"] == counts.staff
        # The criterion note counts the same medicines, and the per-medicine summary names them.
        evaluation = result.evaluation
        note = next((n for n in evaluation.notes if n.code == "criterion.failed_trials"), None)
        assert note is not None
        assert note.params["counted"] == counts.counted
        summary = result.trial_summary()
        assert (
            len(summary["full_trials"]) == counts.full_trials == evaluation.adequate_failed_trials
        )
        assert len(summary["side_effects"]) == counts.side_effects == evaluation.intolerances
        assert summary["uncertain"] == counts.uncertain
        assert counts.counted == counts.full_trials + counts.side_effects_counted
        # The queue's numeric column is the count of docs/contract.md.
        assert Intake.objects.get(pk=intake.pk).review_failed_trials == counts.full_trials


def test_the_lexapro_case_is_counted_the_same_everywhere(staff_client, patient):
    """Lexapro 10 mg for 3 weeks, stopped for side effects: not a full trial, one intolerance,
    which the default profile counts toward the medicines it asks for."""
    intake = make_intake(patient, trials=[LEXAPRO])
    shown = shown_everywhere(intake, staff_client)
    assert shown["notes"] == (
        "We counted 1 medicine that did not help you enough (1 stopped because of side "
        "effects). The rules we used look for 2."
    )
    assert (
        shown["queue"]
        == shown["admin"]
        == shown["print"]
        == shown["fhir"]
        == ("1 trial counted (2 needed): 0 adequate failed trials, 1 intolerance")
    )
    patient_client = Client()
    patient_client.force_login(patient)
    notes = text_of(patient_client.get(HOME).content.decode())
    assert "So far, we counted 1 medicine that did not help you enough." in notes
    assert "None of them counts as a full trial" not in notes
    assert "counts as a full trial" not in notes


def test_the_stored_evaluation_is_what_pages_show_until_staff_re_evaluate(staff_client, patient):
    intake = make_intake(patient, trials=[LEXAPRO])
    before = shown_everywhere(intake, staff_client)
    intake.trials.create(
        medication="sertraline",
        daily_dose_mg=150,
        weeks=8,
        outcome="no_change",
        position=5,
        current_episode="yes",
        augmentation="no",
    )
    assert shown_everywhere(intake, staff_client) == before
    refresh_evaluation(intake=intake)
    after = shown_everywhere(intake, staff_client)
    assert after["fhir"] == "2 trials counted (2 needed): 1 adequate failed trial, 1 intolerance"
    assert len(set(after.values()) - {after["notes"]}) == 1


def _counts(**values):
    base = {"counted": 0, "required": 2, "full_trials": 0, "side_effects": 0,
            "side_effects_counted": 0, "add_ons": 0, "uncertain": 0}  # fmt: skip
    return TrialCounts(**{**base, **values})


@pytest.mark.parametrize(
    ("values", "staff", "patient"),
    [
        ({}, "0 trials counted (2 needed): 0 adequate failed trials, 0 intolerances",
         "We have not counted any medicines that did not help you enough yet. "
         "The rules we used look for 2."),
        ({"counted": 1, "full_trials": 1, "required": 1},
         "1 trial counted (1 needed): 1 adequate failed trial, 0 intolerances",
         "We counted 1 medicine that did not help you enough (1 full trial). "
         "The rules we used look for 1."),
        ({"counted": 2, "full_trials": 2},
         "2 trials counted (2 needed): 2 adequate failed trials, 0 intolerances",
         "We counted 2 medicines that did not help you enough (2 full trials). "
         "The rules we used look for 2."),
        ({"counted": 0, "side_effects": 2, "required": 1},
         "0 trials counted (1 needed): 0 adequate failed trials, 2 intolerances (not counted by "
         "this profile)",
         "We have not counted any medicines that did not help you enough yet. "
         "The rules we used look for 1."),
        ({"counted": 3, "full_trials": 1, "side_effects": 2, "side_effects_counted": 2,
          "add_ons": 1, "uncertain": 1},
         "3 trials counted (2 needed): 1 adequate failed trial, 2 intolerances, 1 failed add-on "
         "trial, 1 to confirm",
         "We counted 3 medicines that did not help you enough (1 full trial and 2 stopped "
         "because of side effects). The rules we used look for 2."),
    ],
)  # fmt: skip
def test_counts_read_with_the_right_plurals(values, staff, patient):
    counts = _counts(**values)
    assert counts.staff == staff
    assert counts.patient == patient


def test_trial_counts_of_an_evaluation():
    evaluation = Evaluation(
        profile="p", phq9_total=None, severity=None, adequate_failed_trials=1,
        failed_classes=("SSRI",), augmentation_failures=0, intolerances=1, criteria={},
        notes=(), counted_failed_trials=2, required_failed_trials=2, uncertain_trials=0,
    )  # fmt: skip
    counts = TrialCounts.of(evaluation)
    assert (counts.counted, counts.full_trials, counts.side_effects_counted) == (2, 1, 1)


@given(case=cases, profile=profiles)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_for_any_case_the_counts_the_notes_and_the_stored_form_agree(case, profile):
    """Pure: the count phrase, the failed-trials note and the stored evaluation say the same."""
    evaluation = evaluate(case, profile, CATALOGUE, TEXTS)
    counts = TrialCounts.of(evaluation)
    assert counts.counted == counts.full_trials + counts.side_effects_counted
    assert counts.side_effects_counted <= counts.side_effects
    note = next((n for n in evaluation.notes if n.code == "criterion.failed_trials"), None)
    if note is not None:
        assert note.params["counted"] == counts.counted
        assert note.params["required"] == counts.required
        if note.key != "criterion.failed_trials.unmet" or counts.counted:
            words = "1 medicine" if counts.counted == 1 else f"{counts.counted} medicines"
            assert words in note.text
    for phrase in (counts.staff, counts.patient):
        assert "(s)" not in phrase
        assert not re.search(r"\b1 (trials|medicines|intolerances)\b", phrase)
        assert not re.search(r"\b([02-9]|\d\d+) (trial|medicine|intolerance)\b", phrase)
    stored = evaluation_from_stored(
        json.loads(json.dumps(stored_from_result(_FakeResult(evaluation))))
    )
    assert stored == evaluation
    assert TrialCounts.of(stored) == counts


class _FakeResult:
    def __init__(self, evaluation):
        self.evaluation = evaluation
        self.profile = type("P", (), {"name": "Profile"})()

"""make load's last step (load/run.py): a patient who pressed Send is lost unless the database
holds a sent intake with exactly the answers the simulated patient gave (load/answers.py)."""

import copy

from load.answers import expected_intake
from load.run import lost_submissions

EMAIL = "load-ab12cd34-7@example.com"


def stored_as_sent():
    return {EMAIL: copy.deepcopy(expected_intake("Load Patient 7"))}


def test_a_sent_intake_with_every_answer_is_not_lost():
    assert lost_submissions([EMAIL], stored_as_sent()) == []


def test_a_patient_who_pressed_send_with_no_intake_is_lost():
    assert lost_submissions([EMAIL], {EMAIL: None}) == [(EMAIL, "no intake")]
    assert lost_submissions([EMAIL], {}) == [(EMAIL, "no intake")]


def test_an_intake_still_a_draft_or_missing_an_answer_is_lost_and_says_what_differs():
    stored = stored_as_sent()
    stored[EMAIL]["status"] = "draft"
    stored[EMAIL]["phq9"][8] = None
    stored[EMAIL]["trials"] = stored[EMAIL]["trials"][:2]

    [(email, difference)] = lost_submissions([EMAIL], stored)

    assert email == EMAIL
    assert sorted(difference) == ["phq9", "status", "trials"]


def test_another_patients_answers_do_not_count():
    stored = {EMAIL: expected_intake("Load Patient 8")}

    [(_, difference)] = lost_submissions([EMAIL], stored)

    assert sorted(difference) == ["legal_name", "signed_name"]


def test_a_safety_answer_lost_on_the_way_is_a_lost_submission():
    stored = stored_as_sent()
    del stored[EMAIL]["safety"]["pacemaker"]

    assert [key for _, diff in lost_submissions([EMAIL], stored) for key in diff] == ["safety"]

"""Two requests at the same moment (a double click, two tabs), on PostgreSQL where rows are
really locked. SQLite runs one writer at a time, so there the sequential tests say it all."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from intake.models import IntakeStep, Status, StatusChange
from intake.questions import ANSWER_STEP_SLUGS
from intake.services.errors import StaleStepError
from intake.services.steps import SaveResult, save_step, submit_intake

from .factories import IntakeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"),
]


def _at_once(count, work):
    """Run ``work()`` in ``count`` threads released together; return results or exceptions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as error:  # collected for the assertions
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_submits_at_the_same_moment_make_one_submission(patient):
    intake = IntakeFactory(patient=patient)
    for slug in ANSWER_STEP_SLUGS:
        IntakeStep.objects.create(intake=intake, step=slug, version=1, completed=True)
    intake.signed_name = patient.full_name
    intake.signed_at = timezone.now()  # signed after the last answer
    intake.save()
    results = _at_once(4, lambda: submit_intake(intake=intake))
    assert all(not isinstance(r, Exception) for r in results), results
    assert {r.pk for r in results} == {intake.pk}
    assert StatusChange.objects.filter(to_status=Status.SUBMITTED).count() == 1
    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED


def test_two_saves_of_the_same_version_at_the_same_moment_keep_one(patient):
    save_step(patient=patient, step="about-you", answers={}, expected_version=0, completed=False)
    phones = iter(["555 111 1111", "555 222 2222", "555 333 3333"])
    lock = threading.Lock()

    def save():
        with lock:
            phone = next(phones)
        return save_step(
            patient=patient,
            step="about-you",
            answers={"phone": phone},
            expected_version=1,
            completed=False,
        )

    results = _at_once(3, save)
    saved = [r for r in results if isinstance(r, SaveResult)]
    stale = [r for r in results if isinstance(r, StaleStepError)]
    assert len(saved) == 1, results
    assert len(stale) == 2
    intake = patient.intakes.get()
    assert intake.phone == saved[0].intake.phone
    assert intake.steps.get(step="about-you").version == 2

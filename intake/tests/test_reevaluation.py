"""A change to what the notes are made from re-evaluates every open intake's stored evaluation
in the background (intake/services/reevaluation.py), in batches, with its progress for staff."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import CriteriaProfile, Intake, NoteText, Reevaluation, SetupRecord
from intake.services import evaluation, reevaluation
from intake.services.reevaluation import (
    reevaluate_batch,
    request_reevaluation,
    run_waiting_jobs,
)
from portal.tests import test_celery_worker

from .factories import submitted_intake

# The project's Celery app on Redis, for the worker test (skipped without Redis, unless CI).
redis_broker = test_celery_worker.redis_broker
worker_app = test_celery_worker.worker_app

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:intake_intake_changelist")
FAILED_TRIALS_UNMET = "So far, we counted 2 medicines that did not help you enough."


def change_form_data(client, url, **changes):
    """What the admin's change form posts back unchanged, with ``changes``."""
    response = client.get(url)
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    data.update(changes)
    return data


def default_profile():
    return CriteriaProfile.objects.get(is_default=True)


def stored_texts(intake):
    intake.refresh_from_db()
    return [note["text"] for note in intake.evaluation["notes"]]


# --- an edit in the admin ---------------------------------------------------------------------


def test_a_profile_edit_updates_the_patients_notes_with_no_button_pressed(
    client, patient, reviewer, django_capture_on_commit_callbacks
):
    intake = submitted_intake(patient=patient)
    client.force_login(patient)
    assert FAILED_TRIALS_UNMET not in client.get(reverse("intake:home")).content.decode()

    client.force_login(reviewer)
    url = reverse("admin:intake_criteriaprofile_change", args=[default_profile().pk])
    data = change_form_data(client, url, min_failed_trials="4")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "being updated with this change, in the background" in response.content.decode()
    job = Reevaluation.objects.get()
    assert (job.status, job.done, job.total) == ("done", 1, 1)
    assert job.requested_by == reviewer
    assert "typical" in job.reason.lower() or default_profile().name in job.reason

    client.force_login(patient)
    assert FAILED_TRIALS_UNMET in client.get(reverse("intake:home")).content.decode()
    intake.refresh_from_db()
    assert intake.review_unmet.count(",failed_trials,") == 1


def test_a_note_text_edit_reaches_the_stored_notes(
    client, reviewer, django_capture_on_commit_callbacks
):
    intake = submitted_intake()
    note = NoteText.objects.get(code="info.care_team")
    client.force_login(reviewer)
    url = reverse("admin:intake_notetext_change", args=[note.pk])
    text = "These notes are a guide. Your care team decides the next steps with you, together."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form_data(client, url, patient_text=text))
    assert text in stored_texts(intake)


def test_a_save_that_changes_nothing_starts_nothing(
    client, reviewer, django_capture_on_commit_callbacks
):
    submitted_intake()
    client.force_login(reviewer)
    url = reverse("admin:intake_criteriaprofile_change", args=[default_profile().pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form_data(client, url))
    assert not Reevaluation.objects.exists()


def test_closed_intakes_and_drafts_keep_what_they_have(django_capture_on_commit_callbacks):
    closed = submitted_intake()
    Intake.objects.filter(pk=closed.pk).update(status="closed", outcome="consultation")
    before = stored_texts(closed)
    open_one = submitted_intake()
    CriteriaProfile.objects.filter(is_default=True).update(min_failed_trials=4)
    with django_capture_on_commit_callbacks(execute=True):
        request_reevaluation(reason="test")
    assert stored_texts(closed) == before
    assert FAILED_TRIALS_UNMET in " ".join(stored_texts(open_one))
    assert Reevaluation.objects.get().total == 1


def test_load_clinic_setup_re_evaluates_when_it_changes_a_row(django_capture_on_commit_callbacks):
    intake = submitted_intake()
    NoteText.objects.filter(code="info.care_team").update(patient_text="Old words.")
    SetupRecord.objects.filter(kind="note_texts", key="info.care_team").delete()
    NoteText.objects.filter(code="info.care_team").delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_clinic_setup", stdout=StringIO())
    assert Reevaluation.objects.get().reason == "Set-up data loaded (load_clinic_setup)"
    assert any("guide, not a decision" in text for text in stored_texts(intake))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_clinic_setup", stdout=StringIO())  # changes nothing: no new job
    assert Reevaluation.objects.count() == 1


# --- coalescing -----------------------------------------------------------------------------


def test_edits_in_a_row_share_the_waiting_job():
    submitted_intake()
    first = request_reevaluation(reason="Medication “sertraline” changed")
    second = request_reevaluation(reason="Note text “info.schedule” changed")
    assert first.pk == second.pk
    job = Reevaluation.objects.get()
    assert job.changes == 2
    assert job.reason_text() == "Medication “sertraline” changed, and 1 more change"


def test_an_edit_while_a_job_runs_waits_in_one_new_job_that_runs_after_it():
    submitted_intake()
    running = request_reevaluation(reason="first")
    Reevaluation.objects.filter(pk=running.pk).update(status="running")
    waiting = request_reevaluation(reason="second")
    assert request_reevaluation(reason="third").pk == waiting.pk
    assert waiting.pk != running.pk
    assert run_waiting_jobs() == 0  # the running job runs the waiting one when it ends
    assert Reevaluation.objects.get(pk=waiting.pk).status == "queued"
    Reevaluation.objects.filter(pk=running.pk).update(status="done")
    assert run_waiting_jobs() == 1
    assert Reevaluation.objects.get(pk=waiting.pk).status == "done"


def test_nothing_to_update_starts_no_job():
    assert request_reevaluation(reason="no intakes yet") is None
    assert not Reevaluation.objects.exists()


def test_a_job_whose_worker_stopped_is_marked_and_started_again():
    import datetime

    from django.utils import timezone

    intake = submitted_intake()
    lost = request_reevaluation(reason="lost")
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Reevaluation.objects.filter(pk=lost.pk).update(status="running", progressed=long_ago)
    CriteriaProfile.objects.filter(is_default=True).update(min_failed_trials=4)
    assert run_waiting_jobs() == 1  # as Celery beat runs it every five minutes
    lost.refresh_from_db()
    assert lost.status == "failed"
    assert "worker stopped" in lost.error
    again = Reevaluation.objects.exclude(pk=lost.pk).get()
    assert (again.reason, again.status) == ("Started again: an update lost its worker", "done")
    assert FAILED_TRIALS_UNMET in " ".join(stored_texts(intake))


# --- batches, progress, failure ---------------------------------------------------------------


def test_it_runs_in_batches_and_records_progress_after_each(settings, monkeypatch):
    settings.REEVALUATION_BATCH_SIZE = 2
    intakes = [submitted_intake() for _ in range(5)]
    CriteriaProfile.objects.filter(is_default=True).update(min_failed_trials=4)
    seen = []
    real = reevaluation.reevaluate_batch

    def watched(ids, **kwargs):
        seen.append((len(ids), Reevaluation.objects.get().done))
        return real(ids, **kwargs)

    monkeypatch.setattr(reevaluation, "reevaluate_batch", watched)
    request_reevaluation(reason="test")
    run_waiting_jobs()
    assert seen == [(2, 0), (2, 2), (1, 4)]
    job = Reevaluation.objects.get()
    assert (job.status, job.done, job.total) == ("done", 5, 5)
    for intake in intakes:
        assert FAILED_TRIALS_UNMET in " ".join(stored_texts(intake))


def test_a_failure_stops_the_job_with_a_plain_message_and_keeps_earlier_batches(
    settings, monkeypatch
):
    settings.REEVALUATION_BATCH_SIZE = 2
    intakes = [submitted_intake() for _ in range(5)]
    CriteriaProfile.objects.filter(is_default=True).update(min_failed_trials=4)
    real = evaluation.review_snapshot

    def broken_for_the_third(intake, **kwargs):
        if intake.pk == intakes[2].pk:
            raise RuntimeError("rules broke")
        return real(intake, **kwargs)

    monkeypatch.setattr(reevaluation, "review_snapshot", broken_for_the_third)
    request_reevaluation(reason="test")
    with transaction.atomic():
        run_waiting_jobs()
    job = Reevaluation.objects.get()
    assert (job.status, job.done, job.total) == ("failed", 2, 5)
    assert job.error.startswith("A fault (RuntimeError) stopped it after 2 of 5 intakes.")
    assert "rules broke" not in job.error
    updated = [FAILED_TRIALS_UNMET in " ".join(stored_texts(intake)) for intake in intakes]
    assert updated == [True, True, False, False, False]


def test_a_batch_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    def count(ids):
        with CaptureQueriesContext(connection) as queries:
            assert reevaluate_batch(ids) == len(ids)
        return len(queries)

    few = [submitted_intake().pk for _ in range(3)]
    many = [submitted_intake().pk for _ in range(30)]
    assert count(many) == count(few)
    with django_assert_max_num_queries(12):
        reevaluate_batch(many)


def test_a_batch_stores_what_one_intake_at_a_time_stores():
    mapped = submitted_intake(insurance_plan="  acme   GOLD ")
    plain = submitted_intake()
    profile = CriteriaProfile.objects.get(key="fda-label")
    profile.plan_mappings.create(plan_name="ACME Gold")
    for intake in (mapped, plain):
        evaluation.refresh_evaluation(intake=intake)
    one_by_one = [stored_texts(mapped), stored_texts(plain)]
    Intake.objects.update(evaluation=None)
    reevaluate_batch([mapped.pk, plain.pk])
    assert [stored_texts(mapped), stored_texts(plain)] == one_by_one
    assert mapped.evaluation["profile"] == "fda-label"


# --- what staff see ---------------------------------------------------------------------------


def test_the_queue_shows_a_banner_while_a_job_runs(reviewer_client):
    submitted_intake()
    job = request_reevaluation(reason="Medication “sertraline” changed")
    Reevaluation.objects.filter(pk=job.pk).update(status="running", done=1200, total=10000)
    html = reviewer_client.get(QUEUE).content.decode()
    assert "Updating notes: 1,200 of 10,000" in html
    page = reviewer_client.get(reverse("admin:intake_reevaluation_change", args=[job.pk]))
    text = page.content.decode()
    assert "Updating notes: 1,200 of 10,000 intakes" in text
    assert "Medication “sertraline” changed" in text
    assert 'http-equiv="refresh"' in text
    assert 'name="_save"' not in text
    Reevaluation.objects.filter(pk=job.pk).update(status="done", done=10000)
    assert "Updating notes" not in reviewer_client.get(QUEUE).content.decode()


def test_a_failed_job_says_so_on_its_page(reviewer_client):
    submitted_intake()
    job = request_reevaluation(reason="test")
    Reevaluation.objects.filter(pk=job.pk).update(
        status="failed", done=500, total=1000, error="A fault stopped it after 500 of 1,000."
    )
    page = reviewer_client.get(reverse("admin:intake_reevaluation_change", args=[job.pk]))
    assert "The update stopped. A fault stopped it after 500 of 1,000." in page.content.decode()


def test_the_job_pages_are_read_only_and_for_staff_who_see_the_queue(client, reviewer, editor):
    submitted_intake()
    job = request_reevaluation(reason="test")
    change = reverse("admin:intake_reevaluation_change", args=[job.pk])
    listing = reverse("admin:intake_reevaluation_changelist")
    client.force_login(reviewer)
    assert "test" in client.get(listing).content.decode()
    assert client.post(change, {"reason": "x"}).status_code == 403
    assert Reevaluation.objects.get().reason == "test"
    client.force_login(editor)
    assert client.get(change).status_code == 403
    assert client.get(listing).status_code == 403


# --- through a real worker ----------------------------------------------------------------------


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_reevaluation_runs_through_a_real_worker(worker_app):
    from intake.tasks import reevaluate_task
    from portal.tests.test_celery_worker import run_through_worker

    intake = submitted_intake()
    CriteriaProfile.objects.filter(is_default=True).update(min_failed_trials=4)
    job = Reevaluation.objects.create(reason="through the worker")
    run_through_worker(worker_app, reevaluate_task)
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 1)
    assert FAILED_TRIALS_UNMET in " ".join(stored_texts(intake))

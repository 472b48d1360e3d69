"""An upload with more than QA_IMPORT_BACKGROUND_ANSWERS answers is imported by a background
task (education/jobs.py), with a page that shows how far it has got; smaller ones at once."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, connections, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from education import jobs, services
from education.models import Article, ImportJob, Question
from portal.tests import test_celery_worker

from .conftest import SEED
from .test_import_limits import document

IMPORT = "admin:education_article_import"
REFRESH = '<meta http-equiv="refresh"'
# The project's Celery app on Redis, for the worker test (skipped without Redis, unless CI).
redis_broker = test_celery_worker.redis_broker
worker_app = test_celery_worker.worker_app


def upload(client, data, name="qa.txt"):
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, data)})


def job_page(client, job):
    return client.get(reverse("admin:education_importjob_change", args=[job.pk]))


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.QA_IMPORT_BACKGROUND_ANSWERS = 10


def queued_job(text=None, **fields):
    text = text if text is not None else document(questions=3, answers_each=7).decode()
    return ImportJob.objects.create(text=text, file_name="qa.txt", answers_total=21, **fields)


# --- The upload --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_large_upload_becomes_a_job_that_imports_every_answer(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, document(questions=3, answers_each=7))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:education_importjob_change", args=[job.pk])
    assert job.status == ImportJob.Status.DONE
    assert (job.answers_done, job.answers_total) == (21, 21)
    assert job.created_by == admin_user
    assert job.file_name == "qa.txt"
    assert job.started is not None
    assert job.finished is not None
    assert Article.objects.published().count() == 21
    html = job_page(admin_client, job).content.decode()
    assert "Created 21, updated 0, kept 0, unchanged 0" in html
    assert "imported in the background" in html  # the message after the redirect
    assert REFRESH not in html


@pytest.mark.django_db
def test_the_job_is_queued_only_when_the_upload_commits(
    admin_client, django_capture_on_commit_callbacks
):
    with mock.patch("education.tasks.run_import_job_task") as task:
        with django_capture_on_commit_callbacks() as callbacks:
            upload(admin_client, document(questions=3, answers_each=7))
        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.QUEUED
        assert not task.delay.called  # not before the commit
        for callback in callbacks:
            callback()
    task.delay.assert_called_once_with(job_id=job.pk)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_rolled_back_upload_queues_nothing(admin_user, django_capture_on_commit_callbacks):
    def failing_request():
        with transaction.atomic():
            jobs.start_job(text="Q?\nA. b.\n", file_name="qa.txt", user=admin_user, answers_total=1)
            raise RuntimeError("the request failed after the job was made")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        failing_request()
    assert callbacks == []
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_file_at_the_threshold_is_still_imported_at_once(admin_client, settings):
    settings.QA_IMPORT_BACKGROUND_ANSWERS = 10
    response = upload(admin_client, SEED.read_bytes())  # ten answers
    assert response.status_code == 200
    assert "Created 10, updated 0" in response.content.decode()
    assert not ImportJob.objects.exists()


# Hostile files are refused at the upload, in plain words, before any job is made.
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        ("Q?\nA. café au lait\n".encode("latin-1"), "Line 2: this is not UTF-8 text"),
        (document(questions=3, answers_each=7).replace(b"Answer 2-6", b"\x00"), "control"),
        (b"Q?\nA. " + b"x" * 1_000_001, "larger than 1 MB"),
    ],
    ids=["empty", "latin-1", "nul-byte", "over-1-MB"],
)
def test_a_hostile_file_is_refused_and_makes_no_job(admin_client, data, message):
    response = upload(admin_client, data)
    assert response.status_code == 200  # the form again, with the message
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()
    assert Article.objects.count() == 0


# --- Running a job -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_progress_is_counted_after_each_question():
    seen = []
    services.import_qa(
        questions=jobs.parse_text(document(questions=3, answers_each=7).decode()),
        progress=seen.append,
    )
    assert seen == [7, 14, 21]


@pytest.mark.django_db
def test_a_job_that_fails_on_a_database_error_writes_nothing_and_says_why(admin_client):
    job = queued_job()
    real_create, calls = services._create_answer, []

    def fail_on_the_fifteenth(*args):
        calls.append(args)
        if len(calls) == 15:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real_create(*args)

    with mock.patch.object(services, "_create_answer", side_effect=fail_on_the_fifteenth):
        assert jobs.run_job(job.pk) is False
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("The database refused it (IntegrityError). Nothing was imported.")
    assert job.answers_done == 0
    assert job.report == []
    assert Article.objects.count() == 0
    assert Question.objects.count() == 0
    html = job_page(admin_client, job).content.decode()
    assert "The import failed and nothing was imported." in html
    assert "The database refused it (IntegrityError)" in html
    assert "duplicate key" not in html  # the database's own words stay in the log
    assert REFRESH not in html


@pytest.mark.django_db
def test_a_bad_file_found_only_when_the_job_runs_fails_it_in_plain_words(settings):
    job = queued_job()
    settings.QA_IMPORT_MAX_ANSWERS = 20  # lowered after the upload
    assert jobs.run_job(job.pk) is False
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "Line 24: the file holds more than 20 answers" in job.error
    assert job.error.endswith("Nothing was imported.")
    assert Article.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["running", "done", "failed"])
def test_a_job_that_is_not_waiting_is_not_run_again(status):
    job = queued_job(status=status)
    assert jobs.run_job(job.pk) is False
    job.refresh_from_db()
    assert job.status == status
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_job_runs_once_even_if_its_task_comes_twice():
    job = queued_job()
    assert jobs.run_job(job.pk) is True
    assert jobs.run_job(job.pk) is False
    assert Article.objects.count() == 21


@pytest.mark.django_db
def test_a_job_deleted_before_it_runs_is_skipped():
    assert jobs.run_job(123_456) is False


@pytest.mark.django_db(transaction=True)
def test_a_committed_job_runs_to_the_end_with_nothing_waiting_on_a_lock():
    """As under a worker: the job row committed, no outer transaction. On SQLite (one writer
    at a time) nothing else may write while the import is open, and nothing does."""
    job = queued_job()
    assert jobs.run_job(job.pk) is True
    job.refresh_from_db()
    assert (job.status, job.answers_done) == (ImportJob.Status.DONE, 21)
    assert Article.objects.count() == 21


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_progress_is_seen_from_outside_while_the_import_is_still_open():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets no second connection read a table the import is writing")
    job = queued_job()
    observer = connections.create_connection("default")
    seen = []
    real_import = services.import_qa

    def watched_import(*, questions, progress):
        def watch(done):
            progress(done)
            with observer.cursor() as cursor:
                cursor.execute(
                    "SELECT answers_done FROM education_importjob WHERE id = %s", [job.pk]
                )
                (answers_done,) = cursor.fetchone()
                cursor.execute("SELECT COUNT(*) FROM education_article")
                (articles,) = cursor.fetchone()
            seen.append((answers_done, articles))

        return real_import(questions=questions, progress=watch)

    try:
        with mock.patch.object(services, "import_qa", side_effect=watched_import):
            assert jobs.run_job(job.pk) is True
    finally:
        observer.close()
    assert seen == [(7, 0), (14, 0), (21, 0)]  # counted, while the articles wait for the commit
    assert Article.objects.count() == 21


# --- The job's page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_running_job_shows_its_progress_and_reloads_itself(admin_client):
    job = queued_job(status=ImportJob.Status.RUNNING, answers_done=7)
    html = job_page(admin_client, job).content.decode()
    assert "Importing: 7 of 21 answers." in html
    assert REFRESH in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_a_waiting_job_reloads_itself(admin_client):
    html = job_page(admin_client, queued_job()).content.decode()
    assert "Waiting to start: 21 answers to import." in html
    assert REFRESH in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "says"),
    [("queued", "Is the background worker running"), ("running", "worker may have stopped")],
)
def test_a_job_stuck_for_half_an_hour_says_so(admin_client, status, says):
    job = queued_job(status=status)
    assert says not in job_page(admin_client, job).content.decode()
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(created=an_hour_ago, started=an_hour_ago)
    html = job_page(admin_client, job).content.decode()
    assert says in html
    assert REFRESH in html


@pytest.mark.django_db
def test_the_job_page_shows_the_same_report_as_a_direct_import(admin_client):
    direct = upload(admin_client, SEED.read_bytes()).content.decode()
    job = ImportJob.objects.create(text=SEED.read_text(), answers_total=10)
    jobs.run_job(job.pk)  # every answer now unchanged
    html = job_page(admin_client, job).content.decode()
    assert "Created 10, updated 0, kept 0, unchanged 0" in direct
    assert "Created 0, updated 0, kept 0, unchanged 10" in html
    assert "What the import did" in html


@pytest.mark.django_db
def test_the_jobs_list_shows_each_job_and_its_progress(
    admin_client, admin_user, django_assert_max_num_queries
):
    url = reverse("admin:education_importjob_changelist")
    queued_job(created_by=admin_user)
    admin_client.get(url)  # the session and the clinic's details, read once
    for _ in range(5):
        queued_job(status=ImportJob.Status.RUNNING, answers_done=7, created_by=admin_user)
    with django_assert_max_num_queries(8):  # the same for one job or fifty
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("7 of 21 answers") == 5


@pytest.mark.django_db
def test_jobs_are_read_only_and_started_from_the_upload_only(admin_client):
    html = job_page(admin_client, queued_job()).content.decode()
    assert 'name="_save"' not in html
    for name in ("add", "delete", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:education_importjob_{name}", args=[1] if name != "add" else [])


# --- Who may see jobs --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_sees_the_jobs_of_other_editors(client, editor, admin_user):
    job = queued_job(created_by=admin_user)
    client.force_login(editor)
    assert job_page(client, job).status_code == 200
    assert client.get(reverse("admin:education_importjob_changelist")).status_code == 200
    assert "Q&amp;A imports" in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_an_editor_may_start_a_job(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, document(questions=3, answers_each=7))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.created_by, job.status) == (editor, ImportJob.Status.DONE)


@pytest.mark.django_db
def test_staff_who_may_not_import_see_no_job(client, staff):
    job = queued_job()
    assert job_page(client, job).status_code == 302  # to the admin sign-in
    client.force_login(staff)
    assert job_page(client, job).status_code == 403
    assert client.get(reverse("admin:education_importjob_changelist")).status_code == 403
    assert "Q&amp;A imports" not in client.get(reverse("admin:index")).content.decode()
    staff.user_permissions.add(Permission.objects.get(codename="add_article"))
    assert job_page(client, job).status_code == 403  # adding alone is not importing


# --- Through a real worker ---------------------------------------------------------------------


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_job_runs_through_a_real_worker(worker_app):
    from education.tasks import run_import_job_task

    job = queued_job()
    test_celery_worker.run_through_worker(
        worker_app, run_import_job_task, kwargs={"job_id": job.pk}
    )
    job.refresh_from_db()
    assert (job.status, job.answers_done) == (ImportJob.Status.DONE, 21)
    assert Article.objects.count() == 21

"""Faults on PostgreSQL: the database dropping the app's connections (what a restart does) and
a worker killed in the middle of a submit. Both run the app in a separate process against the
test database, as production would; SQLite has no server to restart nor connections to kill."""

import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from intake.models import Intake, IntakeStep, Status, StatusChange
from intake.questions import ANSWER_STEP_SLUGS
from intake.services.steps import submit_intake

from .factories import IntakeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a PostgreSQL server (connections to terminate, row locks)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]


def _app_env():
    """The environment of an app process that uses this test's database, as in production
    (DEBUG off, persistent connections with health checks), over plain HTTP on loopback."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "faults-test-only-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false",
        "STAFF_2FA_REQUIRED": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "CRITICAL",
    }


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_server():
    """gunicorn, one sync worker (so one persistent database connection), on a free port."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--workers=1",
            f"--bind=127.0.0.1:{port}",
            "--log-level=critical",
        ],
        cwd=ROOT,
        env=_app_env(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 (http://127.0.0.1)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _drop_other_connections():
    """What a database restart does to the app: every connection but ours is cut."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_the_first_request_after_a_restart_succeeds(app_server):
    assert _get(app_server + "/healthz") == (200, "ok\ndatabase: ok\n")
    assert _get(app_server + "/sitemap.xml")[0] == 200  # reads tables too
    assert _drop_other_connections() >= 1  # the app's persistent connection was cut
    # CONN_HEALTH_CHECKS: the worker notices the dead connection and opens a new one.
    assert _get(app_server + "/healthz") == (200, "ok\ndatabase: ok\n")
    assert _get(app_server + "/sitemap.xml")[0] == 200


def _maintenance(sql):
    """Run ``sql`` from a connection to the server's "postgres" database (not the test one)."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    ) as other:
        other.execute(sql)


def test_healthz_answers_503_while_the_database_refuses_connections(app_server):
    """Only this test database stops accepting connections (the shared server keeps running)."""
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()  # the test's own connection, kept open throughout
    _maintenance(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    try:
        _drop_other_connections()
        status, body = _get(app_server + "/healthz")
        assert status == 503
        assert body == "unavailable\ndatabase: down\n"
    finally:
        _maintenance(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert _get(app_server + "/healthz") == (200, "ok\ndatabase: ok\n")


SUBMIT_AND_PAUSE = """
import sys, time
import django
django.setup()
from intake.services import steps
from intake.models import Intake

def pause(**kwargs):
    # Inside submit_intake's transaction: the row is locked, the status moved, the status
    # change written, nothing committed yet.
    print("paused", flush=True)
    time.sleep(120)

steps.refresh_evaluation = pause
steps.submit_intake(intake=Intake.objects.get(pk=int(sys.argv[1])))
print("committed", flush=True)
"""


def _ready_intake(patient):
    intake = IntakeFactory(patient=patient)
    for slug in ANSWER_STEP_SLUGS:
        IntakeStep.objects.create(intake=intake, step=slug, version=1, completed=True)
    intake.signed_name = patient.full_name
    intake.signed_at = timezone.now()
    intake.save()
    return intake


def test_a_worker_killed_in_the_middle_of_a_submit_leaves_the_intake_untouched(patient):
    intake = _ready_intake(patient)
    worker = subprocess.Popen(
        [sys.executable, "-c", SUBMIT_AND_PAUSE, str(intake.pk)],
        cwd=ROOT,
        env=_app_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([worker.stdout], [], [], 60)
        assert ready, "the worker never reached the pause"
        assert worker.stdout.readline().strip() == "paused"
        # The worker holds the intake's row lock.
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
            with pytest.raises(Exception, match="lock"):
                cursor.execute("SELECT 1 FROM intake_intake WHERE id = %s FOR UPDATE", [intake.pk])
        connection.close()  # the failed statement spoilt this session
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL

    intake.refresh_from_db()
    assert intake.status == Status.DRAFT
    assert intake.submitted_at is None
    assert not StatusChange.objects.filter(intake=intake).exists()

    # The lock went with the killed worker: the patient can send it again, once.
    submit_intake(intake=intake)
    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED
    assert StatusChange.objects.filter(intake=intake).count() == 1
    assert Intake.objects.filter(patient=patient).count() == 1

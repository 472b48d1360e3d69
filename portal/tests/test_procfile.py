"""The Procfile's worker and beat lines, run for real: each command line is started as a
process manager (honcho, foreman, a platform) would start it, through the shell with the
project's virtual environment on PATH, against Redis, and must come up and keep running.

Redis: the server of CELERY_TEST_BROKER_URL, database 14, which no other test uses, so this
worker can take no other test's task. Without Redis the test is skipped, or fails with CI=true.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.tests.test_celery_worker import BROKER_URL, require_redis

ROOT = Path(__file__).resolve().parents[2]
PROCFILE = ROOT / "Procfile"
# The same Redis server, its database 14: the Procfile's worker listens on the default queue,
# which the two-host test's worker (database 15) also uses.
PROCFILE_BROKER_URL = re.sub(r"/\d*$", "", BROKER_URL) + "/14"

pytestmark = pytest.mark.celery_worker


def server_and_database():
    """host:port/db of the broker, as Celery prints it (after a masked password, if any)."""
    return PROCFILE_BROKER_URL.rsplit("@", 1)[-1].removeprefix("redis://")


def procfile():
    """{process type: command line} as written in the Procfile."""
    lines = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            lines[name.strip()] = command.strip()
    return lines


def test_the_procfile_names_a_web_a_worker_and_a_beat_process():
    lines = procfile()

    assert sorted(lines) == ["beat", "web", "worker"]
    assert lines["web"].startswith("gunicorn portal.wsgi ")
    assert lines["worker"].startswith("celery -A portal worker")
    assert lines["beat"].startswith("celery -A portal beat")


@pytest.fixture
def redis_for_procfile():
    return require_redis(PROCFILE_BROKER_URL)


def run_until(command, env, wanted, log, seconds=60):
    """Start ``command`` through the shell, its output to the file ``log``; return the output
    once ``wanted`` shows in it with the process still running, else fail with what it
    printed. The process is stopped after."""
    with open(log, "w") as out:
        process = subprocess.Popen(  # noqa: S602 - the Procfile's own line, as a manager runs it
            command,
            shell=True,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            output = Path(log).read_text(errors="replace")
            if wanted.search(output):
                assert process.poll() is None, output
                return output
            if process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"{command!r} did not come up:\n{Path(log).read_text()[-3000:]}")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def procfile_env(redis_for_procfile, tmp_path):
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "CELERY_BROKER_URL": redis_for_procfile,
        "CELERY_BEAT_SCHEDULE_FILE": str(tmp_path / "celerybeat-schedule"),
    }


def test_the_procfile_worker_line_starts_a_worker_that_connects_and_takes_the_tasks(
    procfile_env, tmp_path
):
    ready = re.compile(r"celery@\S+ ready\.")
    output = run_until(procfile()["worker"], procfile_env, ready, tmp_path / "worker.log")

    assert re.search(rf"Connected to redis://\S*{re.escape(server_and_database())}\s", output)
    # The mail and urgent-alert tasks are registered, so queued ones are run.
    assert "intake.tasks.escalate_urgent_alerts_task" in output
    assert "portal.tasks.send_mail_task" in output


def test_the_procfile_beat_line_starts_the_schedule_on_the_broker(procfile_env, tmp_path):
    starting = re.compile(r"beat: Starting\.\.\.")
    output = run_until(procfile()["beat"], procfile_env, starting, tmp_path / "beat.log")

    assert re.search(rf"redis://\S*{re.escape(server_and_database())}\s", output)
    assert str(tmp_path) in output  # its schedule file where it was told, not in the checkout

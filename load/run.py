"""make load: sign up LOAD_USERS (50) patients and walk them concurrently through the whole
intake against gunicorn and PostgreSQL on this machine, then check in the database that every
submission is there and complete. Prints errors, lost submissions and p95 latency; exits 1 if
either count is above 0. Bounded: users, spawn rate and run time are fixed; it stops itself.

    DATABASE_URL   default postgres://postgres@127.0.0.1:5432/portal_load (created, migrated)
    LOAD_USERS=50 LOAD_SPAWN_RATE=10 LOAD_RUN_TIME=180 LOAD_WORKERS=3
"""

import csv
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_load")
USERS = int(os.environ.get("LOAD_USERS", "50"))
SPAWN_RATE = os.environ.get("LOAD_SPAWN_RATE", "10")
RUN_TIME = int(os.environ.get("LOAD_RUN_TIME", "180"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))
SAFETY_KEYS = (
    "seizure,fainting,head_injury,hearing_problem,cochlear_implant,metal_in_head,"
    "implanted_stimulator,pacemaker,medication_pump,pregnancy,seizure_threshold_meds,"
    "brain_condition,prior_tms_problem,prior_mri_problem"
)
STEPS = (
    "about-you",
    "depression",
    "phq9",
    "antidepressants",
    "other-treatments",
    "safety",
    "consent",
)


def _connect(dbname=None):
    url = urlparse(DATABASE_URL)
    return psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname=dbname or url.path.lstrip("/"),
        autocommit=True,
    )


def ensure_database():
    name = urlparse(DATABASE_URL).path.lstrip("/")
    with _connect("postgres") as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(static_root, mail_dir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway, for this run only
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STAFF_2FA_REQUIRED": "false",
        # Every simulated patient signs up from 127.0.0.1: one client, far past its email limit.
        "ACCOUNT_EMAIL_LIMIT_PER_CLIENT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "LOG_LEVEL": "WARNING",
    }


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (http://127.0.0.1)
            return
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def check_database(run_id):
    """Submissions of this run that are there and complete, by email."""
    complete = 0
    problems = []
    with _connect() as conn:
        rows = conn.execute(
            """
            SELECT u.email, i.id, i.status, i.submitted_at IS NOT NULL, i.signed_at IS NOT NULL,
                   (SELECT count(*) FROM intake_trial t WHERE t.intake_id = i.id),
                   (SELECT count(*) FROM intake_safetyanswer s WHERE s.intake_id = i.id
                        AND s.answer <> ''),
                   (SELECT count(*) FROM intake_intakestep s WHERE s.intake_id = i.id
                        AND s.completed),
                   (SELECT count(*) FROM intake_statuschange c WHERE c.intake_id = i.id
                        AND c.to_status = 'submitted'),
                   i.phq9_1 IS NOT NULL AND i.phq9_9 IS NOT NULL AND i.diagnosis <> ''
            FROM portal_user u LEFT JOIN intake_intake i ON i.patient_id = u.id
            WHERE u.email LIKE %s
            """,
            [f"load-{run_id}-%@example.com"],
        ).fetchall()
    found = {}
    for email, *values in rows:
        found[email] = values
    for n in range(USERS):
        email = f"load-{run_id}-{n}@example.com"
        values = found.get(email)
        wanted = [
            "submitted",
            True,
            True,
            3,
            len(SAFETY_KEYS.split(",")),
            len(STEPS),
            1,
            True,
        ]
        if values and values[0] is not None and values[1:] == wanted:
            complete += 1
        else:
            problems.append((email, values))
    return complete, problems


def main():
    run_id = secrets.token_hex(4)
    ensure_database()
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    static_root, mail_dir = work / "static", work / "mail"
    mail_dir.mkdir()
    env = app_env(static_root, mail_dir)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "load_clinic_setup"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=60",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(host + "/healthz", server)
        csv_prefix = work / "locust"
        locust = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "load" / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                SPAWN_RATE,
                "--run-time",
                f"{RUN_TIME}s",
                "--stop-timeout",
                "10",
                "--host",
                host,
                "--csv",
                str(csv_prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "LOAD_RUN_ID": run_id,
                "LOAD_MAIL_DIR": str(mail_dir),
                "LOAD_USERS": str(USERS),
                "LOAD_SAFETY_KEYS": SAFETY_KEYS,
            },
            timeout=RUN_TIME + 60,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        total = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    if locust.returncode == 1 and not errors:
        # locust exits 1 on any failure; its CSV may have been written just before the last one.
        errors = 1
    requests = int(total["Request Count"])
    p95 = total["95%"]
    complete, problems = check_database(run_id)
    lost = USERS - complete
    print()
    print(f"Patients: {USERS}, gunicorn workers: {WORKERS}, requests: {requests}")
    print(f"Errors: {errors}")
    print(f"Lost submissions: {lost} ({complete} of {USERS} there and complete)")
    slowest = float(total["Max Response Time"])
    print(f"p95 latency: {p95} ms (median {total['50%']} ms, max {slowest:.0f} ms)")
    for email, values in problems[:10]:
        print(f"  incomplete: {email}: {values}")
    if locust.returncode not in (0, 1):
        print(f"locust exited with {locust.returncode}")
        return 1
    return 1 if errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())

"""make load: LOAD_USERS (200) new patients arrive over LOAD_ARRIVAL_S (60) seconds; each signs
up and walks through the whole intake against gunicorn and PostgreSQL on this machine, pausing
LOAD_THINK (1 to 4) seconds on each page, and presses Send. Then it checks in the database that
every patient who pressed Send has a sent intake holding exactly their answers. Prints errors,
patients who did not get to Send, lost submissions and latency; exits 1 if any is above 0.
Bounded: it stops when every patient is done, or after LOAD_RUN_TIME seconds at most.

    DATABASE_URL   default postgres://postgres@127.0.0.1:5432/portal_load (created, migrated)
    LOAD_USERS=200 LOAD_ARRIVAL_S=60 LOAD_THINK=1-4 LOAD_RUN_TIME=900 LOAD_WORKERS=3
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

from load.answers import expected_intake

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_load")
USERS = int(os.environ.get("LOAD_USERS", "200"))
ARRIVAL_S = float(os.environ.get("LOAD_ARRIVAL_S", "60"))
THINK = os.environ.get("LOAD_THINK", "1-4")
RUN_TIME = int(os.environ.get("LOAD_RUN_TIME", "900"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))


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


def stored_intakes(run_id):
    """What the database holds for this run's patients, by email: None for a patient with no
    intake, else the same keys as ``expected_intake``."""
    pattern = [f"load-{run_id}-%@example.com"]
    with _connect() as conn:
        rows = conn.execute(
            f"""
            SELECT u.email, i.id, i.status, i.legal_name, i.signed_name, i.phone, i.diagnosis,
                   i.insurance_plan, {", ".join(f"i.phq9_{n}" for n in range(1, 10))},
                   i.submitted_at IS NOT NULL AND i.signed_at IS NOT NULL,
                   (SELECT count(*) FROM intake_intakestep s WHERE s.intake_id = i.id
                        AND s.completed),
                   (SELECT count(*) FROM intake_statuschange c WHERE c.intake_id = i.id
                        AND c.to_status = 'submitted')
            FROM portal_user u LEFT JOIN intake_intake i ON i.patient_id = u.id
            WHERE u.email LIKE %s
            """,  # noqa: S608 (column names made here)
            pattern,
        ).fetchall()
        trials = conn.execute(
            """
            SELECT t.intake_id, t.medication, t.daily_dose_mg, t.weeks FROM intake_trial t
            JOIN intake_intake i ON i.id = t.intake_id JOIN portal_user u ON u.id = i.patient_id
            WHERE u.email LIKE %s ORDER BY t.intake_id, t.position
            """,
            pattern,
        ).fetchall()
        safety = conn.execute(
            """
            SELECT s.intake_id, s.key, s.answer FROM intake_safetyanswer s
            JOIN intake_intake i ON i.id = s.intake_id JOIN portal_user u ON u.id = i.patient_id
            WHERE u.email LIKE %s
            """,
            pattern,
        ).fetchall()
    trials_by, safety_by = {}, {}
    for intake_id, *trial in trials:
        trials_by.setdefault(intake_id, []).append(tuple(trial))
    for intake_id, key, answer in safety:
        safety_by.setdefault(intake_id, {})[key] = answer
    found = {}
    for email, intake_id, status, legal, signed, phone, diagnosis, plan, *rest in rows:
        if intake_id is None:
            found[email] = None
            continue
        if email in found:  # a second intake for one patient is itself a fault
            found[email] = {"error": "more than one intake"}
            continue
        phq9, (submitted_and_signed, steps, changes) = rest[:9], rest[9:]
        found[email] = {
            "status": status,
            "legal_name": legal,
            "signed_name": signed,
            "phone": phone,
            "diagnosis": diagnosis,
            "insurance_plan": plan,
            "phq9": list(phq9),
            "trials": trials_by.get(intake_id, []),
            "safety": safety_by.get(intake_id, {}),
            "steps_completed": steps,
            "sent_changes": changes,
            "submitted_and_signed": submitted_and_signed,
        }
    return found


def lost_submissions(sent_emails, stored):
    """The patients who pressed Send (and were answered with the redirect) whose intake is not
    there, not sent, or differs from what they answered: (email, what differs)."""
    lost = []
    for email in sent_emails:
        number = email.removeprefix("load-").split("-")[1].split("@")[0]
        wanted = expected_intake(f"Load Patient {number}")
        got = stored.get(email)
        if got is None:
            lost.append((email, "no intake"))
            continue
        wrong = sorted(key for key in wanted if got.get(key) != wanted[key])
        if wrong:
            lost.append((email, {key: got.get(key) for key in wrong}))
    return lost


def main():
    run_id = secrets.token_hex(4)
    ensure_database()
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    static_root, mail_dir = work / "static", work / "mail"
    mail_dir.mkdir()
    sent_file = work / "sent.txt"
    sent_file.touch()
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
        started = time.monotonic()
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
                f"{USERS / ARRIVAL_S:.3f}",
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
                "LOAD_THINK": THINK,
                "LOAD_SENT_FILE": str(sent_file),
            },
            timeout=RUN_TIME + 60,
            check=False,
        )
        walked = time.monotonic() - started
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
    sent = sorted(set(sent_file.read_text().split()))
    lost = lost_submissions(sent, stored_intakes(run_id))
    unsent = USERS - len(sent)
    print()
    print(
        f"Patients: {USERS} arriving over {ARRIVAL_S:g} s, think time {THINK} s a page, "
        f"gunicorn workers: {WORKERS}, requests: {requests}, walk took {walked:.0f} s"
    )
    print(f"Errors: {errors}")
    print(f"Did not get to Send: {unsent}")
    print(
        f"Lost submissions: {len(lost)} ({len(sent) - len(lost)} of {len(sent)} who pressed Send "
        "have a sent intake with exactly their answers)"
    )
    slowest = float(total["Max Response Time"])
    print(f"p95 latency: {p95} ms (median {total['50%']} ms, max {slowest:.0f} ms)")
    print(f"Load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for email, difference in lost[:10]:
        print(f"  lost: {email}: {difference}")
    if locust.returncode not in (0, 1):
        print(f"locust exited with {locust.returncode}")
        return 1
    return 1 if errors or unsent or lost else 0


if __name__ == "__main__":
    sys.exit(main())

"""The production shape with two app hosts (docs/operations.md, "Several hosts"): two gunicorn
processes on different ports share one PostgreSQL database and one Redis (the cache, so the
sessions and the reading pages' cache, and the Celery broker), with one Celery worker, all with
production settings (DEBUG off, Argon2, cached_db sessions) over plain HTTP on loopback.

- a patient who signs in on host A goes on, signed in, on host B with the same cookie;
- an editor's publish through host A's admin shows on both hosts at once (the reading pages'
  freshness stamp is kept for 600 s here, so only the shared cache can explain it);
- an urgent answer saved through host A is mailed once, by the worker, never by a host;
- a host killed (SIGKILL) in the middle of a save loses nothing already committed, and its
  half-done save leaves nothing behind.

Needs PostgreSQL: on SQLite the test is skipped, since two hosts (separate processes writing at
once, row locks held across them) need a database server. Needs Redis at
CELERY_TEST_BROKER_URL's server (.ci/run starts one); without it the test is skipped, or fails
with CI=true. `make test` runs it on its PostgreSQL pass (.ci/run).
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection, transaction

from education.models import Article
from education.tests.factories import ArticleFactory
from intake.models import AlertDelivery, IntakeStep, SafetyAnswer
from intake.tests.factories import step_data
from portal.tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("CELERY_TEST_BROKER_URL") or "redis://127.0.0.1:6379/15"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
ONCALL = "oncall@clinic.example"

pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two app hosts need a PostgreSQL server (SQLite is one file for one machine)",
    ),
]


def _redis():
    import redis

    return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)


def _require_redis():
    import redis

    try:
        _redis().ping()
    except (redis.RedisError, OSError):
        reason = f"Redis does not answer at {REDIS_URL} (start redis-server)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Deployment:
    """The processes of one deployment: hosts (gunicorn) and a worker, on the test database."""

    def __init__(self, folder):
        db = connection.settings_dict
        self.name = f"two-hosts-{uuid.uuid4().hex[:12]}"
        self.host_mail = folder / "host-mail"
        self.worker_mail = folder / "worker-mail"
        self.host_mail.mkdir()
        self.worker_mail.mkdir()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.tests.two_hosts_settings",
            "TWO_HOSTS_NAME": self.name,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}",
            "CACHE_URL": REDIS_URL,
            "CELERY_BROKER_URL": REDIS_URL,
            "DEBUG": "false",
            "SECRET_KEY": "two-hosts-test-only-" + "y" * 40,  # one key for every host
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STAFF_2FA_REQUIRED": "false",
            "PAGE_CACHE_STAMP_SECONDS": "600",
            "URGENT_ALERT_EMAILS": ONCALL,
            "EMAIL_URL": f"filemail://{self.host_mail}",
            "LOG_LEVEL": "ERROR",
        }
        self.processes = []
        self.log = (folder / "errors.log").open("ab")

    def _start(self, command, **env):
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **env},
            start_new_session=True,  # its own process group, to kill master and workers
            stdout=subprocess.DEVNULL,
            stderr=self.log,  # the errors of every process, for a failing run
        )
        self.processes.append(process)
        return process

    def start_host(self):
        port = _free_port()
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers=1"]
        process = self._start([*command, f"--bind=127.0.0.1:{port}", "--log-level=critical"])
        return f"http://127.0.0.1:{port}", process

    def start_worker(self):
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo"]
        command += ["-Q", self.name, "--without-gossip", "--without-mingle", "-l", "critical"]
        # The worker writes mail to a folder of its own: a mail there was sent by the worker.
        return self._start(command, EMAIL_URL=f"filemail://{self.worker_mail}")

    @staticmethod
    def wait_healthy(base, process):
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{base} stopped while starting")
            try:
                answer = requests.get(base + "/healthz", timeout=2)
                if answer.status_code == 200:
                    return answer.text
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{base} did not answer in time")

    def forget_shared_cache(self):
        """This run's keys in Redis (sessions, pages), when it ends."""
        client = _redis()
        keys = list(client.scan_iter(match=f"{self.name}:*", count=500))
        if keys:
            client.delete(*keys)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.forget_shared_cache()
        _redis().delete(self.name)  # the worker's queue
        self.log.close()


@pytest.fixture
def hosts(tmp_path):
    """Host A, host B and one worker."""
    _require_redis()
    deployment = Deployment(tmp_path)
    try:
        deployment.a, host_a = deployment.start_host()
        deployment.b, host_b = deployment.start_host()
        deployment.worker = deployment.start_worker()
        for base, process in ((deployment.a, host_a), (deployment.b, host_b)):
            health = deployment.wait_healthy(base, process)
            assert health.splitlines() == ["ok", "database: ok", "cache: ok", "broker: ok"]
        yield deployment
    finally:
        deployment.stop()


# --- a browser, as requests sees it ------------------------------------------------------------


def _argon2(password):
    """The hosts hash with Argon2 (the tests' own settings use a fast hasher they lack)."""
    hasher = Argon2PasswordHasher()
    return hasher.encode(password, hasher.salt())


def _sign_in(browser, base, user, path="/accounts/login/"):
    user.password = _argon2(PASSWORD)
    user.save(update_fields=["password"])
    page = browser.get(base + path)
    data = {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": _token(page)}
    answer = browser.post(base + path, data, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]


def _token(page):
    assert page.status_code == 200, page.url
    return CSRF.search(page.text).group(1)


def _save_step(browser, base, step, data):
    page = browser.get(f"{base}/intake/{step}/")
    version = VERSION.search(page.text).group(1)
    form = {**data, "version": version, "csrfmiddlewaretoken": _token(page)}
    return browser.post(f"{base}/intake/{step}/", form, allow_redirects=False, timeout=60)


# --- the test --------------------------------------------------------------------------------


def test_two_hosts_share_sessions_pages_and_one_worker_and_a_killed_host_loses_nothing(
    hosts, patient, other_patient, editor
):
    """One test, four parts, on one deployment: the hosts keep caches of their own (Django's
    content types among them) that emptying the tables between tests would leave wrong, and a
    deployment's tables are never emptied under it. Each part has its own patient."""
    _signed_in_on_one_host_goes_on_signed_in_on_the_other(hosts, patient)
    _an_editors_publish_shows_on_both_hosts_at_once(hosts, editor)
    _an_urgent_answer_through_one_host_is_mailed_once_by_the_worker(hosts, other_patient)
    _a_host_killed_mid_save_loses_nothing_committed(
        hosts, UserFactory(email="carol@example.com", full_name="Carol Example")
    )


# --- the parts ---------------------------------------------------------------------------------


def _signed_in_on_one_host_goes_on_signed_in_on_the_other(hosts, patient):
    browser = requests.Session()
    _sign_in(browser, hosts.a, patient)
    # Host B knows the session host A started: the same cookie, the patient's own intake page.
    page = browser.get(hosts.b + "/intake/", allow_redirects=False)
    assert page.status_code == 200
    assert "Sign out" in page.text
    saved = _save_step(browser, hosts.b, "about-you", step_data("about-you", preferred_name="Ali"))
    assert saved.status_code == 302
    # What she saved on B shows on A.
    page = browser.get(hosts.a + "/intake/about-you/")
    assert 'value="Ali"' in page.text
    # Signing out on A signs her out on B too.
    browser.post(hosts.a + "/accounts/logout/", {"csrfmiddlewaretoken": _token(page)})
    answer = browser.get(hosts.b + "/intake/", allow_redirects=False)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/accounts/login/")


def _an_editors_publish_shows_on_both_hosts_at_once(hosts, editor):
    published = ArticleFactory(title="What a first session is like")
    draft = ArticleFactory(
        question=published.question, title="Coming back after a break", status="draft"
    )
    visitor = requests.Session()
    question_url = published.question.get_absolute_url()
    for base in (hosts.a, hosts.b):  # each host reads and caches the pages
        assert "Coming back after a break" not in visitor.get(base + question_url).text
        assert visitor.get(base + draft.get_absolute_url()).status_code == 404

    staff = requests.Session()
    _sign_in(staff, hosts.a, editor, path="/admin/login/")
    changelist = staff.get(hosts.a + "/admin/education/article/")
    published_at_a = staff.post(
        hosts.a + "/admin/education/article/",
        {
            "action": "publish",
            "_selected_action": [draft.pk],
            "index": "0",
            "csrfmiddlewaretoken": _token(changelist),
        },
    )
    assert "Published 1 article(s)." in published_at_a.text
    assert Article.objects.get(pk=draft.pk).status == "published"

    for base in (hosts.b, hosts.a):  # at once: no wait
        assert "Coming back after a break" in visitor.get(base + question_url).text
        assert visitor.get(base + draft.get_absolute_url()).status_code == 200


def _an_urgent_answer_through_one_host_is_mailed_once_by_the_worker(hosts, patient):
    browser = requests.Session()
    _sign_in(browser, hosts.a, patient)
    saved = _save_step(browser, hosts.a, "phq9", step_data("phq9", phq9_9="2"))
    assert saved.status_code == 302
    # The same urgent answer saved again through host B raises nothing new.
    assert _save_step(browser, hosts.b, "phq9", step_data("phq9", phq9_9="2")).status_code == 302

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(hosts.worker_mail.glob("*.log")):
        time.sleep(0.2)
    time.sleep(2)  # room for a second mail, which must not come
    mails = [path.read_text() for path in hosts.worker_mail.glob("*.log")]
    assert len(mails) == 1
    assert f"To: {ONCALL}" in mails[0]
    assert patient.full_name not in mails[0]
    assert patient.email not in mails[0]
    assert not list(hosts.host_mail.glob("*.log"))  # no host sent it itself
    delivery = AlertDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("sent", 1)


def _wait_for_a_lock_wait(seconds=20):
    """True once some other connection to this database waits for a row lock."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.1)
    return False


def _a_host_killed_mid_save_loses_nothing_committed(hosts, patient):
    browser = requests.Session()
    _sign_in(browser, hosts.a, patient)
    assert _save_step(browser, hosts.a, "safety", step_data("safety")).status_code == 302
    assert _save_step(browser, hosts.b, "about-you", step_data("about-you")).status_code == 302
    safety_step = IntakeStep.objects.get(step="safety", intake__patient=patient)
    doomed_base, doomed = hosts.start_host()  # a third host, to kill
    hosts.wait_healthy(doomed_base, doomed)

    changed = step_data("safety", seizure="yes", seizure_details="Once, in 2004.")
    with transaction.atomic():
        # Hold one safety answer: the doomed host's save moves the step's version and writes
        # the intake, then waits here, in the middle of its transaction.
        SafetyAnswer.objects.select_for_update().get(key="pacemaker", intake__patient=patient)
        in_flight = threading.Thread(
            target=lambda: _ignore_errors(_save_step, browser, doomed_base, "safety", changed)
        )
        in_flight.start()
        assert _wait_for_a_lock_wait(), "the doomed host's save never reached the held row"
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
    in_flight.join(timeout=30)

    # Nothing committed is lost, and the killed save left nothing: the step is as it was.
    safety_step_now = IntakeStep.objects.get(pk=safety_step.pk)
    assert (safety_step_now.version, safety_step_now.saved_at) == (
        safety_step.version,
        safety_step.saved_at,
    )
    answers = SafetyAnswer.objects.filter(intake__patient=patient)
    assert set(answers.values_list("answer", flat=True)) == {"no"}
    assert IntakeStep.objects.get(step="about-you", intake__patient=patient).completed
    # Host B still serves her, with the same cookie, and her next save goes through.
    page = browser.get(hosts.b + "/intake/safety/", allow_redirects=False)
    assert page.status_code == 200
    assert "Sign out" in page.text
    assert _save_step(browser, hosts.b, "safety", changed).status_code == 302
    assert answers.get(key="seizure").answer == "yes"


def _ignore_errors(function, *args):
    # The host dies under the request: the point of the test.
    with contextlib.suppress(requests.RequestException):
        function(*args)

"""One mail task through a real Celery worker on Redis (CELERY_TEST_BROKER_URL, which .ci/run
sets). With CI=true a missing Redis fails the test; elsewhere it is skipped."""

import os
import time
import uuid

import pytest
from django.core import mail

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL") or "redis://127.0.0.1:6379/15"


def _redis_answers(url):
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except (redis.RedisError, OSError):
        return False


def run_through_worker(app, task, timeout=30, **options):
    """Send ``task`` to a real worker of ``app`` (in a thread, on a queue of its own) and wait
    until the worker has finished it. The wait reads no database: on SQLite's shared in-memory
    test database, a read while the worker writes fails its write ("table is locked")."""
    import threading

    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    finished = threading.Event()

    def on_finished(sender=None, **kwargs):
        if getattr(sender, "name", None) == task.name:
            finished.set()

    task_postrun.connect(on_finished, weak=False)
    queue = f"portal-test-{uuid.uuid4().hex}"  # no other run's worker takes this task
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
        ):
            task.apply_async(queue=queue, **options)
            finished.wait(timeout)
    finally:
        task_postrun.disconnect(on_finished)


def require_redis(url):
    """``url`` when Redis answers there; else fail under CI (where it must run) or skip."""
    if not _redis_answers(url):
        reason = f"Redis does not answer at {url} (start redis-server)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture
def redis_broker():
    return require_redis(BROKER_URL)


@pytest.fixture
def worker_app(redis_broker):
    """The project's Celery app pointed at Redis, not eager, for this test only."""
    from portal.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=redis_broker, task_always_eager=False)
    app._pool = None  # connections are made again from the new broker URL
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        from kombu import pools

        # kombu keeps its pools in a registry of its own, by broker URL: closed, they must
        # also leave it, or the next test on the same URL is handed a closed pool.
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None
        app.conf.update(saved)


@pytest.mark.celery_worker
def test_a_mail_task_runs_through_a_real_worker(worker_app, settings):
    from celery.contrib.testing.worker import start_worker

    from portal.tasks import send_mail_task

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    queue = f"portal-test-{uuid.uuid4().hex}"  # no other run's worker takes this test's task
    with start_worker(
        worker_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
    ):
        send_mail_task.apply_async(
            kwargs={
                "to": ["oncall@clinic.example"],
                "subject": "Through the worker",
                "body": "Sent by a Celery worker.",
                "kind": "test",
            },
            queue=queue,
        )
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m.subject for m in mail.outbox] == ["Through the worker"]
    assert mail.outbox[0].to == ["oncall@clinic.example"]

"""The production settings plus this run's own names in the shared Redis (test_two_hosts.py):
a cache key prefix and a Celery queue, so that two runs on one Redis server (two checkouts, or
CI beside a developer) never read each other's pages or sessions nor take each other's tasks.
Static files are served from the source folders, as in the other tests, instead of a
collectstatic per host (.ci/run checks collectstatic and the hashed names on its own).
Everything else comes from the environment, as in production."""

import os

from portal.settings import *  # noqa: F403
from portal.settings import CACHES, STORAGES

CACHES["default"]["KEY_PREFIX"] = os.environ["TWO_HOSTS_NAME"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["TWO_HOSTS_NAME"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

"""The Celery application: mail and urgent alerts run here (docs/urgent-path.md).

With ``CELERY_BROKER_URL`` set (Redis in production), a worker runs the tasks and beat runs the
schedule:

    celery -A portal worker --loglevel=info
    celery -A portal beat --loglevel=info

With no broker set, tasks run in the web process when the transaction commits, so ``make run``
and the tests need nothing more.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""gunicorn's settings, read when gunicorn starts in this folder (`gunicorn portal.wsgi`).
Command-line flags and GUNICORN_CMD_ARGS still override them."""

# gunicorn's sync worker, its requests kept off a slow path of CPython 3.11's frame stack
# (portal/gunicorn_worker.py).
worker_class = "portal.gunicorn_worker.SyncWorker"

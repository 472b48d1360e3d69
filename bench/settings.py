"""The portal's own settings, plus a no-op view routed for the benchmark's floor (bench/urls.py).
Only `make bench` uses this module; production never routes /bench/noop."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

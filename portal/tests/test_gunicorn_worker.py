"""portal/gunicorn_worker.py: gunicorn's worker runs its requests inside a roomy block of
CPython 3.11's frame stack, so that a loop at a block's edge does not map and unmap memory on
every call; and `gunicorn portal.wsgi`, as the Procfile runs it, uses that worker.

Mapping a new block shows as a new page of memory touched (a minor page fault), so the tests
count the process's page faults (getrusage) while a loop calls a small function from every depth
of the stack in turn, across more than one 16 KB block."""

import os
import re
import resource
import sys
from pathlib import Path

import pytest

from portal import gunicorn_worker
from portal.gunicorn_worker import SyncWorker, with_room

from .test_procfile import procfile, run_until

CALLS = 100  # calls of the small function from each depth
DEPTHS = range(250)  # some 26 KB of frames: more than one 16 KB block

needs_room = pytest.mark.skipif(
    not gunicorn_worker.NEEDS_ROOM, reason="only CPython 3.11 maps its frame stack this way"
)


def _small():
    return None


# Forty unused local slots: a frame larger than one step of _descend (about 26 words), so that
# at some depth it does not fit in what is left of a block, whichever depth the test starts at.
_small.__code__ = _small.__code__.replace(
    co_varnames=tuple(f"_slot{n}" for n in range(40)), co_nlocals=40
)


def _descend(depth):
    if depth:
        return _descend(depth - 1)
    for _ in range(CALLS):
        _small()
    return None


def _page_faults(call):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    call()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def _worst_depth():
    """The most new pages of memory the calls from any one depth touched."""
    _descend(len(DEPTHS))  # the Python objects the loop needs exist before counting
    return max(_page_faults(lambda depth=depth: _descend(depth)) for depth in DEPTHS)


@needs_room
def test_without_room_some_depth_maps_a_block_on_every_call():
    # What the worker avoids: this interpreter maps a block for each of the calls at one depth.
    assert _worst_depth() >= CALLS


@needs_room
def test_inside_the_room_no_depth_maps_a_block_call_after_call():
    assert with_room(_worst_depth) < 20


@needs_room
def test_the_workers_request_loop_runs_inside_the_room(monkeypatch):
    seen = []
    monkeypatch.setattr(
        gunicorn_worker.GunicornSyncWorker, "run", lambda worker: seen.append(_worst_depth())
    )

    SyncWorker.__new__(SyncWorker).run()  # what gunicorn calls once a worker has started

    assert len(seen) == 1
    assert seen[0] < 20


def test_the_procfile_web_line_starts_gunicorn_with_the_portal_worker(tmp_path):
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PORT": "0",  # any free port: the test reads gunicorn's log, not its pages
        "WEB_CONCURRENCY": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "gunicorn-worker-test-only-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    env.pop("GUNICORN_CMD_ARGS", None)
    booted = re.compile(r"Booting worker with pid: \d+")

    output = run_until(procfile()["web"], env, booted, tmp_path / "web.log")

    # The worker serving requests is the portal's (the two-host and fault tests send it some).
    assert re.search(r"Using worker: portal\.gunicorn_worker\.SyncWorker\b", output), output

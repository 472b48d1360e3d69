"""gunicorn's sync worker, serving every request from one roomy block of CPython's frame stack.

Why: CPython 3.11 keeps the frames of running Python functions in blocks of 16 KB. When a call
does not fit in the current block, it maps a new block from the operating system, and it gives
the block back as soon as that call returns. A loop that calls a small function again and again
right at a block's edge therefore maps and unmaps memory on every call
(https://github.com/python/cpython/issues/142183, fixed in later versions of Python by keeping one
spare block). A signed-in intake page is deep enough to sit on that edge in gunicorn: the fields
of "About you" were drawn right across it, and each request mapped and unmapped a block some 220
times. That was about a quarter of the worker's CPU for the page (docs/performance.md).

How: the worker runs its request loop inside `_serve`, whose frame asks for some 56 KB of unused
local slots. Such a frame never fits in a 16 KB block, so CPython gives it a block of its own of
128 KB, with about 72 KB left after it; that block stays while the worker lives, and every
request runs inside it. A request would have to be four times as deep as an intake page to
reach its edge. The cost is 128 KB of memory a worker.

gunicorn reads ../gunicorn.conf.py, which names this worker, when it starts in the project's
folder (the Procfile's `gunicorn portal.wsgi`). Elsewhere it runs its own sync worker: the same
pages, at the old speed. On a Python other than CPython 3.11 the worker is gunicorn's own.
"""

import sys

from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker

# Unused local slots of _serve's frame, in words of 8 bytes. Over 7,192 words, CPython gives the
# frame a block of 128 KB (16 KB doubled until the frame and 1,000 words fit); 7,200 leave about
# 9,180 words (72 KB) of that block for the frames of the request loop and the requests.
ROOM_WORDS = 7_200
NEEDS_ROOM = sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 11)


def _serve(run):
    return run()


if NEEDS_ROOM:
    _code = _serve.__code__
    _serve.__code__ = _code.replace(
        co_varnames=_code.co_varnames + tuple(f"_room{n}" for n in range(ROOM_WORDS)),
        co_nlocals=_code.co_nlocals + ROOM_WORDS,
    )


def with_room(run):
    """Call ``run()`` from a frame that holds a 128 KB block of the frame stack (CPython 3.11)."""
    return _serve(run)


class SyncWorker(GunicornSyncWorker):
    """gunicorn's sync worker, its request loop run inside `with_room`."""

    def run(self):
        return with_room(super().run)

"""CPU time and queries of the intake steps, in-process (no gunicorn, no wrk): a measurement
that stays meaningful on a machine other sessions share, where wrk's figures would not.

Sets up the benchmark's environment (bench/run.py: production settings, PostgreSQL) on its own
database, seeds it as `make bench` does (once; --reseed to refill it), signs in two patients
with Django's test client (one reading in English, one in Spanish; each with "About you" saved
and three antidepressants listed), then for each step GETs it N times and reports the
`time.process_time()` per request (median and mean, in ms) and the queries per request. A POST
of "About you" (save and continue) is measured too.

    .venv/bin/python -m bench.profile_step [--requests 100] [--reseed]
        [--profile about-you|antidepressants|post-about-you|...] [--sort cumulative|tottime]
        [--html DIR]

--profile prints a cProfile top list of that page's requests (sorted by --sort, both when
omitted). --html writes each step's page, signed in, in English and Spanish, to DIR as served
the second time (from the caches), with the per-request CSRF token and the medicine rows' ids
replaced by fixed words: run it before and after a change and `diff -r` the two folders to
prove the patient's pages did not change.

Everything runs inside portal.gunicorn_worker.with_room, as gunicorn's worker runs its requests:
on CPython 3.11 a page's CPU time otherwise depends on how deep in the stack it is drawn.

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/bench_step17.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from bench.run import ROOT, create_database_if_missing, prepare_environment, seed
from portal.gunicorn_worker import with_room

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_step17"
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
ROW_ID = re.compile(r'(name="trials-\d+-id" value=")\d+(")')  # the patients are made afresh


def setup(database_url, *, reseed):
    create_database_if_missing(database_url)
    prepare_environment(database_url)
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the test client's host
    static_root = Path(tempfile.gettempdir()) / f"profile-step-static-{Path(database_url).name}"
    os.environ["STATIC_ROOT"] = str(static_root)
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if reseed or not get_user_model().objects.filter(email__endswith="@bench.example").exists():
        seed()


def patient(email, language):
    """A patient with "About you" saved and three antidepressants listed (a draft intake)."""
    from django.contrib.auth import get_user_model

    from intake.models import Intake
    from intake.services.steps import save_step

    User = get_user_model()
    User.objects.filter(email=email).delete()
    user = User.objects.create_user(
        email=email, password=None, full_name="Profile Patient", language=language
    )
    save_step(
        patient=user,
        step="about-you",
        answers={"legal_name": "Profile Patient", "phone": "555-123-4567"},
        expected_version=0,
        completed=False,
    )
    trial = {
        "daily_dose_mg": 150,
        "weeks": 8,
        "current_episode": "yes",
        "augmentation": "no",
        "outcome": "no_change",
    }
    medicines = ("sertraline", "Wellbutrin XL", "escitalopram")
    save_step(
        patient=user,
        step="antidepressants",
        answers={"no_antidepressants": False},
        trials=[{"id": None, "medication": name, **trial} for name in medicines],
        expected_version=0,
        completed=False,
    )
    assert Intake.objects.filter(patient=user).count() == 1
    return user


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


class _FormValues(HTMLParser):
    """The values a browser would post for the page's step form, as the page shows them."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._textarea, self._select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "step-form":
            self._in_form = True
        if not self._in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.data.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = [""]
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def post_data(html):
    parser = _FormValues()
    parser.feed(html)
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


def measure(call, n):
    """process_time per call (ms) and the queries of the last call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm up (templates compiled, translations loaded)
    times = []
    for _ in range(n):
        started = time.process_time()
        call()
        times.append((time.process_time() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    return times, [q["sql"] for q in queries.captured_queries]


def pages(client, user):
    """name -> a call that makes one request (and checks its answer)."""
    from intake.models import IntakeStep
    from intake.questions import STEP_SLUGS

    def get(slug):
        def call():
            response = client.get(f"/intake/{slug}/")
            assert response.status_code == 200, (slug, response.status_code)

        return call

    calls = {slug: get(slug) for slug in STEP_SLUGS}
    form = post_data(client.get("/intake/about-you/").content.decode())
    form.update(
        date_of_birth_0="3",
        date_of_birth_1="27",
        date_of_birth_2="1980",
        contact_method=form.get("contact_method") or "phone",
        contact_time=form.get("contact_time") or "morning",
    )

    def post_about_you():
        row = IntakeStep.objects.get(intake__patient=user, step="about-you")
        response = client.post(
            "/intake/about-you/", {**form, "version": row.version, "action": "continue"}
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    calls["post-about-you"] = post_about_you
    return calls


def write_html(directory, clients):
    from intake.questions import STEP_SLUGS

    directory.mkdir(parents=True, exist_ok=True)
    for language, client in clients.items():
        for slug in STEP_SLUGS:
            client.get(f"/intake/{slug}/")  # the second answer, as served from the caches
            html = client.get(f"/intake/{slug}/").content.decode()
            html = ROW_ID.sub(r"\1ID\2", CSRF.sub(r"\1CSRF\2", html))
            (directory / f"{slug}.{language}.html").write_text(html)
    print(f"Pages written to {directory}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per page")
    parser.add_argument("--reseed", action="store_true", help="refill the tables first")
    parser.add_argument("--profile", help="a page to profile (a step slug or post-about-you)")
    parser.add_argument("--sort", choices=("cumulative", "tottime"), help="profile order")
    parser.add_argument("--top", type=int, default=40, help="profile lines")
    parser.add_argument("--html", type=Path, help="write the pages to this folder and stop")
    args = parser.parse_args(argv)

    setup(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), reseed=args.reseed)
    users = {
        "en": patient("profile-en@profile.example", "en"),
        "es": patient("profile-es@profile.example", "es"),
    }
    clients = {language: signed_in(user) for language, user in users.items()}
    if args.html:
        write_html(args.html, clients)
        return

    calls = pages(clients["en"], users["en"])
    if args.profile:
        call = calls[args.profile]
        call()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            call()
        profiler.disable()
        for order in [args.sort] if args.sort else ["cumulative", "tottime"]:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
            print(out.getvalue())
        return

    print(f"{'page (English)':24} {'CPU ms p50':>10} {'mean':>7} {'queries':>8}")
    for name, call in calls.items():
        times, queries = measure(call, args.requests)
        print(
            f"{name:24} {statistics.median(times):10.2f} {statistics.fmean(times):7.2f} "
            f"{len(queries):8d}"
        )
    es_times, es_queries = measure(pages(clients["es"], users["es"])["antidepressants"], 50)
    print(
        f"{'antidepressants (es)':24} {statistics.median(es_times):10.2f} "
        f"{statistics.fmean(es_times):7.2f} {len(es_queries):8d}"
    )


if __name__ == "__main__":
    with_room(main)

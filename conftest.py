"""Fixtures shared by every app's tests."""

import os
import threading

import pytest

# --- The people every app's tests use (built by portal/tests/factories.py) ---------------------


@pytest.fixture
def patient(db):
    """Alice, a patient who signs in with portal.tests.factories.PASSWORD."""
    from portal.tests.factories import UserFactory

    return UserFactory(email="alice@example.com", full_name="Alice Example", date_of_birth=None)


@pytest.fixture
def other_patient(db):
    """Bob, another patient: never sees Alice's data."""
    from portal.tests.factories import UserFactory

    return UserFactory(email="bob@example.com", full_name="Bob Example", date_of_birth=None)


@pytest.fixture
def editor(db):
    """A member of the Content editors group."""
    from intake.roles import CONTENT_EDITORS
    from portal.tests.factories import staff_user

    return staff_user("eddie@clinic.example", CONTENT_EDITORS, full_name="Eddie Editor")


@pytest.fixture
def reviewer(db):
    """A member of the Clinical reviewers group."""
    from intake.roles import CLINICAL_REVIEWERS
    from portal.tests.factories import staff_user

    return staff_user("rita@clinic.example", CLINICAL_REVIEWERS, full_name="Rita Reviewer")


@pytest.fixture
def superuser(db):
    from portal.tests.factories import staff_user

    return staff_user("sue@clinic.example", superuser=True, full_name="Sue Super")


@pytest.fixture
def staff(db):
    """A staff account in no group: it may sign in to the admin and change nothing."""
    from portal.tests.factories import StaffFactory

    return StaffFactory(email="editor@clinic.example")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


# --- Settings every test runs with -----------------------------------------------------------


@pytest.fixture(autouse=True)
def _serve_static_without_collectstatic(settings):
    """Tests run with DEBUG off, as production does, but without a collectstatic step:
    plain static storage found through the finders, and no HTTPS redirect for the test client."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _private_documents_folder(settings, tmp_path_factory):
    """Patients' documents go to a folder of the test's own (intake/uploads.py)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "intake.uploads.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("documents")},
        },
    }


@pytest.fixture(autouse=True)
def _english_until_a_request_says_otherwise():
    """Each test starts in the default language: a request activates its reader's language for
    the thread (LocaleMiddleware) and nothing resets it, so a Spanish request in one test would
    otherwise leave Spanish active for the next (links, search and wording read get_language())."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests need not be. portal/tests/test_models.py checks that
    the project's own settings hash with Argon2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_url(request, settings):
    """Links in mails start with SITE_URL: the test client's host, or the live server's in a
    browser test, so that a test can follow them."""
    if _is_browser_test(request.node):
        settings.SITE_URL = request.getfixturevalue("live_server").url
    else:
        settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: counts kept there (the limit on account emails,
    portal/ratelimit.py) do not carry over from one test to the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


# --- The clinic's set-up data (intake/setup/), loaded as `make run` and a deployment load it ---


def _load_clinic_setup():
    from io import StringIO

    from django.core.management import call_command

    call_command("load_clinic_setup", stdout=StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the set-up data from the start, loaded once after migrating."""
    with django_db_blocker.unblock():
        _load_clinic_setup()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _clinic_setup_after_flush(request):
    """A transactional test (the browser tests among them) may run on tables the flush after the
    previous one emptied: load the set-up data again (only reads when it is all there)."""
    if _is_transactional(request):
        request.getfixturevalue("transactional_db")
        _load_clinic_setup()


# --- Browser tests (pytest-playwright driving Debian's Chromium) --------------------------------
#
# A test is a browser test when it uses Playwright's `page`, `context`, `new_context` or `browser`
# fixture, or lives in a `tests/browser/` folder: it gets the `browser` marker
# (`make test PYTEST_ARGS="-m browser"` runs only those) and runs after the other tests.
# `page` opens the live test server (`page.goto("/accounts/signup/")`) at desktop size; a test
# that also asks for `screen` runs twice, at phone size (375x667) and desktop size (1280x800).
# `patient_page` is `page` signed in as the `patient` fixture. Use the `mailoutbox` fixture to
# read the emails the live server sends. Browser tests go in `<app>/tests/browser/`.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENS = {
    "phone": {"width": 375, "height": 667},
    "desktop": {"width": 1280, "height": 800},
}
_PLAYWRIGHT_FIXTURES = {"page", "patient_page", "context", "new_context", "browser"}


def _is_browser_test(item):
    folder = item.path.parent
    in_browser_folder = folder.name == "browser" and folder.parent.name == "tests"
    return in_browser_folder or bool(_PLAYWRIGHT_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_browser_test(item):
            item.add_marker("browser")
    # Last: they are the slowest, and Playwright's event loop stays open once started
    # (the ORM would refuse to run in the tests after them).
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("browser"):
        # Playwright's sync API runs an event loop in the test's thread, and the test (and the
        # database flush after it) uses the ORM from that thread. Only for browser tests; unset
        # again after their teardown (see pytest_runtest_teardown).
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return (yield)


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if item.get_closest_marker("browser"):
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            # The flush after a transactional test empties django_content_type without
            # recreating it, but ContentType's in-process cache keeps the old rows: the next
            # test would write audit entries pointing at a content type that is gone.
            from django.contrib.contenttypes.models import ContentType

            ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig):
    """Launch Debian's Chromium; missing, it skips the browser tests, or fails them under CI."""
    if not os.access(CHROMIUM, os.X_OK):
        message = (
            f"The browser tests need Chromium at {CHROMIUM}, which is missing. "
            "Install it with: apt-get install chromium"
        )
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    headed = pytestconfig.getoption("--headed")
    args = [a for a in CHROMIUM_ARGS if not (headed and a == "--headless")]
    return {"executable_path": CHROMIUM, "args": args, "headless": not headed}


@pytest.fixture(params=list(SCREENS))
def screen(request):
    """The viewport of a browser test that asks for it: phone (375x667), then desktop."""
    return SCREENS[request.param]


@pytest.fixture(scope="session")
def _live_server_over_plain_http():
    """The live server speaks plain HTTP, and its middleware reads the settings once, when it
    starts: no HTTPS redirect or HSTS, no Secure-only cookies, static files from the finders."""
    from django.test import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=True,
    ):
        yield


class OneRequestAtATime:
    """A WSGI app that lets one request at a time through, body and all.

    On SQLite the test database lives in memory, so the live server's threads share the test's
    one connection, and with it Django's record of the open transaction (ATOMIC_REQUESTS). Two
    requests at once, say a page and the favicon the browser asks for after it, could each
    commit the other's transaction: "cannot commit - no transaction is active", a 500 now and
    then. PostgreSQL gives each thread its own connection, and needs no lock."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup, _live_server_over_plain_http, live_server):
    """The live test server, started after the test database exists (so that on SQLite it
    shares the test's in-memory connection, whichever test asks for it first)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        httpd = live_server.thread.httpd
        httpd.set_app(OneRequestAtATime(httpd.get_app()))
    return live_server


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages open the live test server: `page.goto("/accounts/signup/")`."""
    return live_server.url


@pytest.fixture
def browser_context_args(browser_context_args, request):
    """Desktop size, or the test's `screen` when it asks for one."""
    viewport = request.getfixturevalue("screen") if "screen" in request.fixturenames else None
    return {**browser_context_args, "viewport": viewport or SCREENS["desktop"]}


@pytest.fixture
def context(context):
    # Fail in seconds, not Playwright's 30: every page here answers locally, at once on a quiet
    # machine and within a few seconds on a CI machine busy with other work.
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def patient_page(page, patient, live_server):
    """`page`, already signed in as the `patient` fixture (through a session cookie, not the
    sign-in form)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(patient)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


@pytest.fixture(autouse=True)
def _staff_two_factor_off(settings):
    """Tests run with DEBUG off, where staff must use two-step sign-in for the admin; most admin
    tests sign in with `admin_client`/`force_login` and no device, so it is off unless a test
    turns it on (`settings.STAFF_2FA_REQUIRED = True`, as portal/tests/test_two_factor.py does)."""
    settings.STAFF_2FA_REQUIRED = False


@pytest.fixture
def page(page):
    """Playwright's `page`, which remembers the last requests it made and how each ended: when a
    browser test fails, its report shows where the browser was and what it last asked for
    (pytest_runtest_makereport below), so that a failure seen only in CI can be read."""
    journal = []

    def note(request, text):
        if request.resource_type in {"document", "fetch", "xhr"}:  # not the static files
            journal.append(text)
            del journal[:-12]

    page.on("request", lambda r: note(r, f"{r.method} {r.url}"))
    page.on("response", lambda r: note(r.request, f"  {r.status} {r.url}"))
    page.on("requestfailed", lambda r: note(r, f"  failed ({r.failure}) {r.url}"))
    page.request_journal = journal
    return page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        try:
            shown = page.evaluate(
                "() => [document.documentElement.lang, document.title,"
                " (document.querySelector('h1') || {}).innerText]"
            )
        except Exception as error:  # the page may be mid-navigation or gone
            shown = [f"(could not read the page: {error})"]
        lines = [f"url: {page.url}", f"lang, title, h1: {shown}", "last requests:"]
        lines += getattr(page, "request_journal", [])
        report.sections.append(("Browser at the failure", "\n".join(lines)))
    return report

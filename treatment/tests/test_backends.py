"""The user loaded for each request says whether they have a TMS course (the header's link), in
the query that loads them (treatment.backends.CourseAwareBackend); the sessions of people signed
in before the portal used that backend keep them signed in (treatment migration 0004)."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.tests.factories import submitted_intake
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "treatment.migrations.0004_sessions_name_the_course_aware_backend"
)


def header(response):
    return re.search(r"<header.*?</header>", response.content.decode(), re.S).group(0)


def test_the_course_link_is_read_with_the_user_not_by_a_query_of_its_own(client, patient):
    course_of(submitted_intake(patient=patient))
    client.force_login(patient)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("education:index"))
    sql = [q["sql"] for q in queries]
    assert "My TMS course" in header(page)
    assert not [s for s in sql if '"treatment_course"' in s and '"portal_user"' not in s]
    assert [s for s in sql if 'FROM "portal_user"' in s and '"treatment_course"' in s]


def _old_session(patient, engine):
    """A session as Django's ModelBackend signed the patient in, before the update."""
    store = importlib.import_module(engine).SessionStore()
    store[SESSION_KEY] = str(patient.pk)
    store[BACKEND_SESSION_KEY] = MIGRATION.OLD
    store[HASH_SESSION_KEY] = patient.get_session_auth_hash()
    store["kept"] = "still here"
    store.create()
    return store


@pytest.mark.parametrize("engine", ["db", "cached_db"])
def test_people_signed_in_before_the_update_stay_signed_in(client, patient, engine, settings):
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    store = _old_session(patient, settings.SESSION_ENGINE)
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    assert "Sign out" not in header(client.get(reverse("education:index")))  # the old name

    store = _old_session(patient, settings.SESSION_ENGINE)
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    MIGRATION.rename(MIGRATION.OLD, MIGRATION.NEW)(apps, SimpleNamespace(connection=connection))
    assert "Sign out" in header(client.get(reverse("education:index")))
    session = importlib.import_module(settings.SESSION_ENGINE).SessionStore(store.session_key)
    assert session[BACKEND_SESSION_KEY] == "treatment.backends.CourseAwareBackend"
    assert session["kept"] == "still here"


def test_a_session_signed_with_another_key_is_left_as_it_is(caplog):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    expires = timezone.now() + timezone.timedelta(days=1)
    Session.objects.create(
        session_key="x" * 32, session_data="not:signed:here", expire_date=expires
    )
    MIGRATION.rename(MIGRATION.OLD, MIGRATION.NEW)(apps, SimpleNamespace(connection=connection))
    assert Session.objects.get(session_key="x" * 32).session_data == "not:signed:here"
    assert "corrupted" not in caplog.text


def test_a_user_loaded_another_way_still_gets_the_right_link(rf, patient):
    from treatment.context_processors import course_link

    request = rf.get("/")
    request.user = patient  # loaded without the backend's annotation
    assert not course_link(request)["has_tms_course"]
    course_of(submitted_intake(patient=patient))
    request.user = type(patient).objects.get(pk=patient.pk)
    assert course_link(request)["has_tms_course"]


def test_the_users_query_built_once_still_reads_each_request_afresh(client, patient):
    from treatment.backends import CourseAwareBackend, users_with_course_flag

    backend = CourseAwareBackend()
    assert backend.get_user(patient.pk).has_tms_course is False
    client.force_login(patient)
    assert "My TMS course" not in header(client.get(reverse("education:index")))

    course_of(submitted_intake(patient=patient))  # the clinic starts a course meanwhile

    assert backend.get_user(patient.pk).has_tms_course is True
    assert "My TMS course" in header(client.get(reverse("education:index")))
    assert users_with_course_flag()._result_cache is None  # it never holds anyone's row

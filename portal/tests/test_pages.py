import os
import re
import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_explains_tms_and_leads_to_learn_and_intake(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "transcranial magnetic stimulation" in html
    assert f'href="{reverse("education:index")}"' in html
    assert f'href="{reverse("intake:home")}"' in html


def test_base_layout_has_landmarks_skip_link_and_crisis_help(client):
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert 'aria-label="Main"' in html
    assert "988" in html
    assert "not medical advice" in html


def test_nav_offers_sign_in_to_visitors_and_sign_out_to_patients(client, patient):
    html = client.get(reverse("home")).content.decode()
    assert "Sign in" in html
    assert "Sign out" not in html
    client.force_login(patient)
    html = client.get(reverse("home")).content.decode()
    assert "Sign out" in html
    assert f'action="{reverse("logout")}"' in html


def test_pages_load_no_asset_from_another_host(client):
    html = client.get(reverse("home")).content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any("bootstrap/css/bootstrap.min.css" in a for a in assets)
    assert any("bootstrap/js/bootstrap.bundle.min.js" in a for a in assets)
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is loaded from another host"
        assert not asset.startswith("//"), f"{asset} is loaded from another host"


def test_bootstrap_is_served_by_the_project(client):
    response = client.get("/static/bootstrap/css/bootstrap.min.css")
    assert response.status_code == 200
    assert b"Bootstrap" in b"".join(response.streaming_content)[:300]


def test_every_page_links_a_favicon_and_favicon_ico_is_not_a_404(client, admin_client):
    # The admin's pages link it too, so the browser need not ask the portal for /favicon.ico.
    for page_client, url in [
        (client, reverse("home")),
        (client, reverse("admin:login")),
        (admin_client, reverse("admin:index")),
    ]:
        html = page_client.get(url).content.decode()
        icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
        assert any(icon.endswith(".ico") for icon in icons), url
        assert any(icon.endswith(".svg") for icon in icons), url
        for icon in icons:
            assert client.get(icon).status_code == 200, icon
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["ok", "database: ok"]
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_says_503_when_the_database_is_down(client):
    with mock.patch(
        "portal.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.content.decode().splitlines() == ["unavailable", "database: down"]


REDIS_URL = os.environ.get("CELERY_TEST_BROKER_URL") or "redis://127.0.0.1:6379/15"
NOBODY_URL = "redis://127.0.0.1:1/0"  # port 1: nothing answers there


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")


def test_healthz_lists_the_cache_and_broker_when_they_answer(client, settings):
    _redis_or_skip()
    settings.CELERY_BROKER_URL = REDIS_URL
    with mock.patch("portal.health.redis_cache_locations", return_value=[REDIS_URL]):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "ok",
        "database: ok",
        "cache: ok",
        "broker: ok",
    ]


def test_healthz_is_503_when_the_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = NOBODY_URL
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response.content.decode().splitlines() == [
        "unavailable",
        "database: ok",
        "broker: down",
    ]


def test_healthz_is_503_when_the_redis_cache_does_not_answer(client):
    with mock.patch("portal.health.redis_cache_locations", return_value=[NOBODY_URL]):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.content.decode().splitlines() == ["unavailable", "database: ok", "cache: down"]


def test_only_a_redis_cache_is_checked():
    from portal.health import redis_cache_locations

    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
    with override_settings(CACHES={"default": {**redis, "LOCATION": "redis://a:6379/1"}}):
        assert redis_cache_locations() == ["redis://a:6379/1"]
    with override_settings(CACHES={"default": {**redis, "LOCATION": ["redis://a", "redis://b"]}}):
        assert redis_cache_locations() == ["redis://a", "redis://b"]
    assert redis_cache_locations() == []  # the tests' own cache: each process's memory


def test_unknown_page_is_a_friendly_404_in_the_site_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="#main"' in html
    assert "988" in html


@override_settings(DEBUG=False)
def test_server_error_page_is_friendly_and_in_the_site_design(client):
    client.raise_request_exception = False
    with mock.patch("portal.views.render", side_effect=RuntimeError("boom")):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "something went wrong on our side" in html
    assert "988" in html
    assert "boom" not in html


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html"])
def test_error_templates_render_without_a_request(template):
    from django.template import loader

    html = loader.get_template(template).render({})
    assert "Go to the home page" in html


def test_admin_login_page_shows_the_site_name(client, settings):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert f"{settings.CLINIC_NAME} admin" in response.content.decode()


def test_staff_can_sign_in_to_the_admin_with_email(client, django_user_model):
    django_user_model.objects.create_superuser(email="Staff@Clinic.example", password="s3cret-pw!")
    response = client.post(
        reverse("admin:login"),
        {"username": "staff@clinic.example", "password": "s3cret-pw!", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_patient_signs_in_by_email_whatever_its_case(client, patient):
    response = client.post(
        reverse("login"), {"username": "ALICE@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == patient


def test_sign_in_with_a_wrong_password_says_so_plainly(client, patient):
    response = client.post(reverse("login"), {"username": patient.email, "password": "nope"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()


def test_sign_out_is_a_post_and_ends_the_session(client, patient):
    client.force_login(patient)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_https_redirect_spares_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("home")).status_code == 301
    assert client.get(reverse("healthz")).status_code == 200


def test_site_pages_run_the_same_queries_with_1_or_50_articles_and_patients(client):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from education.tests.factories import ArticleFactory

    urls = [reverse(name) for name in ("home", "login", "signup", "password_reset")]

    def counts():
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            found[url] = len(context.captured_queries)
        return found

    def add(n, start):
        ArticleFactory.create_batch(n)
        get_user_model().objects.bulk_create(
            get_user_model()(email=f"p{start + i}@example.com", password="!") for i in range(n)
        )

    add(1, 0)
    client.get(urls[0])  # the clinic's record is read once, then cached (Clinic.current)
    with_one = counts()
    add(49, 1)
    assert counts() == with_one

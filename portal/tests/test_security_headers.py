"""Security headers on every kind of page, and cookie flags."""

import pytest
from django.test import Client
from django.urls import reverse

from education.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(client, patient, admin_user):
    article = ArticleFactory()
    question = article.question
    return {
        "home": (None, reverse("home")),
        "learn": (None, reverse("education:index")),
        "question": (None, question.get_absolute_url()),
        "article": (None, article.get_absolute_url()),
        "search": (None, reverse("education:search") + "?q=magnetic"),
        "sign-in": (None, reverse("login")),
        "sign-up": (None, reverse("signup")),
        "password reset": (None, reverse("password_reset")),
        "intake step": (patient, reverse("intake:step", args=["about-you"])),
        "account": (patient, reverse("account_security")),
        "admin login": (None, reverse("admin:login")),
        "admin index": (admin_user, reverse("admin:index")),
        "admin change list": (admin_user, reverse("admin:portal_user_changelist")),
        "404": (None, "/no-such-page/"),
        "healthz": (None, reverse("healthz")),
    }


def test_every_kind_of_page_sends_the_security_headers(client, pages):
    for name, (user, url) in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        expected = 404 if name == "404" else 200
        assert response.status_code == expected, name
        csp = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
        assert directives["script-src"] == "'self'", name
        assert directives["style-src"] == "'self'", name
        assert directives["frame-ancestors"] == "'none'", name
        assert directives["object-src"] == "'none'", name
        assert "unsafe-inline" not in csp, name
        assert "unsafe-eval" not in csp, name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in policy, name
        assert len(response["X-Request-ID"]) == 32, name


def test_https_requests_get_hsts_in_production(client):
    # Production settings (DEBUG off) turn HSTS on; the test client's request is made secure.
    response = client.get(reverse("home"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, patient):
    response = client.post(
        reverse("login"), {"username": patient.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = Client().get(reverse("signup")).cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"


def test_no_template_has_inline_script_style_or_event_handlers():
    import re
    from pathlib import Path

    from django.conf import settings

    roots = [settings.BASE_DIR / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=|<style", re.I)
    offenders = [
        f"{path}: {match.group(0)}"
        for root in roots
        for path in Path(root).rglob("*.html")
        for match in inline.finditer(path.read_text())
    ]
    assert offenders == []


def test_request_ids_differ_between_requests(client):
    first = client.get(reverse("healthz"))["X-Request-ID"]
    second = client.get(reverse("healthz"))["X-Request-ID"]
    assert first != second

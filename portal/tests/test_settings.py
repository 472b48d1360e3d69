"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start_django(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _start_django()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = _start_django(SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_starts_without_a_secret_key():
    result = _start_django(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_stops_the_start():
    result = _start_django(SECRET_KEY="x" * 60, DEBUG="perhaps")
    assert result.returncode != 0


def test_production_settings_pass_the_deployment_checklist():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(
        SECRET_KEY="k3y-" + "q9Zr7xW2" * 8,
        ALLOWED_HOSTS="portal.example.org",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_requests_run_in_a_transaction(settings):
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("SECURE_SSL_REDIRECT", True),
        ("SESSION_COOKIE_SECURE", True),
        ("CSRF_COOKIE_SECURE", True),
        ("SECURE_HSTS_SECONDS", 31_536_000),
    ],
)
def test_transport_security_is_on_when_debug_is_off(setting, expected):
    result = _start_django_print(setting)
    assert result == repr(expected)


def _start_django_print(setting):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="portal.settings")
    code = f"from django.conf import settings; print(repr(settings.{setting}))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result.stdout.strip()


def test_a_redis_cache_url_gives_a_shared_cache_ready_to_use():
    """CACHE_URL=redis://... (a shared cache for several workers, docs/operations.md) needs
    no extra install: the backend is Django's Redis cache and its client library is there."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(
        SECRET_KEY="x" * 60,
        DJANGO_SETTINGS_MODULE="portal.settings",
        CACHE_URL="redis://127.0.0.1:6379/15",
    )
    code = (
        "import django; django.setup(); from django.core.cache import caches; "
        "import redis; print(type(caches['default']).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisCache"


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_migrations_can_be_checked_with_the_development_variables():
    """`make check` runs `makemigrations --check` with DEBUG=true and no SECRET_KEY; every
    command, this one included, refuses to start without SECRET_KEY when DEBUG is off."""
    result = _manage("makemigrations", "--check", "--dry-run", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    for command in (["makemigrations", "--check", "--dry-run"], ["check"]):
        result = _manage(*command)
        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr


def test_the_deployment_checklist_refuses_a_weak_secret_key():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="short",
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def _session_engine(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL"}}
    clean.update(env, SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SESSION_ENGINE)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().rsplit(".", 1)[-1]


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        (None, "db"),
        ("locmemcache://", "db"),
        ("dummycache://", "db"),
        ("redis://redis.internal:6379/1", "cached_db"),
        ("pymemcache://memcached.internal:11211", "cached_db"),
    ],
)
def test_sessions_use_the_cache_only_when_it_is_shared(cache_url, engine):
    env = {"CACHE_URL": cache_url} if cache_url else {}
    assert _session_engine(**env) == engine

"""What ``/healthz`` checks: the database always; the shared cache when it is Redis and the
Celery broker when one is set. Each check is short (HEALTH_CHECK_TIMEOUT seconds at most), so a
load balancer's probe never waits long on a service that does not answer."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

HEALTH_CHECK_TIMEOUT = 1  # seconds, for each connection and each answer


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False
    return True


def redis_cache_locations() -> list[str]:
    """The Redis servers of the default cache (none when the cache is not Redis)."""
    cache = settings.CACHES["default"]
    if "redis" not in cache["BACKEND"].lower():
        return []
    location = cache.get("LOCATION") or []
    return location.split(",") if isinstance(location, str) else list(location)


def check_cache() -> bool:
    import redis

    for url in redis_cache_locations():
        client = redis.Redis.from_url(
            url.strip(),
            socket_connect_timeout=HEALTH_CHECK_TIMEOUT,
            socket_timeout=HEALTH_CHECK_TIMEOUT,
        )
        try:
            client.ping()
        except (redis.RedisError, OSError):
            logger.exception("Health check: the cache did not answer")
            return False
        finally:
            client.close()
    return True


def check_broker() -> bool:
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=HEALTH_CHECK_TIMEOUT) as broker:
            broker.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=HEALTH_CHECK_TIMEOUT
            )
    except Exception:  # kombu raises its own errors and the transport's
        logger.exception("Health check: the Celery broker did not answer")
        return False
    return True


def checks() -> dict[str, bool]:
    """Each configured service, and whether it answered, in the order they are checked."""
    found = {"database": check_database()}
    if redis_cache_locations():
        found["cache"] = check_cache()
    if settings.CELERY_BROKER_URL:
        found["broker"] = check_broker()
    return found

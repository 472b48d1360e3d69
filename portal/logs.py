"""Request ids in log lines, and error reports to Sentry.

The request id is set by :class:`portal.middleware.RequestIdMiddleware` for the time of one
request and added to every log record by :class:`RequestIdFilter` (``-`` outside a request).
"""

import contextvars
import logging

request_id_var = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # Django logs a 4xx/5xx response after the middleware has finished, with the request
        # attached to the record: its id is read from there.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


def init_sentry(dsn, *, environment):
    """Send errors to Sentry, never personal data: no user, no cookies, no request bodies."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=_tag_request_id,
    )


def _tag_request_id(event, hint):
    event.setdefault("tags", {})["request_id"] = request_id_var.get()
    return event

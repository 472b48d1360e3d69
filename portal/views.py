import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    return render(request, "home.html")


@require_safe
@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """200 "ok" when the app can reach its database, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """The 500 page, rendered without request context: nothing that could fail again runs."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"clinic_name": settings.CLINIC_NAME}))

"""The portal's URLs plus /bench/noop: the same middleware, no template, no query."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from portal.urls import handler500  # noqa: F401 - the same 500 page
from portal.urls import urlpatterns as portal_urlpatterns


@require_safe
def noop(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/noop", noop, name="bench_noop"), *portal_urlpatterns]

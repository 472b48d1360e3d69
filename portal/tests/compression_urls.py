"""A URL configuration for test_compression: the site's URLs plus reading pages (the `education`
namespace and a `home`) that break one rule each, to show each guard holds on its own."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import RequestContext, Template
from django.urls import include, path

from portal.urls import urlpatterns as site_urlpatterns

TEXT = "<p>" + "TMS uses short magnetic pulses to reach the brain. " * 20 + "</p>"


def plain(request):
    return HttpResponse(f"<html><body>{TEXT}</body></html>")


def uses_csrf_token(request):
    get_token(request)  # used, not shown: its cookie is set all the same
    return HttpResponse(f"<html><body>{TEXT}</body></html>")


def token_field(request):
    page = Template("<html><body><form>{% csrf_token %}</form>" + TEXT + "</body></html>")
    return HttpResponse(page.render(RequestContext(request)))


def post_form(request):
    form = '<form method="post" action="/learn/"><button>Send</button></form>'
    return HttpResponse(f"<html><body>{form}{TEXT}</body></html>")


def sets_cookie(request):
    response = HttpResponse(f"<html><body>{TEXT}</body></html>")
    response.set_cookie("seen", "1")
    return response


reading = [
    path("plain/", plain, name="plain"),
    path("uses-token/", uses_csrf_token, name="uses_token"),
    path("token-field/", token_field, name="token_field"),
    path("post-form/", post_form, name="post_form"),
    path("sets-cookie/", sets_cookie, name="sets_cookie"),
]

urlpatterns = [
    path("", token_field, name="home"),
    path("learn/", include((reading, "education"))),
    # The rest of the site (the middleware reverses the admin's address), without its own
    # home and /learn/.
    *[p for p in site_urlpatterns if str(p.pattern) not in ("", "learn/")],
]

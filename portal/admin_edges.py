"""Small edges of the admin and of responses Django's middleware does not reach: the admin's
"view on site" shortcut, the 400 page and static files' headers (docs/security.md)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.views.defaults import bad_request as _bad_request


def view_on_site(request, content_type_id, object_id):
    """The admin's /admin/r/<ct>/<id>/ shortcut, answering "not found" alike for existing and
    missing objects to anyone without view permission on that model, so that a content editor
    cannot learn which intake ids exist."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    if content_type is None or not request.user.has_perm(
        f"{content_type.app_label}.view_{content_type.model}"
    ):
        raise Http404("Not found.")
    return shortcut(request, content_type_id, object_id)


def bad_request(request, exception):
    """The 400 page with X-Frame-Options: it can be made by middleware that runs before
    XFrameOptionsMiddleware (an unknown host, CommonMiddleware), which then never sees it."""
    response = _bad_request(request, exception)
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    return response

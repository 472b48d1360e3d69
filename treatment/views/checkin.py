"""The PHQ-9 check-in of a course."""

from django.http import Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.decorators import patient_required


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@patient_required
def check_in(request):
    raise Http404("The check-in is not built yet.")

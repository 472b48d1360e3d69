"""Driving the intake admin as a reviewer's browser does."""

from urllib.parse import urlencode

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from intake.models import Intake


def export_csv(client, params=None, *, free_text=False, method="post"):
    """The queue's CSV action on every intake its filters and search match (``params``), as a
    reviewer sends it after "Select all": the rows on the page ticked, and ``select_across``."""
    url = reverse("admin:intake_intake_changelist")
    if params:
        url += "?" + urlencode(params)
    data = {
        "action": "export_csv_free_text" if free_text else "export_csv",
        "select_across": "1",
        "index": "0",
        ACTION_CHECKBOX_NAME: [str(pk) for pk in Intake.objects.values_list("pk", flat=True)],
    }
    return getattr(client, method)(url, data)

"""``app_list|with_outcomes_page``: the admin home's TMS courses section gains an "Outcomes"
row (the page of treatment/admin/outcomes.py) for whoever may view courses."""

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def with_outcomes_page(app_list):
    result = []
    for app in app_list:
        course = next((m for m in app["models"] if m["object_name"] == "Course"), None)
        if app["app_label"] == "treatment" and course and course["perms"].get("view"):
            outcomes = {
                "name": "Outcomes",
                "object_name": "Outcomes",
                "admin_url": reverse("admin:treatment_outcomes"),
                "add_url": None,
                "view_only": True,
                "perms": {"view": True},
            }
            app = {**app, "models": [*app["models"], outcomes]}
        result.append(app)
    return result

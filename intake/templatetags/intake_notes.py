from django import template

from ..eligibility_data import why_we_ask as load_why_we_ask

register = template.Library()


@register.inclusion_tag("intake/includes/why_we_ask.html")
def why_we_ask(step_slug):
    """The "why we ask" line of an intake step (staff edit it in the admin)."""
    return {"help": load_why_we_ask(step_slug)}

"""``{% authorizations_running_out %}``: on the reviewer's admin home, the open courses whose
authorization runs low or ends soon, each linked to its page (loaded by
templates/admin/index.html: the intake app knows nothing of courses)."""

from django import template

from ..services.courses import courses_needing_warning, warning_words

register = template.Library()

VIEW_PERMISSION = "treatment.view_course"


@register.inclusion_tag("admin/treatment/authorizations_home.html", takes_context=True)
def authorizations_running_out(context):
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm(VIEW_PERMISSION):
        return {"show": False}
    return {
        "show": True,
        "courses": [
            (course, warning_words(course, counter))
            for course, counter in courses_needing_warning()
        ],
    }

"""What every page's chrome needs from the course: whether a signed-in patient has one (the
"My TMS course" link of the header, and the link on the intake's home page)."""

from functools import cached_property

from portal.decorators import is_staff_account

from .models import Course


class _HasCourse:
    """True when the patient has a course. Asked only when a template reads it, once a
    request: pages without the header run no query for it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def value(self):
        return Course.objects.for_patient(self.user).exists()

    def __bool__(self):
        return self.value


def course_link(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_staff_account(user):
        return {}
    # Read with the user by treatment.backends.CourseAwareBackend; asked here otherwise (a user
    # loaded by another backend, or set on the request by hand).
    known = getattr(user, "has_tms_course", None)
    return {"has_tms_course": _HasCourse(user) if known is None else known}

"""The sign-in backend: Django's ModelBackend, whose signed-in user also says whether they have a
TMS course.

Every signed-in patient page shows the header's "My TMS course" link when the clinic has started
a course for them (treatment.context_processors.course_link). Read with the user, in the query
that loads them from the session, it costs no round trip of its own to the database.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .models import Course


@cache
def users_with_course_flag():
    """Every user, each with ``has_tms_course``. Built once per process: resolving the EXISTS
    took as long as the rest of the query. Only ever narrowed (``get()`` works on a copy), never
    read whole, so it holds no rows."""
    courses = Course.objects.filter(patient=OuterRef("pk"))
    return get_user_model()._default_manager.annotate(has_tms_course=Exists(courses))


class CourseAwareBackend(ModelBackend):
    """ModelBackend, but the user it loads for a request carries ``has_tms_course``."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = users_with_course_flag().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

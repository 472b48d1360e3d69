"""The TMS course in the admin: one module per screen."""

from . import checkins, courses, outcomes  # noqa: F401

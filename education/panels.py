"""Boxes other apps add to an article page, named in settings.EDUCATION_ARTICLE_PANELS.

Education knows nothing of those apps: each entry is a dotted path to a callable
``(request, article) -> HTML or None``, imported by name when the page is shown.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def article_panels(request, article):
    """The HTML of every panel that has something to show on this article, in setting order."""
    panels = []
    for path in getattr(settings, "EDUCATION_ARTICLE_PANELS", ()):
        html = import_string(path)(request, article)
        if html:
            panels.append(html)
    return panels

"""The content editor's part of the admin's home: their articles by state, each count linking
to the article list filtered the same way, and the latest edited."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from ..admin import DUE_SOON
from ..models import Article

register = template.Library()

LATEST = 5


@register.inclusion_tag("admin/education/editor_home.html", takes_context=True)
def editor_home(context):
    """For those who edit articles: one query for the counts, one for the latest."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("education.change_article"):
        return {"show": False}
    today = timezone.localdate()
    counts = Article.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Article.Status.DRAFT)),
        overdue=Count("pk", filter=Q(next_review_due__lt=today)),
        soon=Count(
            "pk", filter=Q(next_review_due__gte=today, next_review_due__lte=today + DUE_SOON)
        ),
        published=Count("pk", filter=Q(status=Article.Status.PUBLISHED)),
    )
    articles = reverse("admin:education_article_changelist")
    tiles = [
        ("Drafts", "not on the site yet", counts["drafts"], f"{articles}?status__exact=draft"),
        (
            "Review overdue",
            "past their review date",
            counts["overdue"],
            f"{articles}?review=overdue",
        ),
        ("Review soon", "due in the next 30 days", counts["soon"], f"{articles}?review=soon"),
        ("Published", "on the site", counts["published"], f"{articles}?status__exact=published"),
    ]
    latest = Article.objects.only("title", "status", "updated").order_by("-updated", "-pk")[:LATEST]
    return {"show": True, "tiles": tiles, "latest": latest}

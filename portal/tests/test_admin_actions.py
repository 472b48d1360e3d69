"""A forged selection on an admin list with actions gets a plain message, not a 500, and the
action does not run."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from education.models import Article
from education.tests.factories import ArticleFactory
from portal.admin_base import INVALID_SELECTION

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["", "x", "1.5", "\x00", "99999999999999999999999", "-1e9"])
def test_an_action_on_a_forged_selection_is_refused_with_a_message(admin_client, value):
    article = ArticleFactory()
    url = reverse("admin:education_article_changelist")
    response = admin_client.post(
        url,
        {"action": "delete_selected", "_selected_action": [str(article.pk), value], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert INVALID_SELECTION in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


def test_third_party_admin_lists_are_guarded_too(admin_client):
    AccessAttempt.objects.create(username="a@example.com", failures_since_start=5)
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": ["x"], "post": "yes"},
        follow=True,
    )
    assert INVALID_SELECTION in response.content.decode()
    assert AccessAttempt.objects.count() == 1


def test_a_valid_selection_still_runs_the_action(admin_client):
    article = ArticleFactory()
    admin_client.post(
        reverse("admin:education_article_changelist"),
        {"action": "delete_selected", "_selected_action": [str(article.pk)], "post": "yes"},
    )
    assert not Article.objects.filter(pk=article.pk).exists()


def test_the_auth_groups_list_is_guarded_too(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Front desk")
    response = admin_client.post(
        reverse("admin:auth_group_changelist"),
        {"action": "delete_selected", "_selected_action": [str(group.pk), "1.5"], "post": "yes"},
        follow=True,
    )
    assert INVALID_SELECTION in response.content.decode()
    assert Group.objects.filter(pk=group.pk).exists()

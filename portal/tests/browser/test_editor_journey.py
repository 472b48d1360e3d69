"""A content editor's journey in a real browser (Chromium), at phone and desktop size: signs in
to the admin, edits a published answer, publishes a draft, and a visitor's public pages change
at once, although they are served from the page cache (education/page_cache.py)."""

import pytest
from playwright.sync_api import expect

from education.models import Article
from education.tests.factories import ArticleFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD = "Most sessions take about forty minutes."
NEW = "Most sessions now take under twenty minutes."


def test_an_editor_edits_and_publishes_and_the_public_pages_change(
    page, new_context, screen, editor
):
    question = QuestionFactory(text="How long does a TMS session take?", slug="session-length")
    answer = ArticleFactory(
        question=question, title="Session length", slug="session-length", body=OLD
    )
    draft = ArticleFactory(
        question=question,
        title="What a session feels like",
        slug="how-it-feels",
        body="A tapping on the scalp, like a woodpecker.",
        status=Article.Status.DRAFT,
    )

    # A visitor (another browser, not signed in) reads the answer; the draft is not public.
    visitor = new_context().new_page()  # the same screen size (browser_context_args)
    visitor.goto(answer.get_absolute_url())
    expect(visitor.get_by_text(OLD)).to_be_visible()
    visitor.goto(question.get_absolute_url())
    expect(visitor.get_by_role("heading", name="Session length")).to_be_visible()
    expect(visitor.get_by_role("heading", name="What a session feels like")).to_have_count(0)
    response = visitor.goto(draft.get_absolute_url())
    assert response.status == 404

    # The visitor's pages are cached copies: a write that does not move `updated` (which no
    # editor can make) does not show, so the changes below show only through invalidation.
    Article.objects.filter(pk=answer.pk).update(body="Not seen by visitors.")
    visitor.goto(answer.get_absolute_url())
    expect(visitor.get_by_text(OLD)).to_be_visible()

    # The editor signs in through the admin's sign-in form.
    page.goto("/admin/")
    page.get_by_label("Email address").fill(editor.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Articles").first.click()

    # Edits the published answer's body.
    page.get_by_role("link", name="Session length", exact=True).click()
    body = page.get_by_label("Body")
    body.fill(NEW)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    visitor.goto(answer.get_absolute_url())
    expect(visitor.get_by_text(NEW)).to_be_visible()
    expect(visitor.get_by_text(OLD)).to_have_count(0)

    # Publishes the draft with the list's action.
    page.get_by_role("checkbox", name="Select this object for an action - What a session").check()
    page.get_by_role("combobox", name="Action").select_option(label="Publish the selected articles")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Published 1 article(s).")

    visitor.goto(question.get_absolute_url())
    expect(visitor.get_by_role("heading", name="What a session feels like")).to_be_visible()
    expect(visitor.get_by_text("like a woodpecker")).to_be_visible()
    response = visitor.goto(draft.get_absolute_url())
    assert response.status == 200
    expect(
        visitor.get_by_role("heading", name="What a session feels like", level=1)
    ).to_be_visible()

    answer.refresh_from_db()
    draft.refresh_from_db()
    assert answer.body == NEW
    assert draft.status == Article.Status.PUBLISHED

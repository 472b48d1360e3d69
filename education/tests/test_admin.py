import datetime
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from education.models import Article, Question

from .conftest import SEED
from .factories import ArticleFactory, QuestionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:education_article_changelist"
IMPORT = "admin:education_article_import"


def article_form_data(article, **changes):
    data = {
        "question": article.question_id,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "order": article.order,
        "sources": "\n".join(source["url"] for source in article.sources),
        "last_reviewed": article.last_reviewed or "",
        "reviewed_by": article.reviewed_by,
        "next_review_due": article.next_review_due or "",
    }
    data.update(changes)
    return data


def test_article_changelist_shows_status_question_and_review_dates(admin_client, seeded):
    Article.objects.filter(slug="rtms").update(
        last_reviewed="2020-01-01", next_review_due="2021-01-01"
    )
    html = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert "Brain Connectivity" in html
    assert "Published" in html
    assert "Can you explain the method of transcranial" in html
    assert '<strong class="review-overdue">Overdue: ' in html
    assert "Import Q&amp;A text" in html


def test_article_changelist_search_and_filters(admin_client, seeded):
    response = admin_client.get(reverse(CHANGELIST), {"q": "pyramidal"})
    assert [a.title for a in response.context["cl"].result_list] == ["Dual mechanism"]
    Article.objects.filter(slug="yes").update(
        last_reviewed="2020-01-01", next_review_due="2021-01-01"
    )
    response = admin_client.get(reverse(CHANGELIST), {"review": "overdue"})
    assert [a.title for a in response.context["cl"].result_list] == ["Yes"]
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": "draft"})
    assert list(response.context["cl"].result_list) == []


def test_article_changelist_runs_few_queries_whatever_the_number(
    admin_client, django_assert_max_num_queries
):
    ArticleFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse(CHANGELIST)).status_code == 200


def test_add_an_article(admin_client):
    question = QuestionFactory()
    response = admin_client.post(
        reverse("admin:education_article_add"),
        {
            "question": question.pk,
            "title": "Side effects",
            "slug": "side-effects",
            "summary": "Most side effects are mild and short-lived.",
            "body": "A mild headache is the most common side effect.",
            "status": "draft",
            "order": 3,
            "sources": "https://www.nimh.nih.gov/ | NIMH: Brain stimulation therapies",
            "last_reviewed": "",
            "reviewed_by": "",
            "next_review_due": "",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="side-effects")
    assert article.sources == [
        {"url": "https://www.nimh.nih.gov/", "label": "NIMH: Brain stimulation therapies"}
    ]
    assert article.status == Article.Status.DRAFT


def test_a_bad_source_or_review_dates_are_refused_and_nothing_is_saved(admin_client):
    article = ArticleFactory(title="Before")
    url = reverse("admin:education_article_change", args=[article.pk])
    response = admin_client.post(
        url, article_form_data(article, title="After", sources="javascript:alert(1)")
    )
    assert response.status_code == 200
    assert "is not a web address" in response.content.decode()
    response = admin_client.post(
        url,
        article_form_data(
            article, title="After", last_reviewed="2026-05-01", next_review_due="2026-01-01"
        ),
    )
    assert "must be due after the last review" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Before"


def test_staff_edit_publish_and_the_change_is_live_and_survives_reimport(
    admin_client, client, seeded
):
    article = Article.objects.get(slug="looks-promising")
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    response = admin_client.post(
        reverse("admin:education_article_change", args=[article.pk]),
        article_form_data(
            article, body="Our clinic's own answer about cost and insurance.", status="published"
        ),
    )
    assert response.status_code == 302
    assert (
        "own answer about cost and insurance"
        in client.get(article.get_absolute_url()).content.decode()
    )
    call_command("import_qa", str(SEED), stdout=StringIO())
    article.refresh_from_db()
    assert article.body == "Our clinic's own answer about cost and insurance."


def test_change_page_offers_view_on_site_and_preview(admin_client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    html = admin_client.get(
        reverse("admin:education_article_change", args=[draft.pk])
    ).content.decode()
    assert "Preview (not public yet)" in html
    assert f'href="{draft.get_absolute_url()}"' in html
    assert "View on site" in html


def test_publish_and_unpublish_actions(admin_client):
    drafts = ArticleFactory.create_batch(2, status=Article.Status.DRAFT)
    pks = [a.pk for a in drafts]
    admin_client.post(
        reverse(CHANGELIST), {"action": "publish", "_selected_action": pks}, follow=True
    )
    assert set(Article.objects.values_list("status", flat=True)) == {"published"}
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "unpublish", "_selected_action": pks}, follow=True
    )
    assert "Moved 2 article(s) back to draft." in response.content.decode()
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
    # Each change is in the history.
    assert Article.history.filter(id=pks[0]).count() == 3


def test_mark_reviewed_today_sets_the_dates_and_names_articles_without_a_reviewer(admin_client):
    named = ArticleFactory(reviewed_by="Dr. Ana Ruiz, MD")
    unnamed = ArticleFactory(title="Nobody reviewed me")
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "mark_reviewed_today", "_selected_action": [named.pk, unnamed.pk]},
        follow=True,
    )
    today = timezone.localdate()
    for article in (named, unnamed):
        article.refresh_from_db()
        assert article.last_reviewed == today
        assert article.next_review_due == today + datetime.timedelta(days=365)
    html = response.content.decode()
    assert "Marked 2 article(s) reviewed today" in html
    assert "No reviewer is named on: Nobody reviewed me" in html


def test_history_shows_earlier_versions_and_restores_one(admin_client):
    article = ArticleFactory(title="First title", body="First body.")
    admin_client.post(
        reverse("admin:education_article_change", args=[article.pk]),
        article_form_data(article, title="Second title", body="Second body."),
    )
    article.refresh_from_db()
    assert article.title == "Second title"
    history_url = reverse("admin:education_article_history", args=[article.pk])
    html = admin_client.get(history_url).content.decode()
    assert "First title" in html or "Second title" in html
    first = article.history.order_by("history_date").first()
    assert first.title == "First title"
    revert_url = reverse("admin:education_article_simple_history", args=[article.pk, first.pk])
    page = admin_client.get(revert_url)
    assert page.status_code == 200
    assert "First body." in page.content.decode()
    response = admin_client.post(revert_url, article_form_data(first.instance))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "First title"
    assert article.body == "First body."
    assert article.history.count() == 3


def test_question_admin_lists_and_edits_answers_inline(admin_client, seeded):
    html = admin_client.get(reverse("admin:education_question_changelist")).content.decode()
    assert "Is the method of transcranial magnetic stimulation" in html
    question = Question.objects.get(slug="can-you-explain-the-method-of-transcranial")
    url = reverse("admin:education_question_change", args=[question.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.slug for form in formset.forms][:2] == ["brain-connectivity", "rtms"]
    # Reorder: move RTMS first.
    data = {
        "text": question.text,
        "slug": question.slug,
        "order": question.order,
        "is_published": "on",
        "articles-TOTAL_FORMS": len(formset.forms),
        "articles-INITIAL_FORMS": len(formset.forms),
        "articles-MIN_NUM_FORMS": 0,
        "articles-MAX_NUM_FORMS": 1000,
    }
    for i, form in enumerate(formset.forms):
        article = form.instance
        data |= {
            f"articles-{i}-id": article.pk,
            f"articles-{i}-question": question.pk,
            f"articles-{i}-order": 0 if article.slug == "rtms" else article.order,
            f"articles-{i}-title": article.title,
            f"articles-{i}-slug": article.slug,
            f"articles-{i}-status": article.status,
        }
    assert admin_client.post(url, data).status_code == 302
    assert question.articles.first().slug == "rtms"


def test_question_search_and_add(admin_client):
    QuestionFactory(text="Does TMS hurt?")
    response = admin_client.get(reverse("admin:education_question_changelist"), {"q": "hurt"})
    assert len(response.context["cl"].result_list) == 1
    response = admin_client.post(
        reverse("admin:education_question_add"),
        {
            "text": "How long is a course?",
            "slug": "how-long-is-a-course",
            "order": 3,
            "articles-TOTAL_FORMS": 0,
            "articles-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert Question.objects.get(slug="how-long-is-a-course").is_published is False


def test_the_slug_search_cannot_be_given_to_a_question(admin_client):
    response = admin_client.post(
        reverse("admin:education_question_add"),
        {
            "text": "Search?",
            "slug": "search",
            "order": 1,
            "articles-TOTAL_FORMS": 0,
            "articles-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert not Question.objects.exists()


def upload(client, data, name="qa.txt"):
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, data)})


def test_import_upload_shows_the_same_report_as_the_command(admin_client):
    response = upload(admin_client, SEED.read_bytes())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Created 10, updated 0, kept 0, unchanged 0" in html
    assert Article.objects.published().count() == 10
    html = upload(admin_client, SEED.read_bytes()).content.decode()
    assert "Created 0, updated 0, kept 0, unchanged 10" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"Q?\nA. fine.\nno title on this line\n", "Line 3: this answer has no title"),
        (b"Q?\n\xff\xfe\x00\x00", "Line 2: this is not UTF-8 text"),
        (b"Q?\nA. " + b"x" * 1_000_001, "larger than 1 MB"),
    ],
)
def test_import_upload_refuses_bad_files_and_imports_nothing(admin_client, data, message):
    response = upload(admin_client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_import_upload_is_kept_in_memory_not_on_disk(admin_client, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django would write anything bigger to disk
    with mock.patch(
        "django.core.files.uploadhandler.TemporaryUploadedFile",
        side_effect=AssertionError("the upload was written to a temporary file"),
    ):
        response = upload(admin_client, SEED.read_bytes())
    assert "Created 10" in response.content.decode()


def test_import_page_is_for_staff_with_permission_only(client, staff):
    assert client.get(reverse(IMPORT)).status_code == 302  # to the admin login
    client.force_login(staff)
    assert client.get(reverse(IMPORT)).status_code == 403
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "change_article"])
    )
    assert client.get(reverse(IMPORT)).status_code == 200


def test_import_upload_checks_the_csrf_token(staff, superuser):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = upload(client, SEED.read_bytes())
    assert response.status_code == 403
    assert Article.objects.count() == 0


def test_markdown_preview_renders_and_cleans_the_body_before_saving(admin_client):
    html = admin_client.get(reverse("admin:education_article_add")).content.decode()
    assert "education/markdown-preview.js" in html
    assert f'data-preview-url="{reverse("admin:education_article_preview")}"' in html
    response = admin_client.post(
        reverse("admin:education_article_preview"),
        {"body": "# Side effects\n\n**Mild** <script>alert(1)</script>"},
    )
    assert response.status_code == 200
    assert "<h2>Side effects</h2>" in response.content.decode()
    assert "<strong>Mild</strong>" in response.content.decode()
    assert "<script" not in response.content.decode()
    assert admin_client.get(reverse("admin:education_article_preview")).status_code == 405


def test_markdown_preview_is_for_staff_only(client, patient):
    client.force_login(patient)
    response = client.post(reverse("admin:education_article_preview"), {"body": "x"})
    assert response.status_code == 302  # to the admin login


@pytest.mark.parametrize("forged", [" ", "x", "1.5"])
def test_a_forged_translation_of_gets_the_forms_error_not_a_500(admin_client, forged):
    """The autocomplete widget looks the posted value up again to show it (portal/admin_base.py)."""
    article = ArticleFactory()
    url = reverse("admin:education_article_change", args=[article.pk])
    response = admin_client.post(url, article_form_data(article, translation_of=forged))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_translation_of_offers_the_english_originals_only(admin_client):
    english = ArticleFactory(title="Session length")
    ArticleFactory(title="Duración de la sesión", language="es", translation_of=english)
    html = admin_client.get(reverse("admin:education_article_add")).content.decode()
    field = html.split('name="translation_of"', 1)[1].split("</select>", 1)[0]
    assert "Session length" in field
    assert "Duración de la sesión" not in field

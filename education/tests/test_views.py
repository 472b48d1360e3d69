import itertools
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education.models import Article, Question
from education.views import IndexView

from .factories import ArticleFactory, QuestionFactory

pytestmark = pytest.mark.django_db

Q1 = "can-you-explain-the-method-of-transcranial"
Q2 = "is-the-method-of-transcranial-magnetic-stimulation"


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_learn_lists_both_questions_and_all_ten_answers_in_order(client, seeded):
    html = html_of(client.get(reverse("education:index")))
    positions = [
        html.index(text)
        for text in [
            "Can you explain the method",
            "Brain Connectivity",
            "RTMS",
            "Dual mechanism",
            "TMS Experience",
            "Several Mechanisms",
            "Is the method of transcranial",
            "Mixed results",
            "Looks promising",
            "Absolutely",
            ">TMS<",
            ">Yes<",
        ]
    ]
    assert positions == sorted(positions)
    # Each article with its summary, linking to its page.
    assert reverse("education:article", args=[Q2, "looks-promising"]) in html
    assert "Refractory depression is often hard to treat." in html


def test_question_page_has_every_answer_in_a_section_named_by_its_slug(client, seeded):
    html = html_of(client.get(reverse("education:question", args=[Q1])))
    for slug in ["brain-connectivity", "rtms", "dual-mechanism", "tms-experience"]:
        assert f'<section id="{slug}"' in html
    assert "<h1" in html
    assert html.count("<h1") == 1
    assert "pyramidal cells" in html  # the bodies, rendered
    assert 'href="http://advancedmentalhealth.com/tms"' in html


def test_question_page_metadata_and_faq_json_ld(client, seeded):
    html = html_of(client.get(reverse("education:question", args=[Q2])))
    assert "<title>Is the method of transcranial magnetic stimulation any good" in html
    assert '<meta name="description" content="According to a nimh review' in html
    assert f'<link rel="canonical" href="http://testserver/learn/{Q2}/">' in html
    data = json_ld(html)
    assert data["@type"] == "FAQPage"
    question = data["mainEntity"][0]
    assert question["name"].startswith("Is the method")
    answers = question["acceptedAnswer"]
    assert [a["name"] for a in answers] == [
        "Mixed results",
        "Looks promising",
        "Absolutely",
        "TMS",
        "Yes",
    ]
    assert answers[1]["url"] == f"http://testserver/learn/{Q2}/#looks-promising"


def test_article_page_shows_sources_review_dates_reviewer_and_other_answers(client, seeded):
    Article.objects.filter(slug="several-mechanisms").update(
        last_reviewed="2026-03-01",
        next_review_due="2027-03-01",
        reviewed_by="Dr. Ana Ruiz, MD, psychiatrist",
    )
    html = html_of(client.get(reverse("education:article", args=[Q1, "several-mechanisms"])))
    assert "<title>Several Mechanisms: Can you explain" in html
    assert 'href="http://advancedmentalhealth.com/tms"' in html
    assert "Last reviewed" in html
    assert "March 1, 2026" in html  # US dates: "N j, Y" ("March" is not shortened)
    assert "Dr. Ana Ruiz, MD, psychiatrist" in html
    assert "Next review due" in html
    assert "March 1, 2027" in html
    for other in ["brain-connectivity", "rtms", "dual-mechanism", "tms-experience"]:
        assert reverse("education:article", args=[Q1, other]) in html
    assert f'href="/learn/{Q1}/#several-mechanisms"' in html  # back to its place
    data = json_ld(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-03-01"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr. Ana Ruiz, MD, psychiatrist"}
    assert data["citation"] == ["http://advancedmentalhealth.com/tms"]
    assert '<meta name="description" content="There are a variety of areas' in html


def test_an_unreviewed_article_says_so_plainly(client, seeded):
    html = html_of(client.get(reverse("education:article", args=[Q2, "yes"])))
    assert "Not yet reviewed by our clinical team." in html
    assert "lastReviewed" not in html


def test_text_in_titles_cannot_break_out_of_the_json_ld(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>", summary="x & y")
    html = html_of(client.get(article.get_absolute_url()))
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_a_script_in_a_body_is_not_on_the_page(client):
    article = ArticleFactory(body="Hello <script>alert(1)</script> [x](javascript:alert(2))")
    for url in [article.get_absolute_url(), article.question.get_absolute_url()]:
        html = html_of(client.get(url))
        assert "alert(1)" not in html
        assert "javascript:" not in html


@pytest.mark.parametrize("url_name", ["question", "article"])
def test_a_draft_article_is_a_404_for_the_public(client, url_name):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    args = [draft.question.slug] + ([draft.slug] if url_name == "article" else [])
    assert client.get(reverse(f"education:{url_name}", args=args)).status_code == 404


def test_an_unpublished_question_and_its_answers_are_404s_for_the_public(client, patient):
    article = ArticleFactory(question__is_published=False)
    client.force_login(patient)  # a signed-in patient is still the public
    assert client.get(article.question.get_absolute_url()).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in html_of(client.get(reverse("education:index")))


def test_drafts_are_left_out_of_published_pages(client):
    published = ArticleFactory(title="Published answer")
    ArticleFactory(question=published.question, title="Draft answer", status="draft")
    for url in [reverse("education:index"), published.question.get_absolute_url()]:
        html = html_of(client.get(url))
        assert "Published answer" in html
        assert "Draft answer" not in html
    html = html_of(client.get(published.get_absolute_url()))
    assert "Draft answer" not in html


def test_staff_preview_a_draft_with_a_clear_banner(client, staff):
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Coming soon")
    client.force_login(staff)
    response = client.get(draft.get_absolute_url())
    html = html_of(response)
    assert "Preview." in html
    assert "patients cannot see it" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    html = html_of(client.get(draft.question.get_absolute_url()))
    assert "Coming soon" in html
    assert "Draft, not public" in html


def test_staff_see_no_banner_on_published_pages(client, staff, seeded):
    client.force_login(staff)
    html = html_of(client.get(reverse("education:article", args=[Q1, "rtms"])))
    assert "Preview." not in html


def test_reading_pages_accept_only_get_and_head(client, seeded):
    for url in [
        reverse("education:index"),
        reverse("education:question", args=[Q1]),
        reverse("education:article", args=[Q1, "rtms"]),
        reverse("education:search"),
    ]:
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200


def test_an_article_under_another_question_is_a_404(client, seeded):
    assert client.get(reverse("education:article", args=[Q2, "rtms"])).status_code == 404
    assert client.get("/learn/no-such-question/").status_code == 404


def test_sitemap_lists_published_pages_only(client, seeded):
    Article.objects.filter(slug="yes").update(status=Article.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/learn/</loc>" in xml
    assert f"<loc>http://testserver/learn/{Q1}/</loc>" in xml
    assert f"<loc>http://testserver/learn/{Q2}/looks-promising/</loc>" in xml
    assert f"/learn/{Q2}/yes/" not in xml
    assert xml.count("<url>") == 1 + 2 + 9
    assert "<lastmod>" in xml


def make_content(questions, answers_each):
    question = None
    for _ in range(questions):
        question = QuestionFactory()
        sources = [{"url": "https://example.org/a", "label": "A source"}]
        articles = ArticleFactory.build_batch(answers_each, question=question, sources=sources)
        Article.objects.bulk_create(articles)
    return question


def queries_for(client, url, **params):
    """The SQL a page runs, without the savepoint pair of the request's transaction."""
    with CaptureQueriesContext(connection) as context:
        html_of(client.get(url, params))
    return [q["sql"] for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]


# 1 and 50 items: /learn/ lists `size` questions; the question page shows `size` answers.
@pytest.mark.parametrize("size", [1, 50])
def test_each_reading_page_runs_a_fixed_number_of_queries(client, size):
    make_content(questions=size - 1, answers_each=1)
    question = make_content(questions=1, answers_each=size)
    article = question.articles.first()
    # The content's freshness stamp (education/page_cache.py; read from the database when the
    # cache does not hold it), then: the count of questions, one page of questions and their
    # articles; the question and its articles; the article with its question, then the others.
    # With the cache emptied, each also reads the clinic's details once (Clinic.current).
    urls = {
        reverse("education:index"): 4 + 1,
        question.get_absolute_url(): 3 + 1,
        article.get_absolute_url(): 3 + 1,
    }
    for url, count in urls.items():
        cache.clear()
        assert len(queries_for(client, url)) == count
        # Shown again, the page comes from the cache, under the stamp kept there: no query.
        assert len(queries_for(client, url)) == 0
    assert len(queries_for(client, reverse("education:search"), q="magnetic")) == 1


@pytest.mark.parametrize("size", [1, 50])
def test_staff_previews_run_a_fixed_number_of_queries_too(client, staff, size):
    question = make_content(questions=1, answers_each=size)
    question.articles.update(status=Article.Status.DRAFT)
    client.force_login(staff)
    article = question.articles.first()
    # The session and the user, then the same queries as the public pages; the first page
    # also reads the clinic's details, kept in the cache after (Clinic.current).
    assert len(queries_for(client, question.get_absolute_url())) == 4 + 1
    assert len(queries_for(client, article.get_absolute_url())) == 4


def test_question_slug_search_is_reserved(db):
    from django.core.exceptions import ValidationError

    question = QuestionFactory.build(slug="search")
    with pytest.raises(ValidationError):
        question.full_clean()


def test_published_querysets(db):
    shown = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(question__is_published=False)
    assert list(Article.objects.published()) == [shown]
    assert list(Question.objects.with_published_articles()) == [shown.question]


def heading_levels(html):
    main = html[html.index("<main") : html.index("</main>")]
    return [int(level) for level in re.findall(r"<h([1-6])\b", main)]


@pytest.mark.parametrize(
    "url",
    [
        "/learn/",
        f"/learn/{Q1}/",
        f"/learn/{Q1}/several-mechanisms/",
        "/learn/search/?q=pyramidal",
        "/learn/search/?q=",
    ],
)
def test_headings_start_at_one_h1_and_never_skip_a_level(client, seeded, url):
    Article.objects.filter(slug="several-mechanisms").update(
        body="Intro.\n\n# A heading in the body\n\n## And a smaller one\n\nText."
    )
    levels = heading_levels(html_of(client.get(url)))
    assert levels[0] == 1
    assert levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_the_search_field_has_a_label(client, seeded):
    html = html_of(client.get(reverse("education:index")))
    assert '<label for="learn-search-q"' in html
    assert 'id="learn-search-q"' in html
    assert 'role="search"' in html


def test_a_cached_page_shows_an_edit_at_once(client):
    question = make_content(questions=1, answers_each=2)
    article = question.articles.first()
    for url in (
        reverse("education:index"),
        question.get_absolute_url(),
        article.get_absolute_url(),
    ):
        assert article.title in html_of(client.get(url))
        assert article.title in html_of(client.get(url))  # now from the cache

    article.title = "A corrected title"
    article.save()
    other = question.articles.exclude(pk=article.pk).get()
    other.delete()
    for url in (
        reverse("education:index"),
        question.get_absolute_url(),
        article.get_absolute_url(),
    ):
        html = html_of(client.get(url))
        assert "A corrected title" in html
        assert other.title not in html


def test_signed_in_visitors_and_staff_are_never_served_a_cached_copy(client, staff, patient):
    question = make_content(questions=1, answers_each=1)
    assert "Sign in" in html_of(client.get(question.get_absolute_url()))
    client.force_login(patient)
    assert "Sign out" in html_of(client.get(question.get_absolute_url()))
    question.articles.update(status=Article.Status.DRAFT)  # no save(): the stamp does not move
    client.force_login(staff)
    assert "Draft" in html_of(client.get(question.get_absolute_url()))


PER_PAGE = IndexView.paginate_by


def test_learn_shows_a_page_of_questions_with_links_to_the_others(client):
    questions = [make_content(questions=1, answers_each=2) for _ in range(2 * PER_PAGE + 5)]
    first = html_of(client.get(reverse("education:index")))
    shown = [q.text in first for q in questions]
    assert shown == [True] * PER_PAGE + [False] * (PER_PAGE + 5)
    assert first.count('<h3 class="h6 mb-0">') == 2 * PER_PAGE  # each question with its answers
    assert '<nav class="mt-4" aria-label="More questions">' in first
    assert "Page 1 of 3" in first
    assert '<a class="page-link" href="?page=2" rel="next">More questions</a>' in first
    assert 'aria-current="page"' in first

    last = html_of(client.get(reverse("education:index"), {"page": 3}))
    assert [q.text in last for q in questions] == [False] * 2 * PER_PAGE + [True] * 5
    assert "(page 3 of 3)" in last  # in the title
    assert '<link rel="canonical" href="http://testserver/learn/?page=3">' in last
    assert 'href="?page=2" rel="prev">Previous questions</a>' in last
    assert "More questions</a>" not in last


@pytest.mark.parametrize("page", ["4", "0", "abc"])
def test_a_page_of_learn_that_does_not_exist_is_not_found(client, page):
    make_content(questions=2 * PER_PAGE + 1, answers_each=1)
    assert client.get(reverse("education:index"), {"page": page}).status_code == 404


def test_learn_on_one_page_shows_no_page_links(client, seeded):
    html = html_of(client.get(reverse("education:index")))
    assert "More questions" not in html
    assert '<link rel="canonical" href="http://testserver/learn/">' in html


@pytest.mark.parametrize("questions", [PER_PAGE + 1, 50])
def test_every_page_of_learn_runs_the_same_number_of_queries(client, questions):
    make_content(questions=questions, answers_each=3)
    last = (questions + PER_PAGE - 1) // PER_PAGE
    for params in ({}, {"page": 2}, {"page": last}):
        cache.clear()
        # The stamp, the count of questions, the page's questions, their articles, and the
        # clinic's details (read once, then cached: Clinic.current).
        assert len(queries_for(client, reverse("education:index"), **params)) == 4 + 1

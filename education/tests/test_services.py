import pytest

from education import services
from education.importer import parse_document
from education.models import Article, Question

from .factories import ArticleFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_published_articles_by_slug_is_one_query_and_skips_drafts(
    seeded, django_assert_num_queries
):
    Article.objects.filter(slug="yes").update(status=Article.Status.DRAFT)
    with django_assert_num_queries(1):
        found = services.published_articles_by_slug(["looks-promising", "yes", "no-such", "rtms"])
        urls = {slug: article.get_anchor_url() for slug, article in found.items()}
        pages = {slug: article.get_absolute_url() for slug, article in found.items()}
    assert set(found) == {"looks-promising", "rtms"}
    assert urls["looks-promising"] == (
        "/learn/is-the-method-of-transcranial-magnetic-stimulation/#looks-promising"
    )
    assert pages["rtms"] == "/learn/can-you-explain-the-method-of-transcranial/rtms/"


def test_published_articles_by_slug_prefers_the_first_question_when_slugs_repeat(db):
    first = ArticleFactory(slug="yes", question=QuestionFactory(order=1))
    ArticleFactory(slug="yes", question=QuestionFactory(order=2))
    assert services.published_articles_by_slug(["yes"])["yes"] == first


def test_an_unpublished_question_hides_its_articles_from_other_apps(db):
    ArticleFactory(slug="hidden", question__is_published=False)
    assert services.published_articles_by_slug(["hidden"]) == {}


def test_questions_that_start_alike_stay_apart_and_reimport_changes_nothing(db):
    start = "Can you explain the method of transcranial magnetic stimulation"
    document = f"{start} for adults?\nA. a.\n{start} for teenagers?\nB. b.\n".encode()
    services.import_qa(questions=parse_document(document))
    assert Question.objects.count() == 2
    assert [q.articles.count() for q in Question.objects.all()] == [1, 1]
    report = services.import_qa(questions=parse_document(document))
    assert Question.objects.count() == 2
    assert len(report.unchanged) == 2


def test_a_question_at_the_same_address_is_taken_for_the_same_question(db):
    question = QuestionFactory(text="Does TMS hurt at all?", slug="does-it-hurt")
    services.import_qa(questions=parse_document(b"Does it hurt?\nA little. Tapping.\n"))
    assert Question.objects.get().articles.get().question == question


def test_an_answer_staff_created_with_the_same_address_is_kept(db):
    question = QuestionFactory(text="Does it hurt?", slug="does-it-hurt")
    ArticleFactory(question=question, slug="a-little", title="A little", body="Staff text.")
    report = services.import_qa(questions=parse_document(b"Does it hurt?\nA little. Tapping.\n"))
    assert len(report.kept) == 1
    assert question.articles.get().body == "Staff text."


def test_mark_reviewed_sets_last_and_next_review_and_keeps_history(db):
    import datetime

    article = ArticleFactory()
    due = services.mark_reviewed(articles=[article], on=datetime.date(2026, 1, 15))
    article.refresh_from_db()
    assert article.last_reviewed == datetime.date(2026, 1, 15)
    assert article.next_review_due == due == datetime.date(2027, 1, 15)
    assert article.history.count() == 2


def test_the_database_refuses_a_next_review_before_the_last(db):
    import datetime

    from django.db import IntegrityError, transaction

    article = ArticleFactory()
    article.last_reviewed = datetime.date(2026, 5, 1)
    article.next_review_due = datetime.date(2026, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_the_database_refuses_two_answers_with_one_address_under_a_question(db):
    from django.db import IntegrityError, transaction

    article = ArticleFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="same", question=article.question)

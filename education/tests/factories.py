import factory

from education.models import Article, Question


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    text = factory.Sequence(lambda n: f"What should I know about TMS, part {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    order = factory.Sequence(lambda n: n)
    is_published = True


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    question = factory.SubFactory(QuestionFactory)
    title = factory.Sequence(lambda n: f"Answer {n}")
    slug = factory.Sequence(lambda n: f"answer-{n}")
    order = factory.Sequence(lambda n: n)
    summary = "A short, plain summary of this answer."
    body = "TMS uses short magnetic pulses. Most people go back to their day after a session."
    status = Article.Status.PUBLISHED
    sources = factory.LazyFunction(list)

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Question


class LearnSitemap(Sitemap):
    def items(self):
        return ["education:index"]

    def location(self, item):
        return reverse(item)


class QuestionSitemap(Sitemap):
    def items(self):
        return Question.objects.with_published_articles()

    def lastmod(self, question):
        return question.updated


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().select_related("question").defer("search_vector")

    def lastmod(self, article):
        return article.updated


sitemaps = {"learn": LearnSitemap, "questions": QuestionSitemap, "articles": ArticleSitemap}

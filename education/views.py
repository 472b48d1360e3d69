"""The reading pages: /learn/, a question, an article, and search.

Only published content is public. Staff see unpublished content too, as a preview with a banner
(and the page is marked noindex and never cached). Each page runs a fixed number of queries.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from portal.i18n import reader_language

from . import schema
from .forms import SearchForm
from .models import Article, Question
from .page_cache import cached_for_visitors
from .panels import article_panels
from .search import search_articles


def alternate(request, item):
    """The page's counterpart in the other language, for <link rel="alternate" hreflang>."""
    if not item.translation_url:
        return None
    return {
        "this": item.language,
        "language": item.translation_language,
        "url": request.build_absolute_uri(item.translation_url),
    }


def _is_staff(request):
    return request.user.is_active and request.user.is_staff


class ContentMixin:
    """Shared by the reading pages: who may see drafts, and the page's metadata."""

    @cached_property
    def preview_allowed(self):
        return _is_staff(self.request)

    def articles_shown(self):
        articles = Article.objects.all() if self.preview_allowed else Article.objects.published()
        return articles.defer("search_vector")

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("is_preview") or context.get("panels"):
            # A preview, or a page with a signed-in reader's own panel, must not be cached.
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
        if context.get("is_preview"):
            response["X-Robots-Tag"] = "noindex"
        return response


@method_decorator(require_safe, name="dispatch")
@method_decorator(cached_for_visitors, name="dispatch")
class IndexView(ContentMixin, ListView):
    template_name = "education/index.html"
    context_object_name = "questions"
    # Questions a page, each with all its answers. A clinic's library (the bundled one has two
    # questions) fits on one page, as docs/contract.md's "every published question" asks; a very
    # large one is split, so a phone never downloads every answer's summary at once (1,000
    # answers were 376 KB of HTML on one page).
    paginate_by = 20

    def get_queryset(self):
        questions = Question.objects.with_published_articles().for_reader(reader_language())
        return questions.prefetch_related(
            Prefetch("articles", queryset=Article.objects.published().defer("search_vector"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        path = self.request.path + (f"?page={page.number}" if page.number > 1 else "")
        context["canonical_url"] = self.request.build_absolute_uri(path)
        context["search_form"] = SearchForm()
        return context


@method_decorator(require_safe, name="dispatch")
@method_decorator(cached_for_visitors, name="dispatch")
class QuestionView(ContentMixin, DetailView):
    template_name = "education/question.html"
    context_object_name = "question"

    def get_queryset(self):
        questions = Question.objects.all() if self.preview_allowed else Question.objects.published()
        return questions.with_translation().prefetch_related(
            Prefetch("articles", queryset=self.articles_shown())
        )

    def get_object(self, queryset=None):
        question = super().get_object(queryset)
        if not question.articles.all() and not self.preview_allowed:
            raise Http404("This question has no published answers.")
        return question

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        articles = list(question.articles.all())
        canonical_url = self.request.build_absolute_uri(question.get_absolute_url())
        context.update(
            articles=articles,
            canonical_url=canonical_url,
            is_preview=not question.is_published
            or any(a.status != Article.Status.PUBLISHED for a in articles),
            description=articles[0].summary if articles else question.text,
            structured_data=schema.faq_page(question, articles, canonical_url, self.request),
            alternate=alternate(self.request, question),
        )
        return context


@method_decorator(require_safe, name="dispatch")
@method_decorator(cached_for_visitors, name="dispatch")
class ArticleView(ContentMixin, DetailView):
    template_name = "education/article.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            self.articles_shown()
            .with_translation()
            .select_related("question")
            .filter(question__slug=self.kwargs["question_slug"])
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        canonical_url = self.request.build_absolute_uri(article.get_absolute_url())
        context.update(
            question=article.question,
            other_articles=self.articles_shown()
            .filter(question=article.question)
            .exclude(pk=article.pk)
            .only("title", "slug", "summary", "status", "question"),
            canonical_url=canonical_url,
            is_preview=not article.is_public,
            structured_data=schema.medical_web_page(article, canonical_url, self.request),
            panels=article_panels(self.request, article),
            alternate=alternate(self.request, article),
        )
        return context


@require_safe
def search(request):
    form = SearchForm(request.GET)
    query, results = "", []
    if form.is_valid():
        query = form.cleaned_data["q"]
        results = search_articles(query)
    return render(
        request,
        "education/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "canonical_url": request.build_absolute_uri(request.path),
        },
    )

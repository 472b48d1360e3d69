"""The clinic's questions and answers about TMS.

A ``Question`` holds one or more ``Article`` answers. Only published content is public; staff see
drafts as a preview. Every edit is kept as history (django-simple-history), so an earlier version
can be restored from the admin.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .importer import RESERVED_QUESTION_SLUGS

LANGUAGE_CHOICES = settings.LANGUAGES


def _language_field():
    return models.CharField(
        max_length=10,
        choices=LANGUAGE_CHOICES,
        default="en",
        blank=True,  # left out of a form: English
        help_text="The language this is written in.",
    )


def _translation_field(model, related_name):
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        verbose_name="translation of",
        help_text="The English original this translates (empty for an original).",
    )


def _translation_constraints(table):
    """A translation is never in the original's language (originals are English), and an
    original has one translation per language."""
    return [
        models.CheckConstraint(
            condition=Q(translation_of__isnull=True) | ~Q(language="en"),
            name=f"education_{table}_translation_not_english",
        ),
        models.UniqueConstraint(
            fields=["translation_of", "language"],
            name=f"education_{table}_one_translation_per_language",
        ),
    ]


class TranslatedMixin:
    """What questions and articles share about their language."""

    def clean(self):
        super().clean()
        self.language = self.language or "en"
        original = self.translation_of
        if original is None:
            return
        if original.translation_of_id is not None:
            raise ValidationError(
                {"translation_of": "Choose the original, not another translation of it."}
            )
        if original.language == self.language or original.pk == self.pk:
            raise ValidationError(
                {"translation_of": "A translation is in another language than its original."}
            )


def validate_question_slug(value):
    if value in RESERVED_QUESTION_SLUGS:
        raise ValidationError(
            "“%(value)s” is the address of another page; choose another.",
            code="reserved_slug",
            params={"value": value},
        )


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_published_articles(self):
        """Published questions that have at least one published answer to show."""
        return self.published().filter(
            Exists(Article.objects.published().filter(question=OuterRef("pk")))
        )

    def for_reader(self, language):
        """What a reader of ``language`` is shown: the questions in that language, and each
        original with no published translation in it (shown as it is, marked)."""
        if language == "en":
            return self.filter(language="en")
        translated = Question.objects.with_published_articles().filter(
            translation_of=OuterRef("pk"), language=language
        )
        return self.filter(
            Q(language=language) | Q(translation_of__isnull=True) & ~Exists(translated)
        )

    def with_translation(self):
        """Each question with ``translation_language`` and ``translation_slug``: its published
        counterpart in another language (its original, or a translation of it), if any."""
        return self.annotate(**_counterpart(self.model.objects.with_published_articles(), "slug"))


class Question(TranslatedMixin, models.Model):
    text = models.CharField(
        "question",
        max_length=300,
        help_text="The question as patients ask it, ending with a question mark.",
    )
    slug = models.SlugField(
        max_length=60,
        unique=True,
        validators=[validate_question_slug],
        help_text="The question's web address (/learn/<slug>/). Changing it breaks old links.",
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Questions are listed from the lowest number to the highest."
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Only published questions, and their published answers, are shown to patients.",
    )
    language = _language_field()
    translation_of = _translation_field("self", "translations")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "question"
        verbose_name_plural = "questions"
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=sorted(RESERVED_QUESTION_SLUGS)),
                name="education_question_slug_not_reserved",
            ),
            *_translation_constraints("question"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("education:question", args=[self.slug])

    @property
    def translation_url(self):
        """Its counterpart's address (with ``with_translation()``), or None."""
        slug = getattr(self, "translation_slug", None)
        return reverse("education:question", args=[slug]) if slug else None


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, question__is_published=True)

    def by_slugs(self, slugs):
        """{article slug: article} for the given slugs, in one query.

        Article slugs are unique within a question only; when two questions share a slug, the
        answer under the question listed first wins.
        """
        found = {}
        for article in (
            self.filter(slug__in=set(slugs))
            .select_related("question")
            .order_by("question__order", "question__pk", "order", "pk")
        ):
            found.setdefault(article.slug, article)
        return found

    def with_translation(self):
        """Each article with ``translation_language``, ``translation_slug`` and
        ``translation_question_slug``: its published counterpart in another language."""
        return self.annotate(
            **_counterpart(self.model.objects.published(), "slug", "question__slug")
        )


def _counterpart(candidates, *fields):
    """Subqueries for a row's counterpart in another language: its original, or (for an
    original) its translation, the first by language; one annotation per field."""
    counterpart = candidates.filter(
        Q(pk=OuterRef("translation_of")) | Q(translation_of=OuterRef("pk"))
    ).order_by("language")
    names = {"language": "translation_language"} | {
        field: f"translation_{field.replace('__', '_')}" for field in fields
    }
    return {name: Subquery(counterpart.values(field)[:1]) for field, name in names.items()}


class Article(TranslatedMixin, models.Model):
    """One titled answer to a question."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(
        max_length=120, help_text="A short title for this answer, e.g. “Dual mechanism”."
    )
    slug = models.SlugField(
        max_length=80,
        help_text="The answer's web address under its question. Unique within the question.",
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Answers are listed from the lowest number to the highest."
    )
    summary = models.CharField(
        max_length=200,
        help_text="One plain sentence shown in lists, search results and to search engines.",
    )
    body = models.TextField(
        help_text="The answer in Markdown: blank line between paragraphs, **bold**, "
        "[link text](https://example.org). HTML is cleaned out."
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published answers (under a published question) are shown to patients.",
    )
    sources = models.JSONField(
        default=list,
        blank=True,
        help_text="Where the facts come from: one web address per line, optionally followed "
        "by “ | ” and a label.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When a clinician last checked this answer."
    )
    reviewed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Name and credentials of the reviewer, e.g. “Dr. Ana Ruiz, MD, psychiatrist”.",
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When this answer should next be checked."
    )
    language = _language_field()
    translation_of = _translation_field("self", "translations")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # What the Q&A importer last wrote (a hash of title, summary, body and sources), so a
    # re-import can tell an answer a staff member edited since, and leave it alone.
    imported_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Kept current by a PostgreSQL trigger (see migration 0002); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        ordering = ["question__order", "question__pk", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "slug"], name="education_article_slug_unique_per_question"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="education_article_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(last_reviewed__isnull=True)
                | Q(next_review_due__isnull=True)
                | Q(next_review_due__gte=models.F("last_reviewed")),
                name="education_article_review_due_after_reviewed",
            ),
            *_translation_constraints("article"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:article", args=[self.question.slug, self.slug])

    @property
    def translation_url(self):
        """Its counterpart's address (with ``with_translation()``), or None."""
        slug = getattr(self, "translation_slug", None)
        if not slug:
            return None
        return reverse("education:article", args=[self.translation_question_slug, slug])

    def get_anchor_url(self):
        """This answer's place on its question's page: /learn/<question>/#<article>."""
        return f"{self.question.get_absolute_url()}#{self.slug}"

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.question.is_published

    def content_hash(self):
        return content_hash(
            title=self.title, summary=self.summary, body=self.body, sources=self.sources
        )


def content_hash(*, title, summary, body, sources):
    """A fingerprint of an answer's imported content, to notice later edits."""
    payload = json.dumps([title, summary, body, sources], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


class ImportJob(models.Model):
    """A large Q&A upload, imported by a background task (education/jobs.py).

    The text is kept until the job has run; progress and the outcome are shown on the job's
    admin page. The import itself is all or nothing: a failed job wrote no article.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed: nothing was imported"

    file_name = models.CharField(max_length=255, blank=True)
    text = models.TextField(help_text="The uploaded document, as UTF-8 text.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="uploaded by",
    )
    created = models.DateTimeField("uploaded", auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    answers_done = models.PositiveIntegerField(default=0)
    answers_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(
        default=list, blank=True, help_text="What the import did, line by line."
    )
    error = models.TextField(blank=True, help_text="Why the import failed, in plain words.")

    class Meta:
        verbose_name = "Q&A import"
        verbose_name_plural = "Q&A imports"
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="education_importjob_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(answers_done__lte=models.F("answers_total")),
                name="education_importjob_done_within_total",
            ),
        ]

    def __str__(self):
        name = self.file_name or "Q&A text"
        return f"{name} ({self.get_status_display().lower()})"

    # Far longer than the largest import allowed takes (seconds): past it, a waiting job has no
    # worker to take it, and a running one lost its worker (its transaction wrote nothing).
    OVERDUE_AFTER = datetime.timedelta(minutes=30)

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_overdue(self):
        since = self.started or self.created
        return not self.is_finished and since < timezone.now() - self.OVERDUE_AFTER

    def progress_text(self):
        return f"{self.answers_done:,} of {self.answers_total:,} answers"

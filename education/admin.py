import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_base import JobAdmin, ValidSelectionMixin

from . import jobs, services
from .forms import ArticleAdminForm, ImportForm
from .importer import MAX_FILE_BYTES
from .models import Article, ImportJob, Question
from .rendering import render_markdown
from .uploads import InMemoryOnlyUploadHandler

DUE_SOON = datetime.timedelta(days=30)


class TranslationOfMixin:
    """ "Translation of" offers the English originals only, in a plain list (a library has tens of
    them; the autocomplete box's search field has no accessible name)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "translation_of":
            model = db_field.remote_field.model
            kwargs["queryset"] = model.objects.filter(language="en", translation_of=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def may_import(user) -> bool:
    """Who may upload Q&A text and see the import jobs (content editors may)."""
    return user.has_perm("education.add_article") and user.has_perm("education.change_article")


class ArticleInline(admin.TabularInline):
    """The question's answers, to reorder, retitle and publish in one place. New answers are
    added from the article form, which has room for the body and sources."""

    model = Article
    fields = ["order", "title", "slug", "status", "last_reviewed"]
    readonly_fields = ["last_reviewed"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["order", "pk"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(TranslationOfMixin, ValidSelectionMixin, SimpleHistoryAdmin):
    list_display = ["text", "language", "order", "is_published", "answer_count", "updated"]
    list_display_links = ["text"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "language"]
    search_fields = ["text", "slug"]
    prepopulated_fields = {"slug": ["text"]}
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["text", "slug", "order", "is_published"]}),
        ("Language", {"fields": ["language", "translation_of"]}),
        ("Advanced", {"classes": ["collapse"], "fields": ["created", "updated"]}),
    ]
    inlines = [ArticleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answers=Count("articles"))

    @admin.display(description="answers", ordering="answers")
    def answer_count(self, question):
        return question.answers


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", "Due in the next 30 days"),
            ("never", "Never reviewed"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                next_review_due__gte=today, next_review_due__lte=today + DUE_SOON
            )
        if self.value() == "never":
            return queryset.filter(last_reviewed__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(TranslationOfMixin, ValidSelectionMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "question_short",
        "status",
        "last_reviewed",
        "review_due",
        "updated",
    ]
    list_filter = ["status", "language", ReviewDueFilter, "question"]
    list_select_related = ["question"]
    search_fields = ["title", "summary", "body", "reviewed_by", "question__text"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link", "created", "updated"]
    actions = ["publish", "unpublish", "mark_reviewed_today"]
    fieldsets = [
        (None, {"fields": ["question", "title", "slug", "summary", "body", "status"]}),
        ("Language", {"fields": ["language", "translation_of"]}),
        ("Sources", {"fields": ["sources"]}),
        ("Clinical review", {"fields": ["last_reviewed", "reviewed_by", "next_review_due"]}),
        (
            "Advanced",
            {"classes": ["collapse"], "fields": ["order", "preview_link", "created", "updated"]},
        ),
    ]
    change_list_template = "admin/education/article/change_list.html"

    class Media:
        css = {"all": ["education/admin.css"]}
        js = ["education/markdown-preview.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = forms.Textarea(
                attrs={
                    "rows": 14,
                    "class": "vLargeTextField",
                    "data-preview-url": reverse("admin:education_article_preview"),
                }
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector")

    @admin.display(description="question", ordering="question__order")
    def question_short(self, article):
        text = article.question.text
        return text if len(text) <= 50 else f"{text[:49]}…"

    @admin.display(description="next review due", ordering="next_review_due")
    def review_due(self, article):
        due = article.next_review_due
        if due is None:
            return "—"
        today = timezone.localdate()
        if due < today:
            return format_html('<strong class="review-overdue">Overdue: {}</strong>', due)
        if due <= today + DUE_SOON:
            return format_html('<span class="review-soon">Soon: {}</span>', due)
        return due

    @admin.display(description="preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save first to preview."
        label = "View on the site" if article.is_public else "Preview (not public yet)"
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset):
        count = services.set_status(articles=queryset, status=Article.Status.PUBLISHED)
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected articles (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = services.set_status(articles=queryset, status=Article.Status.DRAFT)
        self.message_user(request, f"Moved {count} article(s) back to draft.", messages.SUCCESS)

    @admin.action(description="Mark the selected articles reviewed today", permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        articles = list(queryset)
        due = services.mark_reviewed(articles=articles)
        self.message_user(
            request,
            f"Marked {len(articles)} article(s) reviewed today; next review due {due:%d %B %Y}.",
            messages.SUCCESS,
        )
        unnamed = [article.title for article in articles if not article.reviewed_by]
        if unnamed:
            self.message_user(
                request,
                "No reviewer is named on: " + ", ".join(unnamed) + ". Add one on each article.",
                messages.WARNING,
            )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="education_article_import",
            ),
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="education_article_preview",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def preview_view(self, request):
        """The body as patients will see it (rendered and cleaned), for the preview button."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        html = render_markdown(request.POST.get("body", "")[:100_000], 1)
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    @csrf_exempt  # the upload handler must be set before the CSRF check reads the body
    def import_view(self, request):
        if not may_import(request.user):
            raise PermissionDenied
        handler = InMemoryOnlyUploadHandler(request, max_bytes=MAX_FILE_BYTES)
        request.upload_handlers = [handler]
        return csrf_protect(self._import_view)(request, handler)

    def _import_view(self, request, handler):
        form, report = ImportForm(), None
        if request.method == "POST":
            files = request.FILES  # reads the upload, so the handler knows if it was too large
            form = ImportForm(request.POST, files, upload_too_large=handler.too_large)
            if form.is_valid():
                if form.answer_count > settings.QA_IMPORT_BACKGROUND_ANSWERS:
                    return self._start_job(request, form)
                report = services.import_qa(questions=form.questions)
                self.message_user(request, report.lines()[0], messages.SUCCESS)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import Q&A text",
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "changelist_url": reverse("admin:education_article_changelist"),
            "jobs_url": reverse("admin:education_importjob_changelist"),
        }
        return TemplateResponse(request, "admin/education/article/import.html", context)

    def _start_job(self, request, form):
        job = jobs.start_job(
            text=form.text,
            file_name=form.cleaned_data["file"].name,
            user=request.user,
            answers_total=form.answer_count,
        )
        self.message_user(
            request,
            f"The file holds {form.answer_count:,} answers, so it is imported in the background. "
            "This page shows how far it has got.",
            messages.INFO,
        )
        return redirect("admin:education_importjob_change", job.pk)


@admin.register(ImportJob)
class ImportJobAdmin(JobAdmin):
    """Large Q&A uploads imported in the background (education/jobs.py): read-only, for whoever
    may import. A job holds article text only, so any editor may open anyone's job."""

    list_display = ["file_name", "status", "progress", "created_by", "created", "finished"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    fields = [
        "file_name",
        "status",
        "progress",
        "created_by",
        "created",
        "started",
        "finished",
        "error",
    ]
    readonly_fields = fields
    change_form_template = "admin/education/importjob/change_form.html"

    def get_fields(self, request, obj=None):
        failed = obj is not None and obj.status == ImportJob.Status.FAILED
        return self.fields if failed else [name for name in self.fields if name != "error"]

    def has_view_permission(self, request, obj=None):
        return may_import(request.user)

    def has_module_permission(self, request):
        return may_import(request.user)

    @admin.display(description="progress")
    def progress(self, job):
        return job.progress_text()

"""Writes to the education content, and the one read other apps rely on."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from .importer import ImportProblem, ParsedAnswer, ParsedQuestion, question_slug
from .models import Article, Question, content_hash

# How long a review holds before the next one is due (NHS and MedlinePlus review on a cycle;
# a year keeps clinical wording close to current payer and device facts).
REVIEW_INTERVAL = datetime.timedelta(days=365)


def published_articles_by_slug(slugs) -> dict[str, Article]:
    """{slug: published article} for the given article slugs, in one query.

    Missing or unpublished slugs are simply absent. Each article comes with its question, so
    ``get_absolute_url()`` and ``get_anchor_url()`` need no further query.
    """
    return Article.objects.published().by_slugs(slugs)


def in_language(articles: dict[str, Article], language: str | None) -> dict[str, Article]:
    """The same {slug: article}, each English article replaced by its published translation in
    ``language`` where there is one (one query; none for English)."""
    originals = {a.pk: slug for slug, a in articles.items() if a.translation_of_id is None}
    if not language or not originals or language == "en":
        return articles
    translations = (
        Article.objects.published()
        .filter(translation_of__in=originals, language=language)
        .select_related("question")
        .defer("search_vector")
    )
    swapped = dict(articles)
    for translation in translations:
        swapped[originals[translation.translation_of_id]] = translation
    return swapped


@dataclass
class ImportReport:
    """What an import did, answer by answer (each entry names the answer and its question)."""

    questions_created: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def answers_read(self):
        return len(self.created) + len(self.updated) + len(self.kept) + len(self.unchanged)

    def lines(self):
        """The report as plain lines, for the command and the admin page alike."""
        lines = [
            f"Created {len(self.created)}, updated {len(self.updated)}, "
            f"kept {len(self.kept)}, unchanged {len(self.unchanged)} "
            f"({self.answers_read} answers read; "
            f"{len(self.questions_created)} new questions).",
        ]
        for label, entries in (
            ("Created", self.created),
            ("Updated", self.updated),
            ("Kept (edited or deleted by staff since it was imported, left as it is)", self.kept),
        ):
            lines += [f"{label}: {entry}" for entry in entries]
        return lines


@transaction.atomic
def import_qa(
    *,
    questions: list[ParsedQuestion],
    progress=None,
    language: str = "en",
    originals: list[ParsedQuestion] | None = None,
) -> ImportReport:
    """Write parsed Q&A content; all or nothing.

    ``language`` is the document's language. ``originals``, for a translation, is the parsed
    English document it translates: the nth question translates the nth question there, and
    its nth answer the nth answer; both must match in number and the English document must be
    imported already (``ImportProblem`` otherwise, before anything is written).

    New questions and answers are created published. An answer already imported is updated only
    if nobody has edited it since (its content still matches what the last import wrote);
    otherwise it is kept as it is. What staff deleted in the admin is not brought back (it is
    reported as kept). Importing the same document twice changes nothing. ``progress``, if
    given, is called with the number of answers handled so far after each question.
    """
    report = ImportReport()
    pairs = _originals_of(questions, originals) if originals is not None else None
    taken_slugs = set(Question.objects.values_list("slug", flat=True))
    # A second document's new questions follow the ones already there.
    last_order = Question.objects.aggregate(last=Max("order"))["last"] or 0
    for position, parsed in enumerate(questions, start=1):
        original = pairs[position - 1] if pairs else None
        order = original.order if original else position + last_order
        _import_question(parsed, order, taken_slugs, report, language, original)
        if progress is not None:
            progress(report.answers_read)
    return report


def _originals_of(questions, originals) -> list[Question]:
    """The English question each translated question stands for, checked answer by answer."""
    if len(questions) != len(originals):
        raise ImportProblem(
            f"the translation has {len(questions)} questions and the English document "
            f"{len(originals)}. Translate every question, in the same order."
        )
    found = []
    for parsed, english in zip(questions, originals, strict=True):
        if len(parsed.answers) != len(english.answers):
            raise ImportProblem(
                f"this question has {len(parsed.answers)} answers and its English original "
                f"(“{english.text}”) {len(english.answers)}. Translate every answer, in order.",
                line=parsed.line,
            )
        original = _find_question(english, "en")
        answers = {} if original is None else {a.slug: a for a in original.articles.all()}
        if original is None or any(a.slug not in answers for a in english.answers):
            raise ImportProblem(
                f"the English original “{english.text}” is not imported yet. Import the "
                "English document first."
            )
        original.paired = [answers[a.slug] for a in english.answers]
        found.append(original)
    return found


def _import_question(parsed, order, taken_slugs, report, language="en", original=None):
    question = _find_question(parsed, language, original)
    if question is None and _was_deleted(parsed):
        report.kept += [f"{a.title} (under: {parsed.text}; deleted)" for a in parsed.answers]
        return
    deleted_slugs = set()
    if question is None:
        slug = parsed.slug
        if slug in taken_slugs:
            slug = question_slug(parsed.text, taken=taken_slugs)
        taken_slugs.add(slug)
        question = Question.objects.create(
            text=parsed.text,
            slug=slug,
            order=order,
            is_published=True,
            language=language,
            translation_of=original,
        )
        report.questions_created.append(parsed.text)
    else:
        deleted_slugs = set(
            Article.history.filter(question_id=question.pk, history_type="-").values_list(
                "slug", flat=True
            )
        )
    existing = {article.slug: article for article in question.articles.all()}
    for answer_position, answer in enumerate(parsed.answers, start=1):
        label = f"{answer.title} (under: {question.text})"
        article = existing.get(answer.slug)
        if article is None and answer.slug in deleted_slugs:
            report.kept.append(f"{answer.title} (under: {question.text}; deleted)")
        elif article is None:
            translates = original.paired[answer_position - 1] if original else None
            _create_answer(question, answer, answer_position, translates)
            report.created.append(label)
        else:
            outcome = _update_answer(article, answer)
            getattr(report, outcome).append(label)


def _fields(answer: ParsedAnswer) -> dict:
    return {
        "title": answer.title,
        "summary": answer.summary,
        "body": answer.body,
        "sources": [source.as_dict() for source in answer.sources],
    }


def _create_answer(question, answer, position, original=None):
    fields = _fields(answer)
    Article.objects.create(
        question=question,
        slug=answer.slug,
        order=position,
        status=Article.Status.PUBLISHED,
        language=question.language,
        translation_of=original,
        imported_hash=content_hash(**fields),
        **fields,
    )


def _update_answer(article, answer) -> str:
    """Bring an imported answer up to date unless staff edited it; says which happened."""
    fields = _fields(answer)
    new_hash = content_hash(**fields)
    current_hash = article.content_hash()
    if current_hash == new_hash:
        if article.imported_hash != new_hash:
            Article.objects.filter(pk=article.pk).update(imported_hash=new_hash)
        return "unchanged"
    if current_hash != article.imported_hash:
        return "kept"
    for name, value in fields.items():
        setattr(article, name, value)
    article.imported_hash = new_hash
    article.save()
    return "updated"


def _was_deleted(parsed: ParsedQuestion) -> bool:
    """Whether staff deleted this question in the admin (its history says so)."""
    return Question.history.filter(
        Q(text__iexact=parsed.text) | Q(slug=parsed.slug), history_type="-"
    ).exists()


def _find_question(parsed: ParsedQuestion, language="en", original=None) -> Question | None:
    """The question this document's question stands for: the translation of the same original,
    the same text, or, if staff reworded it, the same web address."""
    questions = Question.objects.filter(language=language)
    if original is not None:
        translation = questions.filter(translation_of=original).first()
        if translation is not None:
            return translation
    by_text = questions.filter(text__iexact=parsed.text).order_by("pk").first()
    if by_text is not None:
        return by_text
    return questions.filter(slug=parsed.slug).first()


@transaction.atomic
def set_status(*, articles, status) -> int:
    """Publish or unpublish articles one by one, so each change is kept in their history."""
    count = 0
    for article in articles:
        if article.status != status:
            article.status = status
            article.save(update_fields=["status", "updated"])
        count += 1
    return count


@transaction.atomic
def mark_reviewed(*, articles, on: datetime.date | None = None) -> datetime.date:
    """Record a review of these articles on ``on`` (today by default); the next one is due a
    review interval later. Returns the new due date."""
    on = on or timezone.localdate()
    due = on + REVIEW_INTERVAL
    for article in articles:
        article.last_reviewed = on
        article.next_review_due = due
        article.save(update_fields=["last_reviewed", "next_review_due", "updated"])
    return due

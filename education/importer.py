"""Reading a Q&A text document (the format in docs/contract.md) into plain data.

Pure: no database. ``parse_document(data)`` takes the file's bytes and returns the questions
with their answers, or raises ``ImportProblem`` naming the line at fault. ``services.import_qa``
writes the result.

The format:
- a line ending in ``?`` starts a question;
- each following non-empty line is one answer: its title is the text before the first ``. ``,
  its body the rest (``Yes. Yes. I believe ...`` is titled ``Yes``);
- a web address split by stray spaces (``Http://advancedmentalhealth. Com/tms.``) is a source of
  that answer: stored as a clean link (``http://advancedmentalhealth.com/tms``) and taken out of
  the body;
- blank lines separate nothing in particular.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.text import slugify

# Addresses under /learn/ that are pages of their own, never a question's slug (the models
# enforce it too).
RESERVED_QUESTION_SLUGS = frozenset({"search"})

MAX_FILE_BYTES = 1_000_000
MAX_LINE_CHARS = 10_000
MAX_QUESTION_CHARS = 300
MAX_TITLE_CHARS = 120
MAX_SUMMARY_CHARS = 160
MIN_SUMMARY_CHARS = 40
MAX_QUESTION_SLUG_CHARS = 50
MAX_ARTICLE_SLUG_CHARS = 80


class ImportProblem(ValueError):
    """The document cannot be imported; the message says why, in plain words."""

    def __init__(self, message, *, line=None):
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


@dataclass(frozen=True)
class Source:
    url: str
    label: str = ""

    def as_dict(self):
        return {"url": self.url, "label": self.label}


@dataclass
class ParsedAnswer:
    line: int
    title: str
    slug: str
    summary: str
    body: str
    sources: list[Source] = field(default_factory=list)


@dataclass
class ParsedQuestion:
    line: int
    text: str
    slug: str
    answers: list[ParsedAnswer] = field(default_factory=list)


# Top-level domains a stray space may split off ("example. Com"). Only these are joined back, so
# "see http://example.org. Then ..." does not swallow the next sentence.
_SPLIT_TLDS = "com|org|net|gov|edu|info|io|co|us|uk|ca|au|nz|ie|de|fr|int|mil|health|nhs"
_URL_RE = re.compile(
    r"(?i)\bhttps?\s*:\s*//\s*"  # scheme, perhaps with stray spaces
    r"(?:[a-z0-9-]+\.)*[a-z0-9-]+"  # host, up to its last label
    rf"(?:\.\s*(?:{_SPLIT_TLDS})\b|\.[a-z]{{2,}})"  # the top-level domain, maybe after a space
    r"(?::\d+)?"  # port
    r"(?:[/?#]\S*)?"  # path, query, fragment: up to the next space
)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\"\u00bb\u201d\u2019"
_CONTROL_CHARACTER_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def decode(data: bytes) -> str:
    """The document's text; it must be UTF-8 (a byte-order mark is allowed)."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError("decode() takes the file's bytes")
    if len(data) > MAX_FILE_BYTES:
        raise ImportProblem(
            f"The file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (1 MB)."
        )
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportProblem(
            "this is not UTF-8 text. Save the file as plain text in UTF-8 and try again.",
            line=line,
        ) from None
    return text


def parse_document(data: bytes) -> list[ParsedQuestion]:
    """Every question in the document with its answers, in the order they appear."""
    return parse_text(decode(data))


def parse_text(text: str) -> list[ParsedQuestion]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not text.strip():
        raise ImportProblem("The file is empty: there is no question to import.")

    questions: list[ParsedQuestion] = []
    seen_questions: dict[str, int] = {}
    seen_answers: dict[str, int] = {}
    answer_count = 0
    for number, raw in enumerate(lines, start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise ImportProblem(
                f"the line is {len(raw):,} characters long; the limit is {MAX_LINE_CHARS:,}. "
                "Is this really a Q&A text file?",
                line=number,
            )
        if _CONTROL_CHARACTER_RE.search(raw):
            raise ImportProblem(
                "the line holds a control character (such as a NUL byte). "
                "Is this really a plain text file?",
                line=number,
            )
        line = " ".join(unicodedata.normalize("NFC", raw).split())
        if not line:
            continue
        if line.endswith("?"):
            question = _parse_question(line, number)
            key = question.text.casefold()
            if key in seen_questions:
                raise ImportProblem(
                    f"this question was already asked on line {seen_questions[key]}. "
                    "Put all its answers under one copy of it.",
                    line=number,
                )
            seen_questions[key] = number
            seen_answers = {}
            questions.append(question)
            continue
        if not questions:
            raise ImportProblem(
                "this answer comes before any question. The file must start with a question "
                "(a line ending in “?”).",
                line=number,
            )
        if answer_count >= settings.QA_IMPORT_MAX_ANSWERS:
            raise ImportProblem(
                f"the file holds more than {settings.QA_IMPORT_MAX_ANSWERS:,} answers, the "
                "limit for one import (QA_IMPORT_MAX_ANSWERS). Split it into smaller files.",
                line=number,
            )
        if len(questions[-1].answers) >= settings.QA_IMPORT_MAX_ANSWERS_PER_QUESTION:
            raise ImportProblem(
                f"this question has more than {settings.QA_IMPORT_MAX_ANSWERS_PER_QUESTION:,} "
                "answers, the limit for one question (QA_IMPORT_MAX_ANSWERS_PER_QUESTION).",
                line=number,
            )
        answer = _parse_answer(line, number)
        if answer.slug in seen_answers:
            raise ImportProblem(
                f"the answer “{answer.title}” has the same title as the answer on line "
                f"{seen_answers[answer.slug]}, under the same question. Give each answer its "
                "own title.",
                line=number,
            )
        seen_answers[answer.slug] = number
        questions[-1].answers.append(answer)
        answer_count += 1

    _give_questions_unique_slugs(questions)
    for question in questions:
        if not question.answers:
            raise ImportProblem(
                "this question has no answers. Put its answers on the lines after it.",
                line=question.line,
            )
    return questions


def question_slug(text: str, *, taken=()) -> str:
    """A short, readable address for a question: its words, cut at a word boundary."""
    words = slugify(text).split("-")
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_QUESTION_SLUG_CHARS:
            break
        slug = candidate
    slug = slug or slugify(text)[:MAX_QUESTION_SLUG_CHARS].strip("-") or "question"
    unique, n = slug, 2
    while unique in taken or unique in RESERVED_QUESTION_SLUGS:
        unique = f"{slug}-{n}"
        n += 1
    return unique


def article_slug(title: str) -> str:
    return slugify(title)[:MAX_ARTICLE_SLUG_CHARS].strip("-")


def summarise(body: str) -> str:
    """The answer's first sentence (two if the first is very short, as in "Yes."), shortened at
    a word boundary if it is long."""
    sentences = re.split(r"(?<=[.!?])\s+", body.strip())
    summary = sentences[0]
    for sentence in sentences[1:]:
        if len(summary) >= MIN_SUMMARY_CHARS:
            break
        summary = f"{summary} {sentence}"
    if len(summary) <= MAX_SUMMARY_CHARS:
        return summary
    cut = summary[: MAX_SUMMARY_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return f"{cut}…"


def extract_sources(body: str) -> tuple[str, list[Source]]:
    """The body without its web addresses, and those addresses as clean links."""
    sources: list[Source] = []
    for match in _URL_RE.finditer(body):
        url = clean_url(match.group(0))
        if url and Source(url) not in sources:
            sources.append(Source(url))
    if not sources:
        return body, sources
    remaining = _URL_RE.sub(lambda m: "" if clean_url(m.group(0)) else m.group(0), body)
    remaining = re.sub(r"\s+([.,;:!?])", r"\1", remaining)
    remaining = " ".join(remaining.split())
    return remaining, sources


def clean_url(raw: str) -> str | None:
    """``Http://advancedmentalhealth. Com/tms.`` -> ``http://advancedmentalhealth.com/tms``."""
    url = re.sub(r"\s+", "", raw).rstrip(_TRAILING_PUNCTUATION)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in {"http", "https"} or "." not in host:
        return None
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))


def _parse_question(line: str, number: int) -> ParsedQuestion:
    if len(line) > MAX_QUESTION_CHARS:
        raise ImportProblem(
            f"the question is {len(line):,} characters long; the limit is {MAX_QUESTION_CHARS}.",
            line=number,
        )
    if not slugify(line):
        raise ImportProblem("the question has no words in it.", line=number)
    return ParsedQuestion(line=number, text=line, slug="")


def _parse_answer(line: str, number: int) -> ParsedAnswer:
    title, separator, rest = line.partition(". ")
    if not separator and line.endswith(".") and len(line) <= MAX_TITLE_CHARS:
        raise ImportProblem(f"the answer “{line[:-1]}” has a title but no text.", line=number)
    if not separator:
        raise ImportProblem(
            "this answer has no title. Start each answer with a short title and a full stop, "
            "then the answer, e.g. “Yes. TMS can help when ...”.",
            line=number,
        )
    title = title.strip()
    if len(title) > MAX_TITLE_CHARS:
        raise ImportProblem(
            f"the title (the text before the first “. ”) is {len(title):,} characters long; "
            f"titles are at most {MAX_TITLE_CHARS}. Is the full stop after the title missing?",
            line=number,
        )
    slug = article_slug(title)
    if not slug:
        raise ImportProblem(
            f"the title “{title}” has no letters or numbers to make a web address from.",
            line=number,
        )
    body, sources = extract_sources(rest)
    if not body:
        raise ImportProblem(f"the answer “{title}” has a title but no text.", line=number)
    return ParsedAnswer(
        line=number,
        title=title,
        slug=slug,
        summary=summarise(body),
        body=body,
        sources=sources,
    )


def _give_questions_unique_slugs(questions: list[ParsedQuestion]) -> None:
    taken: set[str] = set()
    for question in questions:
        question.slug = question_slug(question.text, taken=taken)
        taken.add(question.slug)

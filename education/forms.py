import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .importer import MAX_FILE_BYTES, ImportProblem, decode, parse_text
from .models import Article

MAX_QUERY_CHARS = 200
# Control characters (NUL and the like) mean nothing in a search and PostgreSQL refuses NUL.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class QueryField(forms.CharField):
    """Control characters become spaces before validation, so a stray NUL is not an error."""

    def to_python(self, value):
        return " ".join(_CONTROL_CHARACTERS.sub(" ", super().to_python(value)).split())


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search the answers"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        error_messages={
            "max_length": _(
                "That search is too long. Try a few words, such as “side effects” "
                "or “insurance” (at most %(limit_value)d characters)."
            )
        },
    )


class SourcesField(forms.CharField):
    """Sources edited as text, one per line: ``https://example.org/page | Optional label``;
    stored as ``[{"url": ..., "label": ...}]``."""

    widget = forms.Textarea(attrs={"rows": 3})
    _validate_url = URLValidator(schemes=["http", "https"])

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{source['url']} | {source['label']}" if source.get("label") else source["url"]
                for source in value
            )
        return value

    def to_python(self, value):
        sources = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            url, _, label = (part.strip() for part in line.partition("|"))
            if not url:
                continue
            try:
                self._validate_url(url)
            except ValidationError:
                raise ValidationError(
                    "Line %(number)d: “%(url)s” is not a web address starting with http:// "
                    "or https://.",
                    code="invalid_source",
                    params={"number": number, "url": url},
                ) from None
            sources.append({"url": url, "label": label})
        return sources


class ArticleAdminForm(forms.ModelForm):
    sources = SourcesField(
        required=False,
        help_text=Article._meta.get_field("sources").help_text,
    )

    class Meta:
        model = Article
        fields = [
            "question",
            "title",
            "slug",
            "summary",
            "body",
            "status",
            "order",
            "sources",
            "last_reviewed",
            "reviewed_by",
            "next_review_due",
            "language",
            "translation_of",
        ]

    def clean(self):
        cleaned = super().clean()
        reviewed, due = cleaned.get("last_reviewed"), cleaned.get("next_review_due")
        if reviewed and due and due < reviewed:
            self.add_error(
                "next_review_due",
                ValidationError(
                    "The next review must be due after the last review.", code="due_before_review"
                ),
            )
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Q&A text file",
        help_text="A plain text file in UTF-8, at most 1 MB: a line ending in “?” starts a "
        "question; each line after it is one answer, “Title. The answer ...”.",
    )

    def __init__(self, *args, upload_too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        if upload_too_large:
            # The upload handler dropped the file, so the field sees none.
            self.fields["file"].error_messages["required"] = self.too_large_message

    too_large_message = "The file is larger than 1 MB. Is it really a Q&A text file?"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(self.too_large_message, code="too_large")
        try:
            self.text = decode(upload.read())
            self.questions = parse_text(self.text)
        except ImportProblem as problem:
            raise ValidationError(
                "%(problem)s Nothing was imported.",
                code="bad_document",
                params={"problem": problem},
            ) from None
        return upload

    @property
    def answer_count(self):
        return sum(len(question.answers) for question in self.questions)

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from education import services
from education.importer import MAX_FILE_BYTES, ImportProblem, parse_document

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def language_of(file: Path) -> str:
    """The language a bundled document's name gives: ``*.es.txt`` is Spanish, else English."""
    parts = file.name.split(".")
    if len(parts) >= 3 and parts[-2] in LANGUAGES:
        return parts[-2]
    return "en"


def original_of(file: Path, language: str) -> Path | None:
    """The English document a ``NAME.<language>.txt`` file translates: ``NAME.txt`` beside it."""
    suffix = f".{language}{file.suffix}"
    if language == "en" or not file.name.endswith(suffix):
        return None
    return file.with_name(file.name.removesuffix(suffix) + file.suffix)


def read(file: Path):
    if file.stat().st_size > MAX_FILE_BYTES:
        raise ImportProblem(
            f"The file is {file.stat().st_size:,} bytes; the limit is "
            f"{MAX_FILE_BYTES:,} bytes (1 MB)."
        )
    return parse_document(file.read_bytes())


class Command(BaseCommand):
    help = (
        "Import a Q&A text document (a line ending in '?' starts a question; each following "
        "line is an answer 'Title. Body'). Idempotent and all or nothing; answers edited in the "
        "admin since they were imported are kept as they are. NAME.es.txt is Spanish and "
        "translates NAME.txt (imported first), question by question and answer by answer."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the Q&A text file, UTF-8")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            help="the document's language (default: from the name, NAME.es.txt is Spanish)",
        )

    def handle(self, *args, path, language=None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        language = language or language_of(file)
        original = original_of(file, language)
        try:
            questions = read(file)
            if original is not None and not original.is_file():
                raise ImportProblem(
                    f"it translates {original.name}, which is not beside it. Put the English "
                    "document next to it, or give another --language."
                )
            originals = read(original) if original is not None else None
            report = services.import_qa(questions=questions, language=language, originals=originals)
        except ImportProblem as problem:
            raise CommandError(f"{path}: {problem} Nothing was imported.", returncode=2) from None
        except OSError as error:
            raise CommandError(
                f"{path}: cannot read it ({error.strerror}).", returncode=2
            ) from None
        self.stdout.write(f"Imported {path}.")
        for line in report.lines():
            self.stdout.write(line)

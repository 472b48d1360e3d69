from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from education import services
from education.importer import MAX_FILE_BYTES, ImportProblem, parse_document


class Command(BaseCommand):
    help = (
        "Import a Q&A text document (a line ending in '?' starts a question; each following "
        "line is an answer 'Title. Body'). Idempotent and all or nothing; answers edited in the "
        "admin since they were imported are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the Q&A text file, UTF-8")

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise ImportProblem(
                    f"The file is {file.stat().st_size:,} bytes; the limit is "
                    f"{MAX_FILE_BYTES:,} bytes (1 MB)."
                )
            questions = parse_document(file.read_bytes())
        except ImportProblem as problem:
            raise CommandError(f"{path}: {problem} Nothing was imported.", returncode=2) from None
        except OSError as error:
            raise CommandError(
                f"{path}: cannot read it ({error.strerror}).", returncode=2
            ) from None
        report = services.import_qa(questions=questions)
        self.stdout.write(f"Imported {path}.")
        for line in report.lines():
            self.stdout.write(line)

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.eligibility.case_json import CaseError
from intake.services.evaluation import ProfileError, evaluate_case_text

MAX_FILE_BYTES = 1_000_000  # a case is a few kilobytes; anything this big is the wrong file


class Command(BaseCommand):
    help = (
        "Read one case in the case JSON form (see docs/contract.md) and print its eligibility "
        "evaluation as JSON. Uses the clinic's default criteria profile unless --profile names "
        "another. Bad input: a message on stderr and exit status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the case JSON file, UTF-8")
        parser.add_argument(
            "--profile", metavar="KEY", help="the key of a criteria profile, e.g. fda-label"
        )

    def handle(self, *args, path, profile=None, **options):
        text = _read(path)
        try:
            result = evaluate_case_text(text, profile)
        except CaseError as error:
            raise CommandError(f"{path}: {error}", returncode=2) from None
        except ProfileError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))


def _read(path):
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file.", returncode=2)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(
                f"{path}: the file is {file.stat().st_size:,} bytes; a case is at most "
                f"{MAX_FILE_BYTES:,} bytes.",
                returncode=2,
            )
        data = file.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: cannot read it ({error.strerror}).", returncode=2) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path}: the file is not UTF-8 text.", returncode=2) from None

from django.core.management.base import BaseCommand, CommandError

from intake.setup.loader import SetupError, load_clinic_setup


class Command(BaseCommand):
    help = (
        "Load the clinic's set-up data (medication catalogue, criteria profiles, note texts, "
        '"why we ask" lines, staff groups) from intake/setup/*.json. Idempotent and all or '
        "nothing; rows edited in the admin since they were loaded are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say what would change, and change nothing",
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            report = load_clinic_setup(dry_run=dry_run)
        except SetupError as error:
            raise CommandError(f"{error} Nothing was loaded.", returncode=2) from None
        if dry_run:
            self.stdout.write("Dry run: nothing was written. A load would have done this:")
        else:
            self.stdout.write("Loaded the clinic set-up.")
        # Each row created is listed with -v 2; each row updated or kept, always.
        for line in report.lines(list_created=options["verbosity"] > 1):
            self.stdout.write(line)

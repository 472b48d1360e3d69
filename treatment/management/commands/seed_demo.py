from io import StringIO

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from education.bundled import import_bundled_documents
from education.models import Article
from intake.roles import CLINICAL_REVIEWERS, CONTENT_EDITORS
from treatment.demo import DEFAULT_PASSWORD, PATIENTS, STAFF, seed_demo


class Command(BaseCommand):
    help = (
        "Development only: a small demo clinic to look around in (staff, patients with an "
        "intake in each status, TMS courses with sessions and check-ins). Idempotent; prints "
        "the logins. Refuses when DEBUG is off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="the password of every demo account"
        )
        parser.add_argument(
            "--force", action="store_true", help="run even though DEBUG is off (not for real data)"
        )

    def handle(self, *args, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo makes accounts with a known password: it is for a local or demo site "
                "(DEBUG=true). To run it anyway on a site with no real patients: --force",
                returncode=2,
            )
        if not password.strip():
            raise CommandError("The password cannot be empty.", returncode=2)
        self._prepare()
        report = seed_demo(password=password)
        if report.created:
            created = f"Demo clinic: created {len(report.created)} accounts with their data."
            self.stdout.write(self.style.SUCCESS(created))
        elif report.passwords_set:
            self.stdout.write("The demo clinic is already there; only its password changed.")
        else:
            self.stdout.write("Nothing changed: the demo clinic is already there.")
        if report.passwords_set:
            self.stdout.write(f"Password set again for {len(report.passwords_set)} accounts.")
        self._logins(password, report)

    def _prepare(self):
        """The staff groups and the articles the notes link to, when not loaded yet."""
        if Group.objects.filter(name__in=[CLINICAL_REVIEWERS, CONTENT_EDITORS]).count() != 2:
            call_command("load_clinic_setup", stdout=StringIO())
            self.stdout.write("Loaded the clinic set-up first (load_clinic_setup).")
        if not Article.objects.exists():
            import_bundled_documents()
            self.stdout.write("Imported the bundled Q&A first (import_qa).")

    def _logins(self, password, report):
        write = self.stdout.write
        write(f"\nEvery demo account's password: {password}")
        write("Patients sign in at /accounts/login/ (then /intake/ and /treatment/):")
        for spec in PATIENTS:
            write(f"  {spec.email:30} {spec.what}")
        write("Staff sign in at /admin/:")
        for email, _name, group in STAFF:
            write(f"  {email:30} {group}")
        write(
            "Staff use two-step sign-in: after the password the site asks for a code. Give one "
            "of these recovery codes (each works once); then set up an authenticator app on "
            "/accounts/security/ if you like."
        )
        for email, codes in report.recovery_codes.items():
            shown = " ".join(codes) if codes else "none left: python manage.py reset_two_factor"
            write(f"  {email:30} {shown}")

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.identity import email_key


class Command(BaseCommand):
    help = (
        "Development only: make sure a local staff login exists. On first creation it gets a "
        "random password, printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default="staff@localhost")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_local_staff is for local development (DEBUG=true) only. In production, "
                "create staff accounts with: python manage.py createsuperuser"
            )
        User = get_user_model()
        change = f".venv/bin/python manage.py changepassword {email}"
        if User.objects.filter(email_key=email_key(email)).exists():
            self.stdout.write(
                f"Local staff login: {email} (its password was printed when it was created; "
                f"to set a new one: {change})"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(email=email, password=password, full_name="Local staff")
        self.stdout.write(
            self.style.SUCCESS("Created a local staff login for http://127.0.0.1:8000/admin/")
            + f"\n  email:    {email}\n  password: {password}\n"
            f"This password is shown only once. To change it: {change}"
        )

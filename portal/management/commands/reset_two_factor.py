from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = (
        "Remove an account's two-step sign-in (authenticator app and recovery codes), for a "
        "person who lost both. They set it up again at their next sign-in to the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(email)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account has the email address {email}.") from None
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        self.stdout.write(f"Removed {removed} two-step sign-in device(s) from {user.email}.")

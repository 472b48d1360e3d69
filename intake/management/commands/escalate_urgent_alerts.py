from django.core.management.base import BaseCommand

from intake.services.urgent import escalate_due_alerts


class Command(BaseCommand):
    help = (
        "Send again each urgent alert left unacknowledged for URGENT_ESCALATE_MINUTES (once), "
        "and try again the alert mails that failed. Celery beat runs the same every 5 minutes; "
        "this command is for a clinic that prefers cron (docs/urgent-path.md)."
    )

    def handle(self, *args, **options):
        count = escalate_due_alerts()
        self.stdout.write(f"{count} urgent alert(s) escalated.")

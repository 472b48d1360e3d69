"""Mail that leaves the portal, sent through Celery once the transaction commits.

No mail carries patient data: callers say that there is something to read and link to it.
"""

from django.db import transaction


def queue_mail(*, to, subject, body, kind=""):
    """Send ``subject`` and ``body`` to the addresses in ``to`` after the current transaction
    commits (so a rolled-back write sends nothing). ``kind`` names the mail in the logs."""
    from .tasks import send_mail_task

    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    subject = " ".join(subject.split())
    transaction.on_commit(
        lambda: send_mail_task.delay(to=recipients, subject=subject, body=body, kind=kind)
    )

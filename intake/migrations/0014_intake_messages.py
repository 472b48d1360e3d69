"""The thread of messages between patient and clinic on an intake (docs/messages.md); the
queue's "patient wrote last" mark; the clinic's earlier "needs more information" requests put
into the thread; and the urgent note's patient wording, which promised a call "today" that
nobody had promised (only what the clinic sets is promised now). A note text a staff member
edited since it was seeded is left as it is. Reversible."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

URGENT_WORDING = (
    "You told us that you have had thoughts that you would be better off dead, or of hurting "
    "yourself. Thank you for telling us. A clinician from our team will reach out to you today. "
    "If you might act on these thoughts, or you are in danger now, call or text 988 (the "
    "Suicide and Crisis Lifeline) or call 911 right away.",
    "You told us that you have had thoughts that you would be better off dead, or of hurting "
    "yourself. Thank you for telling us. The clinic's care team has been told about this "
    "answer. If you might act on these thoughts, or you are in danger now, call or text 988 "
    "(the Suicide and Crisis Lifeline) or call 911 right away.",
)


def _urgent_wording(apps, old_index, new_index):
    NoteText = apps.get_model("intake", "NoteText")
    NoteText.objects.filter(code="urgent.item9", patient_text=URGENT_WORDING[old_index]).update(
        patient_text=URGENT_WORDING[new_index]
    )


def forward(apps, schema_editor):
    _urgent_wording(apps, 0, 1)
    # Each earlier request for more information starts its intake's thread.
    StatusChange = apps.get_model("intake", "StatusChange")
    IntakeMessage = apps.get_model("intake", "IntakeMessage")
    IntakeMessage.objects.bulk_create(
        IntakeMessage(
            intake_id=change.intake_id,
            author_id=change.by_id,
            from_clinic=True,
            body=change.message,
            created_at=change.at,
        )
        for change in StatusChange.objects.filter(to_status="needs_info").exclude(message="")
    )


def backward(apps, schema_editor):
    _urgent_wording(apps, 1, 0)  # the thread's table goes with the next step back


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0013_urgent_alerts_and_followup"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="intake",
            name="patient_wrote_last",
            field=models.BooleanField(
                default=False,
                help_text="The patient's message is the latest in the thread: it waits for an answer.",
                verbose_name="patient wrote last",
            ),
        ),
        migrations.CreateModel(
            name="IntakeMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "from_clinic",
                    models.BooleanField(
                        help_text="Written by the clinic's staff, not the patient."
                    ),
                ),
                ("body", models.TextField(max_length=2000)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "intake",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="intake.intake",
                    ),
                ),
            ],
            options={
                "verbose_name": "message",
                "verbose_name_plural": "messages",
                "ordering": ["intake", "created_at", "pk"],
                "indexes": [
                    models.Index(fields=["intake", "created_at"], name="intake_message_thread_idx")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]

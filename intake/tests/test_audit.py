"""The audit trail: every staff view and export (our AccessEvent), every status change and edit
of patient data (django-auditlog), with who, when and from which address; read-only in the
admin."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from intake.models import AccessEvent, Intake, StatusChange
from intake.services.review import close_intake, start_review

from .factories import submitted_intake

pytestmark = pytest.mark.django_db


def _entries(model, **filters):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), **filters)


def test_a_staff_view_of_an_intake_is_recorded(reviewer_client, reviewer):
    intake = submitted_intake()
    reviewer_client.get(
        reverse("admin:intake_intake_change", args=[intake.pk]), REMOTE_ADDR="203.0.113.9"
    )
    event = AccessEvent.objects.get()
    assert (event.user, event.user_email, event.action) == (reviewer, reviewer.email, "view")
    assert event.intake_id == intake.pk
    assert event.remote_addr == "203.0.113.9"
    assert event.at is not None


def test_a_refused_view_records_nothing(editor_client):
    intake = submitted_intake()
    editor_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    assert not AccessEvent.objects.exists()


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted(reviewer_client, settings):
    intake = submitted_intake()
    url = reverse("admin:intake_intake_change", args=[intake.pk])
    reviewer_client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessEvent.objects.get().remote_addr == "10.0.0.2"

    settings.TRUSTED_PROXY_COUNT = 1
    AccessEvent.objects.all().delete()
    reviewer_client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert AccessEvent.objects.get().remote_addr == "198.51.100.7"


def test_status_changes_are_in_the_audit_log_with_actor_and_address(reviewer_client, reviewer):
    intake = submitted_intake()
    reviewer_client.post(
        reverse("admin:intake_intake_start", args=[intake.pk]), REMOTE_ADDR="203.0.113.5"
    )
    entry = _entries(StatusChange, action=LogEntry.Action.CREATE).latest("timestamp")
    assert entry.actor == reviewer
    assert entry.remote_addr == "203.0.113.5"
    assert "in_review" in str(entry.changes)


def test_assigning_is_in_the_audit_log(reviewer_client, reviewer):
    intake = submitted_intake()
    reviewer_client.post(reverse("admin:intake_intake_assign", args=[intake.pk]))
    entry = _entries(Intake, object_pk=str(intake.pk), action=LogEntry.Action.UPDATE).latest(
        "timestamp"
    )
    assert entry.actor == reviewer
    assert "assigned_to" in entry.changes_dict


def test_a_close_records_status_outcome_and_countersignature_in_the_audit_log(reviewer):
    intake = submitted_intake()
    start_review(intake=intake, by=reviewer)
    entries = _entries(Intake, object_pk=str(intake.pk), action=LogEntry.Action.UPDATE)
    before = entries.count()
    with set_actor(reviewer):
        close_intake(
            intake=intake, by=reviewer, outcome="consultation", countersignature="rita reviewer"
        )
    assert entries.count() == before + 1
    changes = entries.latest("timestamp").changes_dict
    assert changes["status"] == ["in_review", "closed"]
    assert changes["outcome"][1] == "consultation"
    assert changes["countersigned_name"][1] == "Rita Reviewer"
    assert changes["countersigned_by"][1] == str(reviewer.pk)
    assert changes["countersigned_at"][0] == "None"
    assert "closed_at" in changes
    assert entries.latest("timestamp").actor == reviewer


def test_a_patients_edit_of_an_answer_is_in_the_audit_log(client, complete_intake, save, patient):
    before = _entries(Intake).count()
    save("phq9", phq9_2="0")
    entry = _entries(Intake, action=LogEntry.Action.UPDATE).latest("timestamp")
    assert _entries(Intake).count() == before + 1
    assert entry.actor == patient
    assert entry.changes_dict["phq9_2"] == ["3", "0"]


@pytest.mark.parametrize("model", ["accessevent", "logentry"])
def test_nobody_can_change_or_delete_the_log_in_the_admin(admin_client, model):
    intake = submitted_intake()
    admin_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    app = "intake" if model == "accessevent" else "auditlog"
    row = AccessEvent.objects.first() if model == "accessevent" else LogEntry.objects.first()
    changelist = reverse(f"admin:{app}_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    change = admin_client.get(reverse(f"admin:{app}_{model}_change", args=[row.pk]))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    delete = reverse(f"admin:{app}_{model}_delete", args=[row.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


def test_reviewers_can_read_the_log(reviewer_client):
    assert reviewer_client.get(reverse("admin:intake_accessevent_changelist")).status_code == 200
    assert reviewer_client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200

"""The admin's edges: deletion leaves nothing in the audit trail, reading the
audit log is audited, hostile input in the admin gives no server error, and smaller edges."""

import pytest
from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse

from intake.models import AccessEvent
from intake.services import rights

from .admin_helpers import export_csv

pytestmark = pytest.mark.django_db


def _carry_out(client, reviewer, deletion_request):
    client.force_login(reviewer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("admin:intake_deletionrequest_changelist"),
            {"action": "carry_out", "_selected_action": [deletion_request.pk]},
            follow=True,
        )


# --- 3. Deletion leaves nothing behind in the audit trail ---------------------------------------


def test_deletion_removes_log_entries_of_parts_deleted_earlier_and_export_searches(
    client, complete_intake, reviewer
):
    intake = complete_intake
    trial = intake.trials.first()
    extra = type(trial).objects.create(
        intake=intake, position=9, medication=trial.medication, side_effects="GONE-TEXT rash"
    )
    extra.side_effects = "GONE-TEXT rash and headache"
    extra.save()
    extra.delete()  # removed earlier: its log entries stay behind
    client.force_login(reviewer)
    response = export_csv(client, {"q": "alice@example.com"}, free_text=True)
    assert response.status_code == 200
    client.get(reverse("admin:intake_intake_changelist"), {"q": "Alice Example"})
    assert LogEntry.objects.filter(changes__icontains="GONE-TEXT").exists()
    assert AccessEvent.objects.filter(detail__icontains="alice%40example.com").exists()

    deletion_request, _ = rights.request_deletion(patient=intake.patient)
    _carry_out(client, reviewer, deletion_request)

    for entry in LogEntry.objects.all():
        text = f"{entry.object_repr} {entry.changes_text} {entry.changes} {entry.serialized_data}"
        for secret in ("GONE-TEXT", "alice@example.com", "Alice Example"):
            assert secret.lower() not in text.lower(), (secret, text)
    for event in AccessEvent.objects.all():
        text = f"{event.user_email} {event.detail}".lower()
        for secret in ("GONE-TEXT", "alice@example.com", "alice%40example.com", "Alice+Example"):
            assert secret.lower() not in text, (secret, text)
    csv_event = AccessEvent.objects.get(action=AccessEvent.Action.CSV)
    assert "[removed]" in csv_event.detail


def test_deletion_leaves_other_patients_audit_trail_alone(client, complete_intake, reviewer):
    from .factories import submitted_intake

    # Another patient who shares part of the name ("Alice Example") and a similar export search.
    other = submitted_intake(legal_name="Alice Other")
    other_entries = set(LogEntry.objects.get_for_object(other).values_list("pk", flat=True))
    for trial in other.trials.all():
        other_entries |= set(LogEntry.objects.get_for_object(trial).values_list("pk", flat=True))
    assert other_entries
    client.force_login(reviewer)
    export_csv(client, {"q": "Alice Other"})
    deletion_request, _ = rights.request_deletion(patient=complete_intake.patient)
    _carry_out(client, reviewer, deletion_request)
    assert other_entries <= set(LogEntry.objects.values_list("pk", flat=True))
    assert AccessEvent.objects.filter(detail__contains="q=Alice+Other").exists()


# --- 4. Reading answers through the audit log is audited ----------------------------------------


def test_opening_an_audit_entry_about_an_intake_records_an_access_event(
    client, complete_intake, reviewer
):
    trial = complete_intake.trials.first()
    entry = LogEntry.objects.get_for_object(trial).first()
    client.force_login(reviewer)
    before = AccessEvent.objects.filter(user=reviewer, action=AccessEvent.Action.VIEW).count()
    response = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert response.status_code == 200
    events = AccessEvent.objects.filter(user=reviewer, action=AccessEvent.Action.VIEW)
    assert events.count() == before + 1
    event = events.latest("at")
    assert event.intake_id == complete_intake.pk
    assert f"Audit log entry {entry.pk}" in event.detail


def test_an_audit_entry_of_a_deleted_part_still_names_its_intake(client, complete_intake, reviewer):
    trial = complete_intake.trials.first()
    trial_pk = trial.pk
    trial.delete()
    entry = LogEntry.objects.filter(object_pk=str(trial_pk), action=LogEntry.Action.DELETE).get()
    client.force_login(reviewer)
    client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    event = AccessEvent.objects.filter(user=reviewer).latest("at")
    assert event.intake_id == complete_intake.pk


def test_opening_the_audit_log_list_records_an_access_event(client, complete_intake, reviewer):
    client.force_login(reviewer)
    url = reverse("admin:auditlog_logentry_changelist")
    assert client.head(url).status_code == 200
    assert not AccessEvent.objects.filter(user=reviewer).exists()
    response = client.get(url, {"q": "Sertraline"})
    assert response.status_code == 200
    assert response.context["cl"].result_count  # it shows entries about the patient's data
    event = AccessEvent.objects.get(user=reviewer)
    assert event.action == AccessEvent.Action.VIEW
    assert event.detail == "Audit log list; filters: q=Sertraline"


def test_the_audit_log_list_records_nothing_for_who_cannot_open_it(editor_client):
    url = reverse("admin:auditlog_logentry_changelist")
    assert editor_client.get(url).status_code == 403
    assert not AccessEvent.objects.exists()


# --- 5. Hostile input in the admin: no server error (run on PostgreSQL) -------------------------


@pytest.mark.parametrize(
    "address",
    [
        "/admin/intake/intake/?status__exact=%00",
        "/admin/intake/intake/?profile=%00",
        "/admin/intake/intake/?severity=%00",
        "/admin/intake/intake/?q=a%00b",
        "/admin/intake/accessevent/?remote_addr=%00",
        "/admin/intake/accessevent/?q=%00",
        "/admin/autocomplete/?term=%00&app_label=intake&model_name=intake&field_name=patient",
        "/admin/auditlog/logentry/?q=%00",
    ],
)
def test_a_nul_byte_in_an_admin_address_is_refused_not_a_server_error(client, reviewer, address):
    client.raise_request_exception = False
    client.force_login(reviewer)
    response = client.get(address)
    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"


def test_the_audit_log_search_works(client, complete_intake, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("admin:auditlog_logentry_changelist"), {"q": "alice"})
    assert response.status_code == 200
    response = client.get(reverse("admin:auditlog_logentry_changelist"), {"q": "Sertraline"})
    assert response.status_code == 200


# --- 11. Smaller edges --------------------------------------------------------------------------


def test_view_on_site_answers_a_content_editor_alike_for_existing_and_missing_intakes(
    client, complete_intake, editor, reviewer
):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(complete_intake)
    existing = reverse("admin:view_on_site", args=[content_type.pk, complete_intake.pk])
    missing = reverse("admin:view_on_site", args=[content_type.pk, complete_intake.pk + 999])
    client.force_login(editor)
    assert client.get(existing).status_code == client.get(missing).status_code == 404
    client.force_login(reviewer)
    assert client.get(existing).status_code == 302
    assert client.get(missing).status_code == 404


def test_the_content_history_page_has_no_inline_style(admin_client):
    from education.tests.factories import ArticleFactory

    article = ArticleFactory()
    response = admin_client.get(reverse("admin:education_article_history", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "history-paginator" in html
    assert 'style="border-top: 0"' not in html


def test_static_files_and_the_400_page_forbid_framing(client):
    static = client.get("/static/css/admin.css")
    assert static.status_code == 200
    assert static["X-Frame-Options"] == "DENY"
    bad_host = client.get("/", HTTP_HOST="evil.example")
    assert bad_host.status_code == 400
    assert bad_host["X-Frame-Options"] == "DENY"


def test_head_on_the_data_downloads_records_no_export(client, complete_intake):
    client.force_login(complete_intake.patient)
    exports = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    assert client.head(reverse("my_data_json")).status_code == 200
    assert client.head(reverse("my_data_fhir", args=[complete_intake.pk])).status_code == 200
    assert exports.count() == 0
    client.get(reverse("my_data_json"))
    assert exports.count() == 1


def test_a_filemail_url_keeps_an_absolute_folder_absolute():
    from portal import settings as project_settings
    from portal.env import email_file_path

    base = project_settings.BASE_DIR
    assert email_file_path("filemail:///var/mail/portal", base_dir=base) == "/var/mail/portal"
    relative = email_file_path("filemail://tmp/mails", base_dir=base)
    assert relative == str(base / "tmp" / "mails")


def test_the_settings_read_an_absolute_filemail_folder_as_absolute():
    import os
    import subprocess
    import sys

    from portal import settings as project_settings

    env = {**os.environ, "DEBUG": "true", "EMAIL_URL": "filemail:///var/mail/portal"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.EMAIL_FILE_PATH)"],
        cwd=project_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.strip() == "/var/mail/portal", shown.stderr
